import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { timing } from '../../lib/timing';
import { installMockApi, json } from '../../test/fetchMock';
import { search, search2 } from '../../test/fixtures';
import { renderApp, signIn } from '../../test/render';

const original = { ...timing };
beforeEach(() => {
  Object.assign(timing, { syncPollMs: 20, syncIdlePollMs: 60_000, syncMinWaitMs: 60, syncGiveUpMs: 3000 });
});
afterEach(() => {
  Object.assign(timing, original);
});

const NEVER = { id: '', item_count: 0, last_sync_at: null };
const SANDBOX = { status: 'healthy', marketplace: 'sandbox', marketplaces: { discogs: 'sandbox', ebay: 'sandbox' } };

function setup({ linked = true, searches = [search, search2] } = {}) {
  const api = installMockApi();
  signIn(api);
  api.get('/api/v1/collections/status', json(NEVER));
  api.get('/api/v1/collections/wantlist/status', json(NEVER));
  api.get('/api/v1/oauth/status/discogs', json({ provider: 'discogs', is_configured: true, is_authorized: linked, username: linked ? 'crate_digger' : null }));
  api.get('/api/v1/searches', json(searches));
  return api;
}

describe('dashboard', () => {
  it('shows counts, setup progress and recent searches', async () => {
    const api = setup({
      linked: true,
      searches: [{ ...search, last_run_at: null }, { ...search2, created_at: '2026-11-22T00:00:00Z' }],
    });
    api.get('/api/v1/collections/status', json({ id: 'c1', item_count: 312, last_sync_at: '2026-11-24T07:00:00Z' }));
    renderApp('/dashboard');
    expect(await screen.findByText('312')).toBeInTheDocument();
    expect(screen.getByText('never synced')).toBeInTheDocument();
    const setupCard = (await screen.findByRole('heading', { name: 'Get started' })).closest('section')!;
    expect(within(setupCard).getByText('3 of 4 steps done')).toBeInTheDocument();
    expect(within(setupCard).getByRole('progressbar')).toHaveAttribute('value', '3');
    const recent = screen.getByRole('heading', { name: 'Recent searches' }).closest('section')!;
    const links = within(recent).getAllByRole('link').filter((a) => a.getAttribute('href')?.startsWith('/searches/'));
    expect(links.map((a) => a.textContent)).toEqual(['Kind of Blue', 'Blue Note first pressings']);
    expect(within(setupCard).getByRole('link', { name: 'Run one' })).toHaveAttribute('href', '/searches');
  });

  it('hides the setup card when everything is done and shows the sandbox banner', async () => {
    const api = setup({ linked: true, searches: [search] });
    api.get('/health', json(SANDBOX));
    api.get('/api/v1/collections/wantlist/status', json({ id: 'w1', item_count: 45, last_sync_at: '2026-11-24T07:00:00Z' }));
    renderApp('/dashboard');
    expect(await screen.findByText('45')).toBeInTheDocument();
    expect(await screen.findByText('Sandbox data.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Get started' })).not.toBeInTheDocument();
  });

  it('syncs and follows the status until last_sync_at moves', async () => {
    const api = setup({ linked: true });
    api.post('/api/v1/collections/sync', () => {
      const done = new Date(Date.now() + 40).toISOString();
      let polls = 0;
      api.get('/api/v1/collections/status', () => json(++polls > 2 ? { id: 'c1', item_count: 120, last_sync_at: done } : NEVER));
      api.get('/api/v1/collections/wantlist/status', () => json(polls > 2 ? { id: 'w1', item_count: 45, last_sync_at: done } : NEVER));
      return json({ message: 'Collection and want list sync queued successfully' });
    });
    const { user } = renderApp('/dashboard');
    await user.click(await screen.findByRole('button', { name: 'Sync collection and want list' }));
    expect(await screen.findByText('Collection and want list sync queued successfully')).toBeInTheDocument();
    expect(screen.getByText(/Syncing your collection and want list from Discogs/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Collection only' })).toBeDisabled();
    expect(
      await screen.findByText('Sync finished: 120 records in your collection, 45 records on your want list.', {}, { timeout: 2000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('120')).toBeInTheDocument();
    expect(screen.queryByText(/Syncing your collection/)).not.toBeInTheDocument();
  });

  it('syncs one list with its own endpoint', async () => {
    const api = setup({ linked: true });
    api.post('/api/v1/collections/sync/wantlist', json({ message: 'Want list sync queued successfully' }));
    const { user } = renderApp('/dashboard');
    await user.click(await screen.findByRole('button', { name: 'Want list only' }));
    expect(await screen.findByText('Want list sync queued successfully')).toBeInTheDocument();
    expect(screen.getByText(/Syncing your want list/)).toBeInTheDocument();
    expect(api.requests('POST', '/api/v1/collections/sync/wantlist')).toHaveLength(1);
  });

  it('asks to connect Discogs before syncing', async () => {
    setup({ linked: false, searches: [] });
    renderApp('/dashboard');
    expect(await screen.findByRole('link', { name: 'Connect your Discogs account' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sync collection and want list' })).toBeDisabled();
    expect(await screen.findByText('0 of 4 steps done')).toBeInTheDocument();
    expect(screen.getByText(/No saved searches yet/)).toBeInTheDocument();
  });

  it('names the marketplace the sandbox stands in for when the other one is real', async () => {
    const api = setup({ linked: false, searches: [] });
    api.get('/health', json({ status: 'healthy', marketplace: 'mixed', marketplaces: { discogs: 'real', ebay: 'sandbox' } }));
    renderApp('/dashboard');
    expect(await screen.findByText('Sandbox data for eBay.')).toBeInTheDocument();
    expect(screen.getByRole('note')).toHaveTextContent('Discogs is the real one');
    // Real Discogs: its lists come from a linked account only.
    expect(await screen.findByRole('link', { name: 'Connect your Discogs account' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sync collection and want list' })).toBeDisabled();
  });

  it('shows no banner when both marketplaces are real', async () => {
    const api = setup({ linked: true, searches: [search] });
    api.get('/health', json({ status: 'healthy', marketplace: 'real', marketplaces: { discogs: 'real', ebay: 'real' } }));
    renderApp('/dashboard');
    await waitFor(() => expect(api.requests('GET', '/health')).toHaveLength(1));
    expect(await screen.findByRole('heading', { name: 'Recent searches' })).toBeInTheDocument();
    expect(screen.queryByRole('note')).not.toBeInTheDocument();
  });

  it('shows the hourly limit when the API refuses a sync with 429', async () => {
    const api = setup();
    const detail = 'You can sync at most 6 times per hour. Try again in 5 minutes.';
    api.post('/api/v1/collections/sync', json({ detail }, 429, { 'Retry-After': '300' }));
    const { user } = renderApp('/dashboard');
    await user.click(await screen.findByRole('button', { name: 'Sync collection and want list' }));
    expect(await screen.findByText(detail)).toBeInTheDocument();
    expect(screen.getByText(detail).closest('[role="alert"]')).not.toBeNull();
    // Nothing is being synced: the button is ready again and the status is not polled fast.
    expect(screen.getByRole('button', { name: 'Sync collection and want list' })).toBeEnabled();
    expect(api.requests('POST', '/api/v1/collections/sync')).toHaveLength(1);
  });

  it('syncs the sandbox user without a linked account in sandbox mode', async () => {
    const api = setup({ linked: false, searches: [] });
    api.get('/health', json(SANDBOX));
    api.post('/api/v1/collections/sync', json({ message: 'Collection and want list sync queued successfully' }));
    const { user } = renderApp('/dashboard');
    expect(await screen.findByText(/a sync loads the sandbox user's collection and want list/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Connect your Discogs account' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sync collection and want list' }));
    expect(await screen.findByText('Collection and want list sync queued successfully')).toBeInTheDocument();
    expect(api.requests('POST', '/api/v1/collections/sync')).toHaveLength(1);
  });
});
