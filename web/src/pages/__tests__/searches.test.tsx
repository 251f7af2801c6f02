import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SavedSearch } from '../../api/types';
import { timing } from '../../lib/timing';
import { installMockApi, json } from '../../test/fetchMock';
import { SEARCH_ID, SEARCH_2_ID, run, search, search2 } from '../../test/fixtures';
import { renderApp, signIn } from '../../test/render';

const original = { ...timing };
beforeEach(() => {
  timing.runPollMs = 25;
});
afterEach(() => {
  Object.assign(timing, original);
});

function setup(list: SavedSearch[] = [search, search2]) {
  const api = installMockApi();
  signIn(api);
  api.get('/api/v1/searches', json(list));
  api.get(/\/runs\/latest$/, json({ detail: 'Search has not run yet' }, 404));
  return api;
}

const row = (name: string) => screen.getByRole('heading', { name }).closest('li')!;

describe('searches page', () => {
  it('lists searches with their settings and last-run state', async () => {
    const api = setup();
    api.get(`/api/v1/searches/${SEARCH_ID}/runs/latest`, json(run()));
    renderApp('/searches');
    expect(await screen.findByRole('heading', { name: 'Blue Note first pressings' })).toBeInTheDocument();
    const first = row('Blue Note first pressings');
    expect(within(first).getByText('blue note 1500 series')).toBeInTheDocument();
    expect(within(first).getByText('Discogs + eBay')).toBeInTheDocument();
    expect(within(first).getByText('record ≥ VG+, sellers: US')).toBeInTheDocument();
    expect(await within(first).findByText(/Last run completed/)).toBeInTheDocument();
    const second = row('Kind of Blue');
    expect(await within(second).findByText('Not run yet.')).toBeInTheDocument();
  });

  it('shows an empty state with the create form when there are no searches', async () => {
    setup([]);
    renderApp('/searches');
    expect(await screen.findByText('No saved searches yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create search' })).toBeInTheDocument();
  });

  it('creates a search with the API field names', async () => {
    const api = setup([search]);
    const created: SavedSearch = { ...search2, id: 'new-id', name: 'Ethiopiques', query: 'ethiopiques vol 4' };
    api.post('/api/v1/searches', json(created));
    const { user } = renderApp('/searches');
    await user.click(await screen.findByRole('button', { name: 'New search' }));
    await user.click(screen.getByRole('button', { name: 'Create search' }));
    // client-side validation first
    expect(screen.getByText('Give the search a name.')).toBeInTheDocument();
    expect(screen.getByLabelText('Name')).toHaveFocus();
    expect(api.requests('POST', '/api/v1/searches')).toHaveLength(0);

    await user.type(screen.getByLabelText('Name'), 'Ethiopiques');
    await user.type(screen.getByLabelText('Search for'), 'ethiopiques vol 4');
    await user.selectOptions(screen.getByLabelText('Where'), 'ebay');
    await user.clear(screen.getByLabelText('Check every (hours)'));
    await user.type(screen.getByLabelText('Check every (hours)'), '12');
    await user.selectOptions(screen.getByLabelText('Minimum record condition'), 'NM');
    await user.click(screen.getByRole('button', { name: 'Create search' }));

    expect(await screen.findByRole('heading', { name: 'Ethiopiques' })).toBeInTheDocument();
    expect(api.requests('POST', '/api/v1/searches')[0]!.body).toEqual({
      name: 'Ethiopiques',
      query: 'ethiopiques vol 4',
      platform: 'ebay',
      source: 'query',
      any_pressing: false,
      check_interval_hours: 12,
      min_record_condition: 'NM',
      min_sleeve_condition: null,
      seller_location_preference: null,
    });
  });

  it('creates a want-list search without a query, any pressing', async () => {
    const api = setup([search]);
    const created: SavedSearch = { ...search2, id: 'want-id', name: 'My wants', query: '', source: 'wantlist', any_pressing: true };
    api.post('/api/v1/searches', json(created));
    const { user } = renderApp('/searches');
    await user.click(await screen.findByRole('button', { name: 'New search' }));
    await user.type(screen.getByLabelText('Name'), 'My wants');
    await user.selectOptions(screen.getByLabelText('Watch'), 'wantlist');
    await user.click(screen.getByLabelText('Any pressing satisfies a want'));
    await user.click(screen.getByRole('button', { name: 'Create search' }));

    expect(await screen.findByRole('heading', { name: 'My wants' })).toBeInTheDocument();
    expect(screen.getByText('Want list, any pressing')).toBeInTheDocument();
    expect(api.requests('POST', '/api/v1/searches')[0]!.body).toMatchObject({
      name: 'My wants',
      query: '',
      source: 'wantlist',
      any_pressing: true,
    });
  });

  it('shows the server detail when creating fails', async () => {
    const api = setup([search]);
    api.post('/api/v1/searches', json({ detail: [{ type: 'enum', loc: ['body', 'platform'], msg: "Input should be 'ebay', 'discogs' or 'both'" }] }, 422));
    const { user } = renderApp('/searches');
    await user.click(await screen.findByRole('button', { name: 'New search' }));
    await user.type(screen.getByLabelText('Name'), 'x');
    await user.type(screen.getByLabelText('Search for'), 'y');
    await user.click(screen.getByRole('button', { name: 'Create search' }));
    expect(await screen.findByText("platform: Input should be 'ebay', 'discogs' or 'both'")).toHaveAttribute('role', 'alert');
  });

  it('edits a search with PUT', async () => {
    const api = setup([search]);
    api.put(`/api/v1/searches/${SEARCH_ID}`, (req) => json({ ...search, ...(req.body as object) }));
    const { user } = renderApp('/searches');
    await user.click(await screen.findByRole('button', { name: 'Edit Blue Note first pressings' }));
    const name = screen.getByLabelText('Name');
    expect(name).toHaveValue('Blue Note first pressings');
    expect(screen.getByLabelText('Minimum record condition')).toHaveValue('VG+');
    await user.clear(name);
    await user.type(name, 'Blue Note originals');
    await user.selectOptions(screen.getByLabelText('Preferred seller location'), 'EU');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('heading', { name: 'Blue Note originals' })).toBeInTheDocument();
    expect(api.requests('PUT', `/api/v1/searches/${SEARCH_ID}`)[0]!.body).toEqual({
      name: 'Blue Note originals',
      query: 'blue note 1500 series',
      platform: 'both',
      source: 'query',
      any_pressing: false,
      check_interval_hours: 24,
      min_record_condition: 'VG+',
      min_sleeve_condition: null,
      seller_location_preference: 'EU',
    });
  });

  it('follows Discogs sellers through filters, keeping the other filter keys', async () => {
    const followed: SavedSearch = { ...search, filters: { genre: 'Jazz', discogs_sellers: ['londonwax'] } };
    const api = setup([followed]);
    api.put(`/api/v1/searches/${SEARCH_ID}`, (req) => json({ ...followed, ...(req.body as object) }));
    const { user } = renderApp('/searches');
    await user.click(await screen.findByRole('button', { name: 'Edit Blue Note first pressings' }));
    const sellers = screen.getByLabelText('Discogs sellers to follow');
    expect(sellers).toHaveValue('londonwax');
    await user.type(sellers, ', crate_diggers_berlin,londonwax');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(api.requests('PUT', `/api/v1/searches/${SEARCH_ID}`)).toHaveLength(1));
    expect(api.requests('PUT', `/api/v1/searches/${SEARCH_ID}`)[0]!.body).toMatchObject({
      filters: { genre: 'Jazz', discogs_sellers: ['londonwax', 'crate_diggers_berlin'] },
    });
  });

  it("bounds the landed cost in the user's currency, keeping the other filter keys", async () => {
    const followed: SavedSearch = { ...search, filters: { genre: 'Jazz' } };
    const api = setup([followed]);
    api.get('/api/v1/config/preferences', json({ currency: 'EUR', country: 'DE' }));
    api.put(`/api/v1/searches/${SEARCH_ID}`, (req) => json({ ...followed, ...(req.body as object) }));
    const { user } = renderApp('/searches');
    await user.click(await screen.findByRole('button', { name: 'Edit Blue Note first pressings' }));
    const max = await screen.findByLabelText('Highest landed cost (EUR)');
    await user.type(max, '30');
    await user.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(api.requests('PUT', `/api/v1/searches/${SEARCH_ID}`)).toHaveLength(1));
    expect(api.requests('PUT', `/api/v1/searches/${SEARCH_ID}`)[0]!.body).toMatchObject({
      filters: { genre: 'Jazz', max_price: 30, currency: 'EUR' },
    });
  });

  it('offers no Discogs sellers field for an eBay-only search', async () => {
    setup([search]);
    const { user } = renderApp('/searches');
    await user.click(await screen.findByRole('button', { name: 'New search' }));
    expect(screen.getByLabelText('Discogs sellers to follow')).toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Where'), 'ebay');
    expect(screen.queryByLabelText('Discogs sellers to follow')).not.toBeInTheDocument();
  });

  it('pauses and resumes with is_active', async () => {
    const api = setup([search]);
    api.put(`/api/v1/searches/${SEARCH_ID}`, (req) => json({ ...search, ...(req.body as object) }));
    const { user } = renderApp('/searches');
    await user.click(await screen.findByRole('button', { name: 'Pause Blue Note first pressings' }));
    expect(await screen.findByText('Paused')).toBeInTheDocument();
    expect(api.requests('PUT', `/api/v1/searches/${SEARCH_ID}`)[0]!.body).toEqual({ is_active: false });
    await user.click(screen.getByRole('button', { name: 'Resume Blue Note first pressings' }));
    expect(await screen.findByText('Active')).toBeInTheDocument();
    expect(api.requests('PUT', `/api/v1/searches/${SEARCH_ID}`)[1]!.body).toEqual({ is_active: true });
  });

  it('deletes after confirmation', async () => {
    const api = setup();
    api.delete(`/api/v1/searches/${SEARCH_2_ID}`, json({ message: 'Search deleted successfully' }));
    const { user } = renderApp('/searches');
    await user.click(await screen.findByRole('button', { name: 'Delete Kind of Blue' }));
    expect(api.requests('DELETE', `/api/v1/searches/${SEARCH_2_ID}`)).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await user.click(screen.getByRole('button', { name: 'Delete Kind of Blue' }));
    await user.click(screen.getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Kind of Blue' })).not.toBeInTheDocument());
    expect(api.requests('DELETE', `/api/v1/searches/${SEARCH_2_ID}`)).toHaveLength(1);
    expect(await screen.findByText('Search deleted successfully')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Blue Note first pressings' })).toBeInTheDocument();
  });

  it('runs a search and shows live progress from runs/latest until it ends', async () => {
    const api = setup([search]);
    const latest = `/api/v1/searches/${SEARCH_ID}/runs/latest`;
    const states = [
      run({ id: 'run-2', status: 'queued', pending: ['discogs', 'ebay'], listings: {}, completed_at: null }),
      run({ id: 'run-2', status: 'running', pending: ['ebay'], listings: { discogs: 12 }, completed_at: null }),
      run({ id: 'run-2', status: 'running', pending: ['ebay'], listings: { discogs: 12 }, completed_at: null }),
      run({ id: 'run-2', status: 'completed', pending: [], listings: { discogs: 12, ebay: 5 }, completed_at: new Date().toISOString() }),
    ];
    let ran = false;
    let polls = 0;
    api.get(latest, () => {
      if (!ran) return json({ detail: 'Search has not run yet' }, 404);
      const s = states[Math.min(polls, states.length - 1)]!;
      polls++;
      return json(s);
    });
    api.post(`/api/v1/searches/${SEARCH_ID}/run`, () => {
      ran = true;
      return json({ message: 'Search queued successfully' });
    });
    const { user } = renderApp('/searches');
    expect(await screen.findByText('Not run yet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Run now Blue Note first pressings' }));

    expect(await screen.findByText('Running: 1 of 2 platforms done')).toBeInTheDocument();
    const progress = screen.getByText('Running: 1 of 2 platforms done').closest('[role="status"]')!;
    expect(progress).toHaveAttribute('aria-live', 'polite');
    expect(within(progress as HTMLElement).getByText(/12 listings/)).toBeInTheDocument();
    expect(within(progress as HTMLElement).getByText(/searching…/)).toBeInTheDocument();
    expect(within(progress as HTMLElement).getByRole('progressbar')).toHaveAttribute('value', '1');
    expect(screen.getByRole('button', { name: /Running…/ })).toBeDisabled();

    expect(await screen.findByText('Last run completed just now')).toBeInTheDocument();
    expect(screen.getByText('Search queued successfully')).toBeInTheDocument();
    // the list is refetched (last_run_at changed) and polling stops once the run is final
    await waitFor(() => expect(api.requests('GET', '/api/v1/searches').length).toBeGreaterThanOrEqual(2));
    const count = api.requests('GET', latest).length;
    await new Promise((r) => setTimeout(r, 150));
    expect(api.requests('GET', latest).length).toBe(count);
    expect(screen.getByRole('button', { name: 'Run now Blue Note first pressings' })).toBeEnabled();
  });

  it('keeps polling on the searches page while a run is already active', async () => {
    const api = setup([search]);
    let n = 0;
    api.get(`/api/v1/searches/${SEARCH_ID}/runs/latest`, () => {
      n++;
      return json(
        n < 3
          ? run({ status: 'running', pending: ['ebay'], listings: { discogs: 3 }, completed_at: null })
          : run({ status: 'failed', pending: [], errors: { ebay: 'eBay is not linked' }, completed_at: new Date().toISOString() }),
      );
    });
    renderApp('/searches');
    expect(await screen.findByText('Running: 1 of 2 platforms done')).toBeInTheDocument();
    expect(await screen.findByText(/Last run failed/)).toBeInTheDocument();
    expect(screen.getByText(/failed: eBay is not linked/)).toBeInTheDocument();
  });

  it('shows the hourly limit when the API refuses a run with 429', async () => {
    const api = setup([search]);
    const detail = 'You can start at most 30 runs per hour. Try again in 12 minutes.';
    api.post(`/api/v1/searches/${SEARCH_ID}/run`, json({ detail }, 429, { 'Retry-After': '720' }));
    const { user } = renderApp('/searches');
    const button = await screen.findByRole('button', { name: 'Run now Blue Note first pressings' });
    await user.click(button);
    expect(await screen.findByText(detail)).toBeInTheDocument();
    expect(screen.getByText(detail).closest('[role="alert"]')).not.toBeNull();
    expect(api.requests('POST', `/api/v1/searches/${SEARCH_ID}/run`)).toHaveLength(1);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Run now Blue Note first pressings' })).toBeEnabled());
  });

  it('shows the run already in flight when run now answers with it', async () => {
    const api = setup([search]);
    const latest = `/api/v1/searches/${SEARCH_ID}/runs/latest`;
    let started = false;
    api.get(latest, () =>
      json(
        started
          ? run({ id: 'run-9', status: 'running', pending: ['ebay'], listings: { discogs: 4 }, completed_at: null })
          : run(),
      ),
    );
    api.post(`/api/v1/searches/${SEARCH_ID}/run`, () => {
      started = true; // the scheduler's run, started a moment ago
      return json({ message: 'This search is already running', run_id: 'run-9' });
    });
    const { user } = renderApp('/searches');
    await user.click(await screen.findByRole('button', { name: 'Run now Blue Note first pressings' }));
    expect(await screen.findByText('This search is already running')).toBeInTheDocument();
    expect(await screen.findByText('Running: 1 of 2 platforms done')).toBeInTheDocument();
    expect(api.requests('POST', `/api/v1/searches/${SEARCH_ID}/run`)).toHaveLength(1);
  });

  it('shows a run error from the API', async () => {
    const api = setup([search]);
    api.post(`/api/v1/searches/${SEARCH_ID}/run`, json({ detail: 'Search not found' }, 404));
    const { user } = renderApp('/searches');
    await user.click(await screen.findByRole('button', { name: 'Run now Blue Note first pressings' }));
    expect(await screen.findByText('Search not found')).toBeInTheDocument();
    expect(screen.getByText('Search not found').closest('[role="alert"]')).not.toBeNull();
  });
});
