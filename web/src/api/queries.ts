// Every query the app makes, as TanStack Query `queryOptions`: each key is defined once, beside its
// fetcher, so a page that reads, prefetches, updates or invalidates a query cannot get either wrong
// (and `setQueryData` / `getQueryData` are typed by the key).

import { infiniteQueryOptions, queryOptions, skipToken } from '@tanstack/react-query';
import * as api from './endpoints';
import type { Platform, Provider } from './types';

export const queries = {
  /**
   * Liveness and each marketplace's mode. A marketplace turns real when an admin stores its app
   * credentials (the admin page refreshes this query then), so it is asked again now and then.
   */
  health: () => queryOptions({ queryKey: ['health'], queryFn: api.getHealth, staleTime: 60_000, retry: false }),
  /** The signed-in account (/auth/me). */
  me: () => queryOptions({ queryKey: ['me'], queryFn: api.getMe, staleTime: Infinity }),
  preferences: () => queryOptions({ queryKey: ['preferences'], queryFn: api.getPreferences }),
  appConfigs: () => queryOptions({ queryKey: ['app-configs'], queryFn: api.listAppConfigs }),
  oauthStatus: (provider: Provider) =>
    queryOptions({ queryKey: ['oauth-status', provider], queryFn: () => api.getOAuthStatus(provider) }),
  /**
   * The one-time exchange of a provider's redirect parameters (none: nothing to exchange): a query,
   * not an effect, so it runs exactly once, even under StrictMode, and is never repeated.
   */
  oauthCallback: (exchange: api.CallbackExchange | null) =>
    queryOptions({
      queryKey: ['oauth-callback', exchange],
      queryFn: exchange ? () => api.exchangeCallback(exchange) : skipToken,
      retry: false,
      staleTime: Infinity,
      gcTime: Infinity,
    }),
  searches: () => queryOptions({ queryKey: ['searches'], queryFn: api.listSearches }),
  search: (id: string) => queryOptions({ queryKey: ['search', id], queryFn: () => api.getSearch(id) }),
  results: (id: string) => queryOptions({ queryKey: ['search', id, 'results'], queryFn: () => api.getResults(id) }),
  wants: (id: string) => queryOptions({ queryKey: ['search', id, 'wants'], queryFn: () => api.getSearchWants(id) }),
  latestRun: (id: string) =>
    queryOptions({ queryKey: ['search', id, 'run'], queryFn: () => api.getLatestRun(id), staleTime: 0 }),
  analysis: (id: string) => queryOptions({ queryKey: ['search', id, 'analysis'], queryFn: () => api.getAnalysis(id) }),
  deals: (id: string) => queryOptions({ queryKey: ['search', id, 'deals'], queryFn: () => api.getMultiItemDeals(id) }),
  /** The price comparison a page of groups at a time (the offers page asks for more on scroll). */
  comparison: (id: string) =>
    infiniteQueryOptions({
      queryKey: ['search', id, 'comparison'],
      queryFn: ({ pageParam }) => api.getPriceComparison(id, pageParam),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
  collectionStatus: () =>
    queryOptions({ queryKey: ['collection-status'], queryFn: api.getCollectionStatus, staleTime: 0 }),
  wantlistStatus: () => queryOptions({ queryKey: ['wantlist-status'], queryFn: api.getWantlistStatus, staleTime: 0 }),
  listingHistory: (platform: Platform, listingId: string) =>
    queryOptions({
      queryKey: ['price-history', platform, listingId],
      queryFn: () => api.getListingHistory(platform, listingId),
    }),
  /**
   * The notification centre (the bell's unread count and the list). Asked again once a minute,
   * the cadence the app already uses for its health check: alerts come at the end of runs, which
   * are hours apart.
   */
  notifications: () =>
    queryOptions({ queryKey: ['notifications'], queryFn: api.getNotifications, staleTime: 30_000, refetchInterval: 60_000 }),
  notifySettings: () => queryOptions({ queryKey: ['notify-settings'], queryFn: api.getNotifySettings }),
  alertRule: (searchId: string) =>
    queryOptions({ queryKey: ['search', searchId, 'alerts'], queryFn: () => api.getAlertRule(searchId) }),
  releaseHistory: (releaseId: string) =>
    queryOptions({ queryKey: ['price-history', 'release', releaseId], queryFn: () => api.getReleaseHistory(releaseId) }),
};
