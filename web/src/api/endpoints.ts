// Typed functions, one per API endpoint used by the SPA (ids in comments refer to docs/behaviour.md#the-rest-contract-in-brief).

import { ApiError, apiFetch, apiFetchAllPages } from './client';
import type {
  AlertRule,
  AlertRuleUpdate,
  AnalysisResponse,
  AppConfig,
  AppConfigInput,
  AuthorizeResponse,
  CollectionStatus,
  Health,
  ListingPriceHistory,
  MarkedRead,
  MessageResponse,
  MultiItemDealsResponse,
  NotificationsResponse,
  NotifySettings,
  NotifySettingsUpdate,
  OAuthDone,
  OAuthStatus,
  Platform,
  Preferences,
  PreferencesUpdate,
  PriceComparisonResponse,
  Provider,
  ReleasePriceHistory,
  RunQueued,
  SavedSearch,
  SearchInput,
  SearchResult,
  SearchRun,
  SearchUpdate,
  SearchWant,
  SearchWantUpdate,
  TokenPair,
  User,
  WebhookSecret,
  WebhookTestResult,
} from './types';

const V1 = '/api/v1';
const seg = encodeURIComponent;

// H1
export const getHealth = () => apiFetch<Health>('/health', { auth: false });

// A1–A5
export const register = (email: string, password: string) =>
  apiFetch<User>(`${V1}/auth/register`, { method: 'POST', body: { email, password }, auth: false });

/** A2: the SPA sends the OAuth2 password form as multipart FormData (docs/behaviour.md#conventions). */
export function login(email: string, password: string) {
  const form = new FormData();
  form.append('username', email);
  form.append('password', password);
  return apiFetch<TokenPair>(`${V1}/auth/login`, { method: 'POST', body: form, auth: false });
}

/** Ends the refresh token's session on the server (answers 204 whatever the token). */
export const logout = (refresh_token: string) =>
  apiFetch<null>(`${V1}/auth/logout`, { method: 'POST', body: { refresh_token }, auth: false });
/** Asks for a password-reset e-mail; always accepted (202), whether or not the address has an account. */
export const requestPasswordReset = (email: string) =>
  apiFetch<MessageResponse>(`${V1}/auth/password-reset`, { method: 'POST', body: { email }, auth: false });

/** Sets a new password with the e-mailed link's token; the server ends every session. */
export const confirmPasswordReset = (token: string, new_password: string) =>
  apiFetch<MessageResponse>(`${V1}/auth/password-reset/confirm`, { method: 'POST', body: { token, new_password }, auth: false });

/** Changes the password; the server ends every other session. */
export const changePassword = (current_password: string, new_password: string) =>
  apiFetch<MessageResponse>(`${V1}/auth/password`, { method: 'POST', body: { current_password, new_password } });

export const getMe = () => apiFetch<User>(`${V1}/auth/me`);
export const updateMe = (email: string) =>
  apiFetch<User>(`${V1}/auth/me`, { method: 'PUT', body: { email } });

// P1–P2
export const getPreferences = () => apiFetch<Preferences>(`${V1}/config/preferences`);
export const updatePreferences = (prefs: PreferencesUpdate) =>
  apiFetch<Preferences>(`${V1}/config/preferences`, { method: 'PUT', body: prefs });

// AD1–AD3
export const listAppConfigs = () => apiFetch<AppConfig[]>(`${V1}/admin/app-config`);
export const putAppConfig = (input: AppConfigInput) =>
  apiFetch<AppConfig>(`${V1}/admin/app-config/${seg(input.provider)}`, { method: 'PUT', body: input });
export const deleteAppConfig = (provider: Provider) =>
  apiFetch<MessageResponse>(`${V1}/admin/app-config/${seg(provider)}`, { method: 'DELETE' });

// O1–O7
export const getOAuthStatus = (provider: Provider) =>
  apiFetch<OAuthStatus>(`${V1}/oauth/status/${seg(provider)}`);
export const authorize = (provider: Provider) =>
  apiFetch<AuthorizeResponse>(`${V1}/oauth/authorize/${seg(provider)}`, { method: 'POST' });
/** The parameters a provider sends the browser back with, for its callback endpoint. */
export type CallbackExchange =
  | { kind: 'discogs'; oauth_token: string; oauth_verifier: string; state?: string }
  | { kind: 'ebay'; code: string; state: string };
export function exchangeCallback(params: CallbackExchange) {
  const q =
    params.kind === 'discogs'
      ? new URLSearchParams({ oauth_token: params.oauth_token, oauth_verifier: params.oauth_verifier })
      : new URLSearchParams({ code: params.code, state: params.state });
  if (params.kind === 'discogs' && params.state) q.set('state', params.state);
  // Signed in: the server links the account only for the user who started the handshake.
  return apiFetch<OAuthDone>(`${V1}/oauth/callback/${params.kind}?${q.toString()}`);
}
export const verifyDiscogs = (state: string, verification_code: string) =>
  apiFetch<OAuthDone>(`${V1}/oauth/verify/discogs`, { method: 'POST', body: { state, verification_code } });
export const verifyEbay = (state: string, authorization_code: string) =>
  apiFetch<OAuthDone>(`${V1}/oauth/verify/ebay`, { method: 'POST', body: { state, authorization_code } });
