import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SearchWant } from '../../api/types';
import { installMockApi, json } from '../../test/fetchMock';
import { SEARCH_ID, search } from '../../test/fixtures';
import { renderApp, signIn } from '../../test/render';

const WANTS: SearchWant[] = [
  {
    release_id: '3863517',
    master_id: '5460',
    artist: 'Miles Davis',
    title: 'Kind Of Blue',
    last_checked_at: null,
    any_pressing: true,
    any_pressing_override: null,
  },
  {
    release_id: '2444',
    master_id: null,
    artist: 'Pink Floyd',
    title: 'The Wall',
    last_checked_at: '2026-12-01T10:00:00Z',
    any_pressing: false,
    any_pressing_override: null,
  },
];

describe('a want-list search’s wants', () => {
  it('shows each want’s last check and saves its own pressing switch', async () => {
    const api = installMockApi();
    signIn(api);
    api.get(`/api/v1/searches/${SEARCH_ID}`, json({ ...search, source: 'wantlist', any_pressing: true }));
    api.get(`/api/v1/searches/${SEARCH_ID}/results`, json([]));
    api.get(`/api/v1/searches/${SEARCH_ID}/runs/latest`, json({ detail: 'Search has not run yet' }, 404));
    api.get(`/api/v1/searches/${SEARCH_ID}/wants`, json(WANTS));
    api.on('PATCH', `/api/v1/searches/${SEARCH_ID}/wants/3863517`, (req) => {
      const own = (req.body as { any_pressing: boolean | null }).any_pressing;
      return json({ ...WANTS[0], any_pressing: own ?? true, any_pressing_override: own });
    });
    const { user } = renderApp(`/searches/${SEARCH_ID}`);
    const summary = await screen.findByText('Wants this search watches', {}, { timeout: 10_000 });
    expect(api.requests('GET', `/api/v1/searches/${SEARCH_ID}/wants`)).toHaveLength(0);
    await user.click(summary);

    const kob = (await screen.findByRole('rowheader', { name: 'Miles Davis – Kind Of Blue' })).closest('tr')!;
    expect(within(kob).getByText('Not yet')).toBeInTheDocument();
    const select = within(kob).getByLabelText('Pressing for Kind Of Blue');
    expect(select).toHaveValue('search');
    expect(within(select).getByRole('option', { name: 'As the search (any pressing)' })).toBeInTheDocument();
    const wall = screen.getByRole('rowheader', { name: 'Pink Floyd – The Wall' }).closest('tr')!;
    expect(within(wall).getByText('This pressing (no other known)')).toBeInTheDocument();

    await user.selectOptions(select, 'exact');
    await waitFor(() => expect(api.requests('PATCH', `/api/v1/searches/${SEARCH_ID}/wants/3863517`)).toHaveLength(1));
    expect(api.requests('PATCH', `/api/v1/searches/${SEARCH_ID}/wants/3863517`)[0]!.body).toEqual({ any_pressing: false });
    await waitFor(() => expect(within(kob).getByLabelText('Pressing for Kind Of Blue')).toHaveValue('exact'));

    await user.selectOptions(within(kob).getByLabelText('Pressing for Kind Of Blue'), 'search');
    await waitFor(() => expect(api.requests('PATCH', `/api/v1/searches/${SEARCH_ID}/wants/3863517`)).toHaveLength(2));
    expect(api.requests('PATCH', `/api/v1/searches/${SEARCH_ID}/wants/3863517`)[1]!.body).toEqual({ any_pressing: null });
  });

  it('is not shown for a query search', async () => {
    const api = installMockApi();
    signIn(api);
    api.get(`/api/v1/searches/${SEARCH_ID}`, json(search));
    api.get(`/api/v1/searches/${SEARCH_ID}/results`, json([]));
    api.get(`/api/v1/searches/${SEARCH_ID}/runs/latest`, json({ detail: 'Search has not run yet' }, 404));
    renderApp(`/searches/${SEARCH_ID}`);
    expect(await screen.findByText('Alerts for this search', {}, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.queryByText('Wants this search watches')).not.toBeInTheDocument();
  });
});
