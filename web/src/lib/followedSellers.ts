// Discogs sellers a saved search follows live in its free-form `filters` object (the REST contract
// has no follow endpoint); the Discogs fetcher reads their inventories. See docs/spec-deviations.md.
import type { SearchFilters } from '../api/types';

export const FOLLOWED_SELLERS = 'discogs_sellers';

/** The followed sellers of `filters` as the form shows them: "a, b". */
export function followedSellersText(filters: SearchFilters | undefined): string {
  const value = filters?.[FOLLOWED_SELLERS];
  const names = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return names
    .filter((name): name is string => typeof name === 'string')
    .map((name) => name.trim())
    .filter(Boolean)
    .join(', ');
}

/** `filters` with the followed sellers replaced by those typed; other keys are kept, since the
 * API replaces the whole object. */
export function withFollowedSellers(filters: SearchFilters | undefined, text: string): SearchFilters {
  const names = [...new Set(text.split(/[,\s]+/).map((name) => name.trim()).filter(Boolean))];
  const { [FOLLOWED_SELLERS]: _previous, ...rest } = filters ?? {};
  return names.length > 0 ? { ...rest, [FOLLOWED_SELLERS]: names } : rest;
}
