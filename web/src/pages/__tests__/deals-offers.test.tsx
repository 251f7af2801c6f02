import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { installMockApi, json } from '../../test/fetchMock';
import {
  R1,
  R2,
  R3,
  SEARCH_ID,
  analysis,
  multiItemDeals,
  priceComparison,
  results,
  search,
} from '../../test/fixtures';
import { renderApp, signIn } from '../../test/render';

function setup() {
  const api = installMockApi();
  signIn(api);
  api.get(`/api/v1/searches/${SEARCH_ID}`, json(search));
  api.get(`/api/v1/searches/${SEARCH_ID}/results`, json(results));
  return api;
}

describe('deals page', () => {
  it('renders the analysis summary, recommendations and multi-item deals (docs/behaviour.md#analysis-endpoints shapes)', async () => {
    const api = setup();
    api.get(`/api/v1/analysis/search/${SEARCH_ID}/analysis`, json(analysis));
    api.get(`/api/v1/analysis/search/${SEARCH_ID}/multi-item-deals`, json(multiItemDeals));
    const { user } = renderApp(`/searches/${SEARCH_ID}/deals`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Deals: Blue Note first pressings' })).toBeInTheDocument();
    const summary = screen.getByRole('heading', { name: 'Summary' }).closest('section')!;
    const stat = (label: string) => within(summary).getByText(label).nextElementSibling?.textContent;
    expect(stat('Listings')).toBe('4');
    expect(stat('Sellers')).toBe('1');
    expect(stat('Want-list matches')).toBe('2');
    expect(stat('Multi-record sellers')).toBe('1');
    expect(stat('Lowest price')).toBe('$25.00');
    expect(stat('Average price')).toBe('$30.00');
    expect(stat('Highest price')).toBe('$35.00');

    const recos = screen.getByRole('heading', { name: 'Recommendations' }).closest('section')!;
    const multi = within(recos).getByRole('heading', { name: 'Multi-Item Deal from groovehouse' }).closest('li')!;
    expect(within(multi).getByText('Multi Item Deal')).toBeInTheDocument();
    expect(within(multi).getByText('Fair deal · 67.5')).toBeInTheDocument();
    expect(within(multi).getByText('Get 2 want list items plus 1 other records from one seller')).toBeInTheDocument();
    expect(within(multi).getByText('Save $84.00 on shipping by buying 3 items together')).toBeInTheDocument();
    expect(within(multi).getByText('4 (2 wanted)')).toBeInTheDocument();
    expect(within(multi).getByText('$130.00')).toBeInTheDocument();
    expect(within(multi).getByText('$56.00')).toBeInTheDocument();
    expect(within(multi).getByText('$186.00')).toBeInTheDocument();
    expect(within(multi).getByText('$84.00')).toBeInTheDocument();
    const feedback = within(recos).getByRole('heading', { name: 'Highly Rated Seller: jazzcrate' }).closest('li')!;
    expect(within(feedback).getByText('Poor deal · 59.5')).toBeInTheDocument();
    expect(within(feedback).getByText('High Feedback')).toBeInTheDocument();
    expect(within(feedback).queryByText('Shipping saved')).not.toBeInTheDocument();

    const deals = screen.getByRole('heading', { name: 'Multi-record deals' }).closest('section')!;
    const deal = within(deals).getByRole('heading', { name: '4 records from groovehouse' }).closest('li')!;
    expect(within(deal).getByText(/saves about \$84\.00/)).toBeInTheDocument();
    // expanding the deal shows the records, found by intersecting item_ids with S7
    await user.click(within(deal).getByText('Show the 3 records'));
    expect(await within(deal).findByRole('article', { name: 'John Coltrane - Blue Train' })).toBeInTheDocument();
    expect(within(deal).getByRole('article', { name: 'Lee Morgan - The Sidewinder' })).toBeInTheDocument();
    expect(within(deal).getByRole('article', { name: 'Art Blakey - Moanin' })).toBeInTheDocument();
    expect(within(deal).queryByRole('article', { name: /Blue Train LP Blue Note BLP 1577/ })).not.toBeInTheDocument();
    expect(multiItemDeals.multi_item_deals[0]!.item_ids).toEqual([R1, R2, R3]);

    const ranking = screen.getByRole('table');
    expect(within(ranking).getByRole('rowheader', { name: 'groovehouse' })).toBeInTheDocument();
    expect(within(ranking).getByText('67.5')).toBeInTheDocument();
    expect(api.requests('GET', `/api/v1/searches/${SEARCH_ID}/results`)).toHaveLength(1);
  });

  it('shows every amount in the analysis currency with the rates date', async () => {
    const api = setup();
    if (!analysis.analysis_completed) throw new Error('the fixture is a completed analysis');
    api.get(
      `/api/v1/analysis/search/${SEARCH_ID}/analysis`,
      json({ ...analysis, analysis: { ...analysis.analysis, currency: 'EUR', rates_date: '2026-12-01' } }),
    );
    renderApp(`/searches/${SEARCH_ID}/deals`);
    expect(await screen.findByText(/Amounts in EUR · converted with the exchange rates of 2026-12-01/)).toBeInTheDocument();
    const summary = screen.getByRole('heading', { name: 'Summary' }).closest('section')!;
    expect(within(summary).getByText('Lowest price').nextElementSibling?.textContent).toBe('€25.00');
    expect(within(summary).queryByText(/\$/)).not.toBeInTheDocument();
  });

  it('says which listings are left out because their currency has no rate, with no 0.00 value for them', async () => {
    const api = setup();
    if (!analysis.analysis_completed) throw new Error('the fixture is a completed analysis');
    const [highFeedback] = analysis.recommendations.slice(1);
    const euroOnly = { ...highFeedback!, total_value: 0, total_cost: 35.0 };
    api.get(
      `/api/v1/analysis/search/${SEARCH_ID}/analysis`,
      json({
        ...analysis,
        analysis: { ...analysis.analysis, other_currency_results: 3, unconverted_currencies: ['SEK'] },
        recommendations: [euroOnly],
        seller_analyses: [{ ...analysis.seller_analyses[0]!, total_value: 0 }],
      }),
    );
    api.get(`/api/v1/analysis/search/${SEARCH_ID}/multi-item-deals`, json({ ...multiItemDeals, multi_item_deals: [] }));
    renderApp(`/searches/${SEARCH_ID}/deals`);

    expect(await screen.findByText(/3 listings priced in SEK, which has no exchange rate, are left out/)).toBeInTheDocument();
    const card = screen.getByRole('heading', { name: 'Highly Rated Seller: jazzcrate' }).closest('li')!;
    expect(within(card).getByText('Records total').nextElementSibling?.textContent).toBe('—');
    const ranking = screen.getByRole('heading', { name: 'Seller ranking' }).closest('section')!;
    expect(within(ranking).queryByText('$0.00')).not.toBeInTheDocument();
  });

  it('shows the "not yet completed" message as an empty state and skips S7', async () => {
    const api = setup();
    api.get(`/api/v1/analysis/search/${SEARCH_ID}/analysis`, json({
      search_id: SEARCH_ID,
      analysis_completed: false,
      message: 'Analysis not yet completed for this search',
    }));
    api.get(`/api/v1/analysis/search/${SEARCH_ID}/multi-item-deals`, json({
      search_id: SEARCH_ID,
      multi_item_deals: [],
      message: 'Analysis not yet completed for this search',
    }));
    renderApp(`/searches/${SEARCH_ID}/deals`);
    expect(await screen.findByText('No analysis yet')).toBeInTheDocument();
    expect(screen.getByText('Analysis not yet completed for this search.')).toBeInTheDocument();
    expect(api.requests('GET', `/api/v1/searches/${SEARCH_ID}/results`)).toHaveLength(0);
  });

  it('shows "Search not found" for a search of another user', async () => {
    const api = installMockApi();
    signIn(api);
    api.get(/\/api\/v1\/(searches|analysis)\//, json({ detail: 'Search not found' }, 404));
    renderApp(`/searches/${SEARCH_ID}/deals`);
    expect(await screen.findByText('Search not found')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to your searches' })).toBeInTheDocument();
  });
});

describe('offers page', () => {
  it('groups offers by record, want-list groups first, with price + shipping and direct links', async () => {
    const api = setup();
    api.get(`/api/v1/analysis/search/${SEARCH_ID}/price-comparison`, json(priceComparison));
    renderApp(`/searches/${SEARCH_ID}/offers`);

    expect(await screen.findByRole('heading', { level: 2, name: 'John Coltrane – Blue Train' })).toBeInTheDocument();
    const groups = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    // the Blue Train group contains a want-list listing, so it comes before Moanin
    expect(groups.indexOf('John Coltrane – Blue Train')).toBeLessThan(groups.indexOf('Art Blakey – Moanin'));

    const group = screen.getByRole('heading', { name: 'John Coltrane – Blue Train' }).closest('li')!;
    expect(within(group).getByText(/2 offers on Discogs and eBay/)).toBeInTheDocument();
    const offers = within(group).getAllByRole('listitem');
    expect(offers).toHaveLength(2);
    // want-list listing first
    expect(within(offers[0]!).getByText('On your want list')).toBeInTheDocument();
    expect(within(offers[0]!).getByText('$25.00')).toBeInTheDocument();
    expect(within(offers[0]!).getByText('Lowest price')).toBeInTheDocument();
    expect(within(offers[0]!).getByRole('link', { name: /View on Discogs/ })).toHaveAttribute(
      'href',
      'https://www.discogs.com/sell/item/2871001',
    );
    // eBay: price + shipping = total, link from item_web_url
    expect(within(offers[1]!).getByText('$33.50')).toBeInTheDocument();
    expect(within(offers[1]!).getByText(/\+ \$5\.00 shipping/)).toBeInTheDocument();
    expect(within(offers[1]!).getByText(/jazzcrate · US · 99.1% feedback/)).toBeInTheDocument();
    expect(within(offers[1]!).getByRole('link', { name: /View on eBay/ })).toHaveAttribute(
      'href',
      'https://www.ebay.com/itm/115566778899',
    );
  });

  it("shows a record's pressings as sections of its card, cheapest pressing first", async () => {
    const api = setup();
    const [, blueTrain] = priceComparison.price_comparisons;
    const [discogs, ebay] = blueTrain!.listings;
    const pressings = [
      { key: 'catno:blp1577', label: 'Blue Note', catalog_number: 'BLP 1577', release_id: null, platforms: ['ebay'], listing_ids: [ebay!.id] },
      { key: 'release:999', label: null, catalog_number: null, release_id: '999', platforms: ['discogs'], listing_ids: [discogs!.id] },
    ];
    api.get(
      `/api/v1/analysis/search/${SEARCH_ID}/price-comparison`,
      json({ search_id: SEARCH_ID, price_comparisons: [{ ...blueTrain!, pressings }] }),
    );
    renderApp(`/searches/${SEARCH_ID}/offers`);
    const group = (await screen.findByRole('heading', { name: 'John Coltrane – Blue Train' })).closest('li')!;
    expect(within(group).getByText(/2 offers on Discogs and eBay · 2 pressings/)).toBeInTheDocument();
    const titles = within(group).getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
    expect(titles).toEqual(['Blue Note · BLP 1577', 'Release 999']);
    const first = within(group).getByRole('heading', { name: 'Blue Note · BLP 1577' }).closest('li')!;
    expect(within(first).getByRole('link', { name: /View on eBay/ })).toBeInTheDocument();
    expect(within(first).queryByRole('link', { name: /View on Discogs/ })).not.toBeInTheDocument();
  });

  it('asks for the next page of records until the last', async () => {
    const api = setup();
    const [moanin, blueTrain] = priceComparison.price_comparisons;
    api.get(`/api/v1/analysis/search/${SEARCH_ID}/price-comparison`, (req) =>
      json(
        req.query.get('cursor') === '1'
          ? { search_id: SEARCH_ID, price_comparisons: [blueTrain], next_cursor: null, total_groups: 2 }
          : { search_id: SEARCH_ID, price_comparisons: [moanin], next_cursor: '1', total_groups: 2 },
      ),
    );
    const { user } = renderApp(`/searches/${SEARCH_ID}/offers`);
    expect(await screen.findByRole('heading', { level: 2, name: 'Art Blakey – Moanin' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: '2 records' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show more records (1 of 2)' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'John Coltrane – Blue Train' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Show more records/ })).not.toBeInTheDocument();
    const cursors = api.requests('GET', `/api/v1/analysis/search/${SEARCH_ID}/price-comparison`).map((r) => r.query.get('cursor'));
    expect(cursors).toEqual([null, '1']);
  });

  it('has an empty state', async () => {
    const api = setup();
    api.get(`/api/v1/analysis/search/${SEARCH_ID}/price-comparison`, json({ search_id: SEARCH_ID, price_comparisons: [], next_cursor: null, total_groups: 0 }));
    renderApp(`/searches/${SEARCH_ID}/offers`);
    expect(await screen.findByText('No offers to compare yet')).toBeInTheDocument();
  });

  it('does not rank offers priced in different currencies', async () => {
    const api = setup();
    const [, blueTrain] = priceComparison.price_comparisons;
    const [wanted, ebay] = blueTrain!.listings;
    const inPounds = { ...ebay!, item_data: { ...ebay!.item_data, currency: 'GBP' } };
    api.get(
      `/api/v1/analysis/search/${SEARCH_ID}/price-comparison`,
      json({
        search_id: SEARCH_ID,
        price_comparisons: [{ ...blueTrain!, listings: [wanted!, inPounds] }],
        next_cursor: null,
        total_groups: 1,
      }),
    );
    renderApp(`/searches/${SEARCH_ID}/offers`);
    const group = (await screen.findByRole('heading', { name: 'John Coltrane – Blue Train' })).closest('li')!;
    expect(within(group).getByText('2 offers on Discogs and eBay')).toBeInTheDocument();
    expect(within(group).queryByText(/with shipping/)).not.toBeInTheDocument();
    expect(within(group).queryByText('Lowest price')).not.toBeInTheDocument();
  });

  it('opens the price history of an offer', async () => {
    const api = setup();
    api.get(`/api/v1/analysis/search/${SEARCH_ID}/price-comparison`, json(priceComparison));
    api.get('/api/v1/price-history/ebay/v1%7C115566778899%7C0', json({
      platform: 'ebay',
      listing_id: 'v1|115566778899|0',
      currency: 'EUR',
      rates_date: '2026-12-01',
      points: [
        { at: '2026-11-20T08:00:00Z', price: 31.28, currency: 'EUR', original_price: { amount: 34.0, currency: 'USD' } },
        { at: '2026-11-22T08:00:00Z', price: 3000, currency: 'SEK' },
        { at: '2026-11-24T08:00:00Z', price: 26.22, currency: 'EUR', original_price: { amount: 28.5, currency: 'USD' } },
      ],
    }));
    const { user } = renderApp(`/searches/${SEARCH_ID}/offers`);
    await user.click(await screen.findByRole('button', { name: /Price history: John Coltrane - Blue Train LP/ }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByRole('img', { name: /2 points.*lowest €26\.22, highest €31\.28/ })).toBeInTheDocument();
    expect(within(dialog).getByTestId('history-basis')).toHaveTextContent(
      'Amounts in EUR · converted with the exchange rates of 2026-12-01 · prices in SEK left out (no exchange rate)',
    );
    expect(within(dialog).getByText('$28.50 · ≈ €26.22')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('search detail page', () => {
  it('lists results with want-list badge, condition, price with shipping, seller and links', async () => {
    const api = setup();
    api.get(`/api/v1/searches/${SEARCH_ID}/runs/latest`, json({ detail: 'Search has not run yet' }, 404));
    const { user } = renderApp(`/searches/${SEARCH_ID}`);
    const card = await screen.findByRole('article', { name: 'John Coltrane - Blue Train' });
    expect(within(card).getByText('On your want list')).toBeInTheDocument();
    expect(within(card).getByText('Media: Very Good Plus (VG+) · Sleeve: Very Good (VG)')).toBeInTheDocument();
    expect(within(card).getByText('$31.00')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'groovehouse' })).toHaveAttribute(
      'href',
      'https://www.discogs.com/seller/groovehouse/profile',
    );
    expect(within(card).getByRole('link', { name: /Release page/ })).toHaveAttribute(
      'href',
      'https://www.discogs.com/release/1234567',
    );
    expect(screen.getByRole('heading', { name: /4 listings · 2 on your want list/ })).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Platform'), 'ebay');
    expect(screen.getAllByRole('article')).toHaveLength(1);
    await user.selectOptions(screen.getByLabelText('Platform'), 'all');
    await user.click(screen.getByLabelText('Want list only'));
    expect(screen.getAllByRole('article')).toHaveLength(2);
  });

  it("shows each result's amounts in the user's currency beside the listed ones", async () => {
    const api = installMockApi();
    signIn(api);
    api.get(`/api/v1/searches/${SEARCH_ID}`, json(search));
    api.get(`/api/v1/searches/${SEARCH_ID}/runs/latest`, json({ detail: 'Search has not run yet' }, 404));
    const inEuros = {
      ...results[0]!,
      currency: 'EUR',
      price: 23.0,
      landed_cost: 28.52,
      shipping_estimated: false,
      original_price: { amount: 25.0, currency: 'USD' },
      rates_date: '2026-12-01',
    };
    const noRate = { ...results[2]!, currency: 'EUR', price: null, landed_cost: null, rates_date: null };
    api.get(`/api/v1/searches/${SEARCH_ID}/results`, json([inEuros, noRate]));
    renderApp(`/searches/${SEARCH_ID}`);
    const card = await screen.findByRole('article', { name: 'John Coltrane - Blue Train' });
    expect(within(card).getByTestId('converted-price')).toHaveTextContent('Listed at $25.00 · ≈ €23.00 (rates of 2026-12-01)');
    expect(within(card).getByTestId('landed-cost')).toHaveTextContent('Landed cost to you €28.52');
    const other = screen.getByRole('article', { name: 'Art Blakey - Moanin' });
    expect(within(other).getByTestId('unconverted-price')).toHaveTextContent('No exchange rate for USD: not counted in EUR amounts');
  });

  it('has an empty state with a Run button', async () => {
    const api = installMockApi();
    signIn(api);
    api.get(`/api/v1/searches/${SEARCH_ID}`, json({ ...search, last_run_at: null }));
    api.get(`/api/v1/searches/${SEARCH_ID}/results`, json([]));
    api.get(`/api/v1/searches/${SEARCH_ID}/runs/latest`, json({ detail: 'Search has not run yet' }, 404));
    renderApp(`/searches/${SEARCH_ID}`);
    expect(await screen.findByText('No results yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run this search now' })).toBeInTheDocument();
  });
});
