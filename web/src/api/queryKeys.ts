import type { Platform, Provider } from './types';

/** Every TanStack Query key in one place, so invalidation cannot drift from the queries. */
export const qk = {
  health: ['health'] as const,
  me: ['me'] as const,
  preferences: ['preferences'] as const,
  appConfigs: ['app-configs'] as const,
  oauthStatus: (p: Provider) => ['oauth-status', p] as const,
  searches: ['searches'] as const,
  search: (id: string) => ['search', id] as const,
  results: (id: string) => ['search', id, 'results'] as const,
  latestRun: (id: string) => ['search', id, 'run'] as const,
  analysis: (id: string) => ['search', id, 'analysis'] as const,
  deals: (id: string) => ['search', id, 'deals'] as const,
  comparison: (id: string) => ['search', id, 'comparison'] as const,
  collectionStatus: ['collection-status'] as const,
  wantlistStatus: ['wantlist-status'] as const,
  listingHistory: (p: Platform, id: string) => ['price-history', p, id] as const,
  releaseHistory: (id: string) => ['price-history', 'release', id] as const,
};
