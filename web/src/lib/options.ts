// The choices forms offer for the API's enum-valued fields, and how pages name those values.
// One place, so a new grade, region or marketplace is added once.

import type { ConditionCode, DealScore, LocationCode, Platform, SearchPlatform, SearchSource } from '../api/types';

export interface Option<T extends string = string> {
  value: T;
  label: string;
}

/** The grades a minimum can be set at (the API knows more, e.g. EX, F, P, but forms offer these). */
export const CONDITION_OPTIONS: readonly Option<ConditionCode>[] = [
  { value: 'M', label: 'Mint (M)' },
  { value: 'NM', label: 'Near Mint (NM)' },
  { value: 'VG+', label: 'Very Good Plus (VG+)' },
  { value: 'VG', label: 'Very Good (VG)' },
  { value: 'G+', label: 'Good Plus (G+)' },
];

export const LOCATION_OPTIONS: readonly Option<LocationCode>[] = [
  { value: 'US', label: 'United States' },
  { value: 'EU', label: 'Europe' },
  { value: 'UK', label: 'United Kingdom' },
  { value: 'ANY', label: 'Anywhere' },
];

/** Where a saved search looks. */
export const SEARCH_PLATFORM_OPTIONS: readonly Option<SearchPlatform>[] = [
  { value: 'both', label: 'Discogs and eBay' },
  { value: 'discogs', label: 'Discogs only' },
  { value: 'ebay', label: 'eBay only' },
];

/** What a saved search watches. */
export const SEARCH_SOURCE_OPTIONS: readonly Option<SearchSource>[] = [
  { value: 'query', label: 'A search query' },
  { value: 'wantlist', label: 'My Discogs want list' },
];

/** The marketplaces by name (also the providers of accounts and app credentials), and 'both'. */
export const PLATFORM_LABEL: Record<SearchPlatform, string> = {
  discogs: 'Discogs',
  ebay: 'eBay',
  both: 'Discogs + eBay',
};

/** The results page's marketplace filter. */
export const RESULT_PLATFORM_OPTIONS: readonly Option<'all' | Platform>[] = [
  { value: 'all', label: 'All' },
  { value: 'discogs', label: 'Discogs' },
  { value: 'ebay', label: 'eBay' },
];

export const DEAL_LABEL: Record<DealScore, string> = {
  EXCELLENT: 'Excellent',
  VERY_GOOD: 'Very good',
  GOOD: 'Good',
  FAIR: 'Fair',
  POOR: 'Poor',
};
