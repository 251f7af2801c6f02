// Realistic API payloads, shaped exactly like docs/behaviour.md#the-rest-contract-in-brief (the analysis numbers are Appendix C's
// worked fixture A: 25★ 30★ 35 40✱ from one seller with 99.5 % / 1000 ratings).
import type {
  AnalysisResponse,
  AppConfig,
  MultiItemDealsResponse,
  PriceComparisonResponse,
  SavedSearch,
  SearchResult,
  SearchRun,
} from '../api/types';

export const SEARCH_ID = '0b9f3c1e-6a0d-4a8e-9c43-2f1f5b7e8d21';
export const SEARCH_2_ID = '5c2e8a41-93b7-4f0e-8d6a-7e1b2c3d4f50';
export const SELLER_ID = 'a7d5e0c2-1b3f-4e6a-9d8c-0f1e2d3c4b5a';
export const SELLER_2_ID = 'c1b2a3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
export const R1 = '11111111-1111-4111-8111-111111111111';
export const R2 = '22222222-2222-4222-8222-222222222222';
export const R3 = '33333333-3333-4333-8333-333333333333';
export const R4 = '44444444-4444-4444-8444-444444444444'; // owned (collection) — never returned by S7
export const R5 = '55555555-5555-4555-8555-555555555555';

export const search: SavedSearch = {
  id: SEARCH_ID,
  name: 'Blue Note first pressings',
  query: 'blue note 1500 series',
  platform: 'both',
  source: 'query',
  any_pressing: false,
  filters: {},
  is_active: true,
  check_interval_hours: 24,
  last_run_at: '2026-11-24T08:00:00+00:00',
  created_at: '2026-11-20T09:30:00+00:00',
  updated_at: '2026-11-24T08:00:00+00:00',
  min_record_condition: 'VG+',
  min_sleeve_condition: null,
  seller_location_preference: 'US',
};

export const search2: SavedSearch = {
  ...search,
  id: SEARCH_2_ID,
  name: 'Kind of Blue',
  query: 'miles davis kind of blue',
  platform: 'ebay',
  last_run_at: null,
  min_record_condition: null,
  seller_location_preference: null,
};

const discogsSeller = {
  id: 'groovehouse',
  username: 'groovehouse',
  rating: 99.5,
  url: 'https://www.discogs.com/seller/groovehouse/profile',
};

function discogsItem(id: string, release: string, title: string, artist: string, price: number) {
  return {
    id,
    release_id: release,
    title,
    artist,
    album: title.split(' - ')[1] ?? title,
    year: 1959,
    country: null,
    format: ['Vinyl', 'LP'],
    label: ['Blue Note'],
    catno: 'BLP 1577',
    thumb: 'https://i.discogs.com/thumb.jpg',
    cover_image: 'https://i.discogs.com/cover.jpg',
    resource_url: `https://www.discogs.com/sell/item/${id}`,
    uri: `/sell/item/${id}`,
    price,
    currency: 'USD',
    condition: 'Very Good Plus (VG+)',
    sleeve_condition: 'Very Good (VG)',
    seller: discogsSeller,
    shipping_price: 6,
    location: '',
    posted: '',
    allow_offers: false,
    status: 'For Sale',
    ships_from: '',
    master_id: null,
    community: { have: 1200, want: 3400 },
  };
}

/** A result's amounts for a user in dollars (no conversion). */
function inDollars(price: number, landed: number, estimated: boolean) {
  return { currency: 'USD', price, landed_cost: landed, shipping_estimated: estimated, rates_date: null };
}

