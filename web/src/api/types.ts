// Wire types of the VinylDigger REST API (SPEC §2, plus the run and price-history endpoints the
// backend team added). Field names are exactly the JSON keys.

export type Uuid = string;
/** RFC 3339 / ISO-8601 timestamp string. */
export type Timestamp = string;

export type Platform = 'discogs' | 'ebay';
export type SearchPlatform = Platform | 'both';
export type Provider = 'discogs' | 'ebay';

export interface Health {
  status: string;
  /** "sandbox" when the backend serves fixture data from the local sandbox marketplace. */
  marketplace?: string;
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: string;
}

export interface User {
  id: Uuid;
  email: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Not in SPEC §2.2; honoured when the backend adds it, otherwise the e-mail domain rule applies. */
  is_admin?: boolean;
}

export interface MessageResponse {
  message: string;
}

export interface Preferences {
  min_record_condition: string;
  min_sleeve_condition: string;
  seller_location_preference: string;
  check_interval_hours: number;
}

export type PreferencesUpdate = Partial<{ [K in keyof Preferences]: Preferences[K] | null }>;

export interface AppConfig {
  provider: Provider;
  consumer_key: string;
  callback_url: string | null;
  redirect_uri: string | null;
  scope: string | null;
  is_configured: boolean;
}

export interface AppConfigInput {
  provider: Provider;
  consumer_key: string;
  consumer_secret: string;
  callback_url?: string | null;
  redirect_uri?: string | null;
  scope?: string | null;
}

export interface OAuthStatus {
  provider: Provider;
  is_configured: boolean;
  is_authorized: boolean;
  username: string | null;
}

export interface AuthorizeResponse {
  authorization_url: string;
  state: string;
}

export interface OAuthDone {
  message: string;
  username: string;
}

export interface SavedSearch {
  id: Uuid;
  name: string;
  query: string;
  platform: SearchPlatform;
  filters: Record<string, unknown>;
  is_active: boolean;
  check_interval_hours: number;
  last_run_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  min_record_condition: string | null;
  min_sleeve_condition: string | null;
  seller_location_preference: string | null;
}

export interface SearchInput {
  name: string;
  query: string;
  platform: SearchPlatform;
  check_interval_hours: number;
  min_record_condition: string | null;
  min_sleeve_condition: string | null;
  seller_location_preference: string | null;
  filters?: Record<string, unknown>;
}

export type SearchUpdate = Partial<SearchInput> & { is_active?: boolean };

/** Normalised listing (SPEC §4.3 / §4.4). Every key is optional: Discogs and eBay differ. */
export interface ItemData {
  id?: string | number;
  release_id?: string | number | null;
  title?: string;
  name?: string;
  artist?: string;
  artists_sort?: string;
  album?: string;
  year?: string | number | null;
  format?: string[] | string;
  label?: string[] | string;
  catno?: string;
  thumb?: string;
  cover_image?: string;
  image_url?: string;
  uri?: string;
  item_url?: string;
  item_web_url?: string;
  resource_url?: string;
  price?: number | string | { value?: number | string; currency?: string } | null;
  current_price?: number | string | { value?: number | string; currency?: string } | null;
  currency?: string;
  condition?: string | null;
  sleeve_condition?: string | null;
  shipping_price?: number | null;
  shipping_cost?: number | null;
  total_price?: number;
  seller?: {
    id?: string | number | null;
    username?: string;
    url?: string;
    rating?: number;
    feedback_percentage?: string | number;
    feedback_score?: number;
  } | null;
  location?: string | { city?: string; state?: string; country?: string; postal_code?: string } | null;
  [key: string]: unknown;
}

export interface SearchResult {
  id: Uuid;
  platform: Platform;
  item_id: string;
  item_data: ItemData;
  is_in_collection: boolean;
  is_in_wantlist: boolean;
  created_at: Timestamp;
}

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface SearchRun {
  id: Uuid;
  search_id: Uuid;
  status: RunStatus;
  platforms: Platform[];
  pending: Platform[];
  listings: Partial<Record<Platform, number>>;
  errors: Partial<Record<Platform, string>>;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface SellerRef {
  id: Uuid;
  name: string;
  location: string | null;
  feedback_score: number | null;
}

export type DealScore = 'EXCELLENT' | 'VERY_GOOD' | 'GOOD' | 'FAIR' | 'POOR';
export type RecommendationType =
  | 'MULTI ITEM DEAL'
  | 'BEST PRICE'
  | 'CONDITION VALUE'
  | 'LOCATION PREFERENCE'
  | 'HIGH FEEDBACK';

export interface AnalysisSummary {
  id: Uuid;
  total_results: number;
  total_sellers: number;
  multi_item_sellers: number;
  min_price: number | null;
  max_price: number | null;
  avg_price: number | null;
  wantlist_matches: number;
  collection_duplicates: number;
  new_discoveries: number;
  /** Listings left out of every amount because they are not priced in US dollars. */
  other_currency_results?: number;
  completed_at: Timestamp | null;
}

export interface Recommendation {
  id: Uuid;
  type: RecommendationType;
  deal_score: DealScore;
  score_value: number;
  title: string;
  description: string;
  recommendation_reason: string;
  total_items: number;
  wantlist_items: number;
  total_value: number;
  estimated_shipping: number | null;
  total_cost: number;
  potential_savings: number | null;
  seller: SellerRef | null;
  item_ids: string[];
}

export interface SellerAnalysis {
  rank: number;
  total_items: number;
  wantlist_items: number;
  total_value: number;
  estimated_shipping: number | null;
  overall_score: number;
  price_competitiveness: number;
  inventory_depth_score: number;
  seller_reputation_score: number;
  location_preference_score: number;
  seller:
    | (SellerRef & { country_code: string | null; total_feedback_count: number | null })
    | null;
}

export type AnalysisResponse =
  | { search_id: Uuid; analysis_completed: false; message: string }
  | {
      search_id: Uuid;
      analysis_completed: true;
      analysis: AnalysisSummary;
      recommendations: Recommendation[];
      seller_analyses: SellerAnalysis[];
    };

export interface MultiItemDeal {
  seller: SellerRef | null;
  total_items: number;
  wantlist_items: number;
  total_value: number;
  estimated_shipping: number | null;
  total_cost: number;
  potential_savings: number | null;
  deal_score: DealScore;
  item_ids: string[];
}

export interface MultiItemDealsResponse {
  search_id: Uuid;
  multi_item_deals: MultiItemDeal[];
  message?: string;
}

export interface ComparisonListing {
  id: Uuid;
  platform: Platform;
  price: number | null;
  shipping_price: number | null;
  condition: string | null;
  item_data: ItemData;
  seller: SellerRef | null;
  is_in_wantlist: boolean;
  is_in_collection: boolean;
}

export interface PriceComparisonGroup {
  item_match: {
    id: Uuid | null;
    canonical_title: string;
    canonical_artist: string;
    total_matches: number;
  };
  listings: ComparisonListing[];
}

export interface PriceComparisonResponse {
  search_id: Uuid;
  price_comparisons: PriceComparisonGroup[];
}

export interface CollectionStatus {
  id: string;
  item_count: number;
  last_sync_at: Timestamp | null;
}

export interface ListingPriceHistory {
  platform: Platform;
  listing_id: string;
  points: { at: Timestamp; price: number; currency: string }[];
}

export interface ReleasePriceHistory {
  release_id: string;
  days: { day: string; min: number; max: number; avg: number; count: number }[];
}

/** FastAPI-style validation error item (422). */
export interface ValidationIssue {
  type?: string;
  loc?: (string | number)[];
  msg?: string;
}
