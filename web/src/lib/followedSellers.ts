// Discogs sellers a saved search follows are one of its filters (the REST contract has no follow
// endpoint); the Discogs fetcher reads their inventories. See docs/spec-deviations.md.
import type { SearchFilters } from '../api/types';

/** The followed sellers of `filters` as the form shows them: "a, b". */
export function followedSellersText(filters: SearchFilters | undefined): string {
  return (filters?.discogs_sellers ?? []).join(', ');
}

/** `filters` with the followed sellers replaced by those typed; other keys are kept, since the
 * API replaces the whole object. */
export function withFollowedSellers(filters: SearchFilters | undefined, text: string): SearchFilters {
  const names = [...new Set(text.split(/[,\s]+/).map((name) => name.trim()).filter(Boolean))];
  const { discogs_sellers: _previous, ...rest } = filters ?? {};
  return names.length > 0 ? { ...rest, discogs_sellers: names } : rest;
}