export const results: SearchResult[] = [
  {
    id: R1,
    platform: 'discogs',
    item_id: '2871001',
    item_data: discogsItem('2871001', '1234567', 'John Coltrane - Blue Train', 'John Coltrane', 25),
    is_in_collection: false,
    is_in_wantlist: true,
    created_at: '2026-11-24T08:00:01+00:00',
    ...inDollars(25, 31, false),
  },
  {
    id: R2,
    platform: 'discogs',
    item_id: '2871002',
    item_data: discogsItem('2871002', '7654321', 'Lee Morgan - The Sidewinder', 'Lee Morgan', 30),
    is_in_collection: false,
    is_in_wantlist: true,
    created_at: '2026-11-24T08:00:02+00:00',
    ...inDollars(30, 36, false),
  },
  {
    id: R3,
    platform: 'discogs',
    item_id: '2871003',
    item_data: discogsItem('2871003', '1111111', 'Art Blakey - Moanin', 'Art Blakey', 35),
    is_in_collection: false,
    is_in_wantlist: false,
    created_at: '2026-11-24T08:00:03+00:00',
    ...inDollars(35, 41, false),
  },
  {
    id: R5,
    platform: 'ebay',
    item_id: 'v1|115566778899|0',
    item_data: {
      id: 'v1|115566778899|0',
      title: 'John Coltrane - Blue Train LP Blue Note BLP 1577 Mono',
      subtitle: '',
      condition: 'Used',
      condition_id: '3000',
      price: 28.5,
      currency: 'USD',
      shipping_cost: 5,
      total_price: 33.5,
      buy_it_now: true,
      auction: false,
      best_offer: false,
      current_bid_price: null,
      seller: { username: 'jazzcrate', feedback_percentage: '99.1', feedback_score: 4521 },
      location: { city: 'Portland', state: 'OR', country: 'US', postal_code: '97201' },
      image_url: 'https://i.ebayimg.com/images/g/abc/s-l225.jpg',
      additional_images: [],
      item_web_url: 'https://www.ebay.com/itm/115566778899',
      categories: ['Records'],
      item_end_date: '2026-12-10T12:00:00.000Z',
    },
    is_in_collection: false,
    is_in_wantlist: false,
    created_at: '2026-11-24T08:00:05+00:00',
    ...inDollars(28.5, 33.5, false),
  },
];

export const analysis: AnalysisResponse = {
  search_id: SEARCH_ID,
  analysis_completed: true,
  analysis: {
    id: '9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a',
    total_results: 4,
    total_sellers: 1,
    multi_item_sellers: 1,
    min_price: 25,
    max_price: 35,
    avg_price: 30,
    wantlist_matches: 2,
    collection_duplicates: 1,
    new_discoveries: 1,
    other_currency_results: 0,
    currency: 'USD',
    rates_date: null,
    unconverted_currencies: [],
    completed_at: '2026-11-24T08:00:09+00:00',
  },
  recommendations: [
    {
      id: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6',
      type: 'MULTI ITEM DEAL',
      deal_score: 'FAIR',
      score_value: 67.5,
      title: 'Multi-Item Deal from groovehouse',
      description: 'Get 2 want list items plus 1 other records from one seller',
      recommendation_reason: 'Save $84.00 on shipping by buying 3 items together',
      total_items: 4,
      wantlist_items: 2,
      total_value: 130.0,
      estimated_shipping: 56.0,
      total_cost: 186.0,
      potential_savings: 84.0,
      seller: { id: SELLER_ID, name: 'groovehouse', location: null, feedback_score: 99.5 },
      item_ids: [R1, R2, R3],
    },
    {
      id: 'e2f3a4b5-c6d7-4e8f-9a01-b2c3d4e5f6a7',
      type: 'HIGH FEEDBACK',
      deal_score: 'POOR',
      score_value: 59.5,
      title: 'Highly Rated Seller: jazzcrate',
      description: 'Excellent reputation with 100% feedback score',
      recommendation_reason: 'Trusted seller with strong feedback history',
      total_items: 1,
      wantlist_items: 0,
      total_value: 28.5,
      estimated_shipping: 35.0,
      total_cost: 63.5,
      potential_savings: null,
      seller: { id: SELLER_2_ID, name: 'jazzcrate', location: 'US', feedback_score: 99.1 },
      item_ids: [R5],
    },
  ],
  seller_analyses: [
    {
      rank: 1,
      total_items: 4,
      wantlist_items: 2,
      total_value: 130.0,
      estimated_shipping: 56.0,
      overall_score: 67.5,
      price_competitiveness: 50.0,
      inventory_depth_score: 100.0,
      seller_reputation_score: 100.0,
      location_preference_score: 50.0,
      condition_value_score: 0.0,
      seller: {
        id: SELLER_ID,
        name: 'groovehouse',
        location: null,
        country_code: 'OTH',
        feedback_score: 99.5,
        total_feedback_count: 1000,
      },
    },
  ],
};

