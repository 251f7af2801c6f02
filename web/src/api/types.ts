// The names the app gives the API's wire types. The types themselves are generated from the API's
// OpenAPI document (openapi.json -> schema.d.ts, `npm run gen:api`); nothing here restates a field
// the document states. The document is looser than the wire in a few ways (free-form objects, the
// lenient forms of `filters`, the analysis before and after it exists); each narrowing is in the
// section at the end of this file, with the reason.

import type { components } from './schema';

type Schemas = components['schemas'];

export type Health = Schemas['Health'];
export type TokenPair = Schemas['TokenResponse'];
export type MessageResponse = Schemas['Message'];
export type RunQueued = Schemas['RunQueued'];
export type User = Schemas['UserResponse'];

export type Preferences = Schemas['PreferencesResponse'];
export type PreferencesUpdate = Schemas['PreferencesUpdate'];
export type ConditionCode = Preferences['min_record_condition'];
export type LocationCode = Preferences['seller_location_preference'];
export type CurrencyCode = NonNullable<PreferencesUpdate['currency']>;
export type CountryCode = Exclude<NonNullable<PreferencesUpdate['country']>, ''>;

export type Platform = Schemas['Platform'];
export type Provider = Platform;
export type SearchPlatform = Schemas['SearchPlatform'];
export type SearchSource = Schemas['SearchSource'];
export type RunStatus = Schemas['RunStatus'];
export type DealScore = Schemas['DealScore'];
export type RecommendationType = Schemas['RecommendationKind'];

export type AppConfig = Schemas['AppConfigResponse'];
export type AppConfigInput = Schemas['AppConfigRequest'];
export type OAuthStatus = Schemas['OAuthStatus'];
export type AuthorizeResponse = Schemas['AuthorizeResponse'];
export type OAuthDone = Schemas['Authorized'];

export type SearchFilters = Schemas['SearchFilters'] & WrittenFilters;
export type SavedSearch = With<Schemas['SavedSearchResponse'], { filters: SearchFilters }>;
export type SearchInput = Schemas['CreateSearch'];
export type SearchUpdate = Partial<SearchInput> & Pick<Schemas['UpdateSearch'], 'is_active'>;
export type SearchResult = Narrowed<Schemas['SearchResultResponse'], { item_data: ItemData }>;
export type SearchRun = Schemas['RunResponse'];
export type SearchWant = Schemas['WantCheckResponse'];
export type SearchWantUpdate = Schemas['UpdateWant'];

export type SellerRef = Schemas['SellerSummary'];
export type AnalysisSummary = Schemas['AnalysisSummaryView'];
export type Recommendation = Schemas['RecommendationView'];
export type SellerAnalysis = Schemas['SellerAnalysisView'];
export type AnalysisResponse = AnalysisPending | AnalysisDone;
export type MultiItemDeal = Schemas['DealView'];
export type MultiItemDealsResponse = Schemas['DealsResponse'];
export type ComparisonListing = Narrowed<Schemas['OfferView'], { item_data: ItemData }>;
export type Pressing = Schemas['PressingView'];
export type PriceComparisonGroup = With<Schemas['PriceGroupView'], { listings: ComparisonListing[] }>;
export type PriceComparisonResponse = With<Schemas['PriceComparisonResponse'], { price_comparisons: PriceComparisonGroup[] }>;
export type CollectionStatus = Schemas['CollectionStatus'];
export type ListingPriceHistory = Schemas['ListingHistory'];
export type ReleasePriceHistory = Schemas['ReleaseHistory'];

export type Notification = Schemas['NotificationView'];
export type NotificationsResponse = Schemas['NotificationsResponse'];
export type MarkedRead = Schemas['MarkedRead'];
export type AlertKind = Schemas['AlertKind'];
export type NotifySettings = Schemas['NotifySettingsView'];
export type NotifySettingsUpdate = Schemas['NotifySettingsUpdate'];
export type WebhookFormat = Schemas['WebhookFormat'];
export type QuietHours = Schemas['QuietHours'];
export type WebhookSecret = Schemas['WebhookSecretView'];
export type WebhookTestResult = Schemas['WebhookTestView'];
export type AlertRule = Schemas['AlertRuleView'];
export type AlertRuleUpdate = Schemas['AlertRuleUpdate'];
export type Delivery = Schemas['Delivery'];

// ---------------------------------------------------------------------------------------------
// Narrowings: where the document is looser than what the API sends, each with the reason.

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
 * The document lists every form of `filters` the API reads (a text or a list; a number or a
 * decimal text), but the API always writes them back in one form: lists as lists, amounts as
 * numbers.
 */
type WrittenFilters = {
  condition?: string[];
  style?: string[];
  discogs_sellers?: string[];
  min_price?: number | null;
  max_price?: number | null;
};

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
  total_price?: number | null;
  seller?: {
    id?: string | number | null;
    username?: string;
    url?: string;
    rating?: number;
    feedback_percentage?: string | number;
    feedback_score?: number;
  } | null;
  location?: string | { city?: string; state?: string; country?: string; postal_code?: string } | null;
  /** On a want-list search: the wanted release this listing answers and which pressing it is. */
  want?: { release_id: string; pressing: 'wanted' | 'other_pressing' | 'unknown' };
  [key: string]: unknown;
}
