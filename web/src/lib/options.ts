// The choices forms offer for the API's enum-valued fields, and how pages name those values.
// One place, so a new grade, region or marketplace is added once.

import type {
  ConditionCode,
  CountryCode,
  CurrencyCode,
  DealScore,
  LocationCode,
  Platform,
  SearchPlatform,
  SearchSource,
} from '../api/types';

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

/** The currencies amounts can be shown in: those with an exchange rate (the API's enum). */
export const CURRENCY_CODES = 'EUR USD JPY BGN CZK DKK GBP HUF PLN RON SEK CHF ISK NOK TRY AUD BRL CAD CNY HKD IDR ILS INR KRW MXN MYR NZD PHP SGD THB ZAR'.split(' ') as readonly CurrencyCode[];

/** ISO 3166-1 alpha-2 codes (the API's enum). */
export const COUNTRY_CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ') as readonly CountryCode[];

const currencyNames = new Intl.DisplayNames(['en'], { type: 'currency' });
const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

export const CURRENCY_OPTIONS: readonly Option<CurrencyCode>[] = CURRENCY_CODES.map((c) => ({
  value: c,
  label: `${c} · ${currencyNames.of(c) ?? c}`,
}));

export const COUNTRY_OPTIONS: readonly Option<CountryCode>[] = COUNTRY_CODES.map((c) => ({
  value: c,
  label: regionNames.of(c) ?? c,
})).sort((a, b) => a.label.localeCompare(b.label));