export const multiItemDeals: MultiItemDealsResponse = {
  search_id: SEARCH_ID,
  multi_item_deals: [
    {
      seller: { id: SELLER_ID, name: 'groovehouse', location: null, feedback_score: 99.5 },
      total_items: 4,
      wantlist_items: 2,
      total_value: 130.0,
      estimated_shipping: 56.0,
      total_cost: 186.0,
      potential_savings: 84.0,
      deal_score: 'FAIR',
      item_ids: [R1, R2, R3],
    },
  ],
};

export const priceComparison: PriceComparisonResponse = {
  search_id: SEARCH_ID,
  price_comparisons: [
    {
      item_match: { id: 'f0e1d2c3-b4a5-4697-8877-665544332211', canonical_title: 'Moanin', canonical_artist: 'Art Blakey', total_matches: 1 },
      record_key: null,
      master_id: null,
      listings: [
        {
          id: R3,
          platform: 'discogs',
          price: 35,
          shipping_price: null,
          condition: 'Very Good Plus (VG+)',
          item_data: results[2]!.item_data,
          seller: { id: SELLER_ID, name: 'groovehouse', location: null, feedback_score: 99.5 },
          is_in_wantlist: false,
          is_in_collection: false,
          pressing: null,
          match_evidence: null,
          original_price: null,
          landed_cost: null,
          shipping_estimated: false,
        },
      ],
      pressings: [{ key: null, platforms: ['discogs'], listing_ids: [R3] }],
    },
    {
      item_match: { id: 'a0b1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c3d', canonical_title: 'Blue Train', canonical_artist: 'John Coltrane', total_matches: 2 },
      record_key: null,
      master_id: null,
      listings: [
        {
          id: R1,
          platform: 'discogs',
          price: 25,
          shipping_price: null,
          condition: 'Very Good Plus (VG+)',
          item_data: results[0]!.item_data,
          seller: { id: SELLER_ID, name: 'groovehouse', location: null, feedback_score: 99.5 },
          is_in_wantlist: true,
          is_in_collection: false,
          pressing: null,
          match_evidence: null,
          original_price: null,
          landed_cost: null,
          shipping_estimated: false,
        },
        {
          id: R5,
          platform: 'ebay',
          price: 28.5,
          shipping_price: 5,
          condition: 'Used',
          item_data: results[3]!.item_data,
          seller: { id: SELLER_2_ID, name: 'jazzcrate', location: 'US', feedback_score: 99.1 },
          is_in_wantlist: false,
          is_in_collection: false,
          pressing: null,
          match_evidence: null,
          original_price: null,
          landed_cost: null,
          shipping_estimated: false,
        },
      ],
      pressings: [{ key: null, platforms: ['discogs', 'ebay'], listing_ids: [R1, R5] }],
    },
  ],
  next_cursor: null,
  total_groups: 2,
};

export function run(overrides: Partial<SearchRun> = {}): SearchRun {
  return {
    id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    search_id: SEARCH_ID,
    status: 'completed',
    platforms: ['discogs', 'ebay'],
    pending: [],
    listings: { discogs: 12, ebay: 5 },
    errors: {},
    created_at: '2026-11-24T08:00:00+00:00',
    updated_at: '2026-11-24T08:00:09+00:00',
    completed_at: '2026-11-24T08:00:09+00:00',
    ...overrides,
  };
}

export const appConfigs: AppConfig[] = [
  {
    provider: 'discogs',
    consumer_key: 'AbCdEfGhIj...',
    callback_url: 'https://vinyldigger.example/oauth/callback',
    redirect_uri: null,
    scope: null,
    is_configured: true,
  },
];