export const revoke = (provider: Provider) =>
  apiFetch<MessageResponse>(`${V1}/oauth/revoke/${seg(provider)}`, { method: 'DELETE' });

// S1–S7 and runs/latest
/** Every search of the user: the list is paged (100 at most a page), so this follows its `Link`s. */
export const listSearches = () => apiFetchAllPages<SavedSearch>(`${V1}/searches?limit=100`);
export const getSearch = (id: string) => apiFetch<SavedSearch>(`${V1}/searches/${seg(id)}`);
export const createSearch = (input: SearchInput) =>
  apiFetch<SavedSearch>(`${V1}/searches`, { method: 'POST', body: input });
export const updateSearch = (id: string, update: SearchUpdate) =>
  apiFetch<SavedSearch>(`${V1}/searches/${seg(id)}`, { method: 'PUT', body: update });
export const deleteSearch = (id: string) =>
  apiFetch<MessageResponse>(`${V1}/searches/${seg(id)}`, { method: 'DELETE' });
/** Starts a run, or answers with the run already queued or running (no new one). */
export const runSearch = (id: string) =>
  apiFetch<RunQueued>(`${V1}/searches/${seg(id)}/run`, { method: 'POST' });
export const getResults = (id: string) => apiFetch<SearchResult[]>(`${V1}/searches/${seg(id)}/results`);
/** The wants a search watches, each with its last check and "any pressing" switch. */
export const getSearchWants = (id: string) => apiFetch<SearchWant[]>(`${V1}/searches/${seg(id)}/wants`);
/** A want's own "any pressing" switch (`null`: the search's applies). */
export const updateSearchWant = (id: string, releaseId: string, update: SearchWantUpdate) =>
  apiFetch<SearchWant>(`${V1}/searches/${seg(id)}/wants/${seg(releaseId)}`, { method: 'PATCH', body: update });

/** Latest run of a search, or null before its first run (404 "Search has not run yet"). */
export async function getLatestRun(id: string): Promise<SearchRun | null> {
  try {
    return await apiFetch<SearchRun>(`${V1}/searches/${seg(id)}/runs/latest`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404 && e.detail !== 'Search not found') return null;
    throw e;
  }
}

// AN1–AN3
export const getAnalysis = (id: string) =>
  apiFetch<AnalysisResponse>(`${V1}/analysis/search/${seg(id)}/analysis`);
export const getMultiItemDeals = (id: string) =>
  apiFetch<MultiItemDealsResponse>(`${V1}/analysis/search/${seg(id)}/multi-item-deals`);
/** One page of the price comparison: the first without a cursor, then each page's `next_cursor`. */
export const getPriceComparison = (id: string, cursor: string | null = null) =>
  apiFetch<PriceComparisonResponse>(
    `${V1}/analysis/search/${seg(id)}/price-comparison${cursor === null ? '' : `?cursor=${encodeURIComponent(cursor)}`}`,
  );

// C1–C5
export type SyncKind = 'both' | 'collection' | 'wantlist';
export function syncCollections(kind: SyncKind) {
  const path = kind === 'both' ? 'sync' : `sync/${kind}`;
  return apiFetch<MessageResponse>(`${V1}/collections/${path}`, { method: 'POST' });
}
export const getCollectionStatus = () => apiFetch<CollectionStatus>(`${V1}/collections/status`);
export const getWantlistStatus = () => apiFetch<CollectionStatus>(`${V1}/collections/wantlist/status`);

// Price history
export const getListingHistory = (platform: Platform, listingId: string) =>
  apiFetch<ListingPriceHistory>(`${V1}/price-history/${seg(platform)}/${seg(listingId)}`);
export const getReleaseHistory = (releaseId: string) =>
  apiFetch<ReleasePriceHistory>(`${V1}/price-history/releases/${seg(releaseId)}`);

// Alerts: the notification centre, the user's alert settings, each search's alert rule
export const getNotifications = () => apiFetch<NotificationsResponse>(`${V1}/notifications`);
export const markNotificationRead = (id: string) =>
  apiFetch<MarkedRead>(`${V1}/notifications/${seg(id)}/read`, { method: 'POST' });
export const markAllNotificationsRead = () =>
  apiFetch<MarkedRead>(`${V1}/notifications/read-all`, { method: 'POST' });
export const getNotifySettings = () => apiFetch<NotifySettings>(`${V1}/notifications/settings`);
/** The answer carries `webhook_secret` once: when this update gave the webhook its first secret. */
export const updateNotifySettings = (update: NotifySettingsUpdate) =>
  apiFetch<NotifySettings>(`${V1}/notifications/settings`, { method: 'PUT', body: update });
export const rotateWebhookSecret = () =>
  apiFetch<WebhookSecret>(`${V1}/notifications/webhook/secret`, { method: 'POST' });
export const testWebhook = () =>
  apiFetch<WebhookTestResult>(`${V1}/notifications/webhook/test`, { method: 'POST' });
export const getAlertRule = (searchId: string) => apiFetch<AlertRule>(`${V1}/searches/${seg(searchId)}/alerts`);
export const updateAlertRule = (searchId: string, update: AlertRuleUpdate) =>
  apiFetch<AlertRule>(`${V1}/searches/${seg(searchId)}/alerts`, { method: 'PUT', body: update });
