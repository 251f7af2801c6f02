// The names the app gives the API's wire types. The types themselves are generated from the API's
// OpenAPI document (openapi.json -> schema.d.ts, `npm run gen:api`); nothing here restates a field
// the document states. The document is looser than the wire in a few ways; each narrowing is in the
// section at the end of this file, with the reason.

import type { components } from './schema';

type Schemas = components['schemas'];

export type Health = Schemas['Health'];
export type TokenPair = Schemas['TokenResponse'];
export type MessageResponse = Schemas['Message'];
export type User = Schemas['UserResponse'] & AdminFlag;

export type Preferences = Schemas['PreferencesResponse'];
export type PreferencesUpdate = Schemas['PreferencesUpdate'];
export type ConditionCode = Preferences['min_record_condition'];
export type LocationCode = Preferences['seller_location_preference'];

export type AppConfig = Narrowed<Sent<Schemas['AppConfigResponse']>, { provider: Provider }>;
export type AppConfigInput = Narrowed<Schemas['AppConfigRequest'], { provider: Provider }>;
export type OAuthStatus = Narrowed<Sent<Schemas['OAuthStatus']>, { provider: Provider }>;
export type AuthorizeResponse = Schemas['AuthorizeResponse'];
export type OAuthDone = Schemas['Authorized'];

export type SearchFilters = Schemas['SearchFilters'];
export type SavedSearch = With<Sent<Omit<Schemas['SavedSearchResponse'], 'filters'>>, { filters: SearchFilters }>;
export type SearchInput = Schemas['CreateSearch'];
export type SearchUpdate = Partial<SearchInput> & Pick<Schemas['UpdateSearch'], 'is_active'>;
export type SearchResult = Narrowed<Sent<Schemas['SearchResultResponse']>, { platform: Platform; item_data: ItemData }>;
export type SearchRun = Narrowed<
  Sent<Schemas['RunResponse']>,
  {
    status: RunStatus;
    platforms: Platform[];
    pending: Platform[];
    listings: Partial<Record<Platform, number>>;
    errors: Partial<Record<Platform, string>>;
  }
>;

export type SellerRef = Sent<Schemas['SellerSummary']>;
export type AnalysisSummary = Sent<Schemas['AnalysisSummaryView']>;
export type Recommendation = Narrowed<Sent<Schemas['RecommendationView']>, { type: RecommendationType; deal_score: DealScore }>;
export type SellerAnalysis = Sent<Schemas['SellerAnalysisView']>;
export type AnalysisResponse = AnalysisPending | AnalysisDone;
export type MultiItemDeal = Narrowed<Sent<Schemas['DealView']>, { deal_score: DealScore }>;
export type MultiItemDealsResponse = With<Schemas['DealsResponse'], { multi_item_deals: MultiItemDeal[] }>;
export type ComparisonListing = Narrowed<Sent<Schemas['OfferView']>, { platform: Platform; item_data: ItemData }>;
export type PriceComparisonGroup = With<Sent<Schemas['PriceGroupView']>, { listings: ComparisonListing[] }>;
export type PriceComparisonResponse = With<Schemas['PriceComparisonResponse'], { price_comparisons: PriceComparisonGroup[] }>;
export type CollectionStatus = Sent<Schemas['CollectionStatus']>;
export type ListingPriceHistory = Narrowed<Schemas['ListingHistory'], { platform: Platform }>;
export type ReleasePriceHistory = Schemas['ReleaseHistory'];

// ---------------------------------------------------------------------------------------------
// Narrowings: where the document is looser than what the API sends. Each should go once the
// document states it (in the API's views); the enum and free-form object ones step aside by
// themselves when the generated type is no longer loose (see `Known`).

/** Marketplaces: only in the document's descriptions today. */
export type Platform = 'discogs' | 'ebay';
export type SearchPlatform = Schemas['SearchPlatform'];
export type Provider = Platform;
export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';
export type DealScore = 'EXCELLENT' | 'VERY_GOOD' | 'GOOD' | 'FAIR' | 'POOR';
export type RecommendationType =
  | 'MULTI ITEM DEAL'
  | 'BEST PRICE'
  | 'CONDITION VALUE'
  | 'LOCATION PREFERENCE'
  | 'HIGH FEEDBACK';

/** A plain `string`, `string[]` or a free-form object (no properties): what the document says of
 * a field whose values it does not list. */
type Loose<G> = string extends G ? true : string[] extends G ? true : [G] extends [Record<string, never>] ? true : false;

/** `N` where the document's type `G` is loose, else `G` itself (null and absence kept as `G` has them). */
type Known<G, N> = Loose<NonNullable<G>> extends true ? N | Exclude<G, NonNullable<G>> : G;

/** `T` with the fields named in `N` narrowed as `Known` says. */
type Narrowed<T, N> = { [K in keyof T]: K extends keyof N ? Known<T[K], N[K]> : T[K] };

/** `T` with the fields of `O` replaced. */
type With<T, O> = Omit<T, keyof O> & O;

/**
 * A response body as the API sends it: the document marks every nullable field optional, but the
 * API writes each one, as `null` when empty. (The fields it does leave out are the analysis and
 * deals `message` and `Health.marketplaces`; those types are not `Sent`.)
 */
type Sent<T> = T extends (infer U)[] ? Sent<U>[] : T extends object ? { [K in keyof T]-?: Sent<Exclude<T[K], undefined>> } : T;

/** `is_admin` is not in the document: honoured if the API adds it, else the e-mail rule applies. */
type AdminFlag = { is_admin?: boolean };

/** Before the first analysis, only `message`; after it, the analysis and never `message`. */
type AnalysisPending = { search_id: string; analysis_completed: false; message: string };
type AnalysisDone = {
  search_id: string;
  analysis_completed: true;
  analysis: AnalysisSummary;
  recommendations: Recommendation[];
  seller_analyses: SellerAnalysis[];
};

/**
 * A listing's `item_data` is a free-form object in the document. These are the keys the app reads
 * (lib/listing.ts); Discogs and eBay listings carry different ones, so every key is optional, and
 * older stored listings use other shapes for some (a price object, a location object).
 */
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
