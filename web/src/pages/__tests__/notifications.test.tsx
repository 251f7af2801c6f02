import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Notification, NotifySettings } from '../../api/types';
import { installMockApi, json, type MockApi } from '../../test/fetchMock';
import { SEARCH_ID, search } from '../../test/fixtures';
import { findAlert, renderApp, signIn } from '../../test/render';

const WANTED: Notification = {
  id: 'wanted-ebay-v1|111|0',
  kind: 'wanted',
  headline: 'Wanted: Miles Davis - Kind Of Blue for $25.00',
  search_id: SEARCH_ID,
  search_name: 'Kind of Blue',
  listings: [
    {
      platform: 'ebay',
      listing_id: 'v1|111|0',
      title: 'Miles Davis - Kind Of Blue',
      price: { amount: 25, minor: 2500, currency: 'USD' },
      shipping: null,
      condition: 'Near Mint (NM or M-)',
      seller: { name: 'vinylvault', feedback_percentage: 99.8, feedback_count: 512, location: 'US' },
      url: 'https://www.ebay.com/itm/111',
      image_url: null,
    },
  ],
  previous_price: null,
  bundle: null,
  created_at: '2026-12-01T09:00:00Z',
  read_at: null,
  delivery: 'instant',
};
const DROP: Notification = {
  ...WANTED,
  id: 'drop-ebay-v1|222|0',
  kind: 'price_drop',
  headline: 'Price drop: Miles Davis - Milestones $20.00 → $16.00',
  listings: [{ ...WANTED.listings[0]!, listing_id: 'v1|222|0', title: 'Miles Davis - Milestones' }],
  previous_price: { amount: 20, minor: 2000, currency: 'USD' },
  read_at: '2026-12-01T10:00:00Z',
};

const SETTINGS: NotifySettings = {
  email_enabled: false,
  email: 'digger@example.com',
  webhook: null,
  daily_cap: 20,
  quiet_hours: null,
  time_zone: 'UTC',
  digest_hour: 8,
};

function setup(notes: Notification[] = [WANTED, DROP]) {
  const api = installMockApi();
  signIn(api);
  const unread = () => notes.filter((n) => !n.read_at).length;
  api.get('/api/v1/notifications', () => json({ unread_count: unread(), notifications: notes }));
  return { api, notes };
}

const bell = () => screen.getByRole('link', { name: /^Notifications/ });

describe('notification centre', { timeout: 30_000 }, () => {
  it('shows the unread count on the bell and the alerts with their record, price, seller and links', async () => {
    setup();
    const { user } = renderApp('/dashboard');
    await waitFor(() => expect(bell()).toHaveAccessibleName('Notifications, 1 unread alert'), { timeout: 10_000 });
    expect(within(bell()).getByText('1')).toBeInTheDocument();

    await user.click(bell());
    expect(await screen.findByRole('heading', { level: 1, name: 'Notifications' })).toBeInTheDocument();
    const wanted = screen.getByRole('listitem', { name: WANTED.headline });
    expect(within(wanted).getByText('Wanted record')).toBeInTheDocument();
    expect(within(wanted).getByText('Unread')).toBeInTheDocument();
    expect(within(wanted).getByRole('link', { name: 'Miles Davis - Kind Of Blue' })).toHaveAttribute('href', 'https://www.ebay.com/itm/111');
    expect(within(wanted).getByText('$25.00')).toBeInTheDocument();
    expect(within(wanted).getByText(/vinylvault \(99.8 % positive\)/)).toBeInTheDocument();
    expect(within(wanted).getByRole('link', { name: 'Open “Kind of Blue”' })).toHaveAttribute('href', `/searches/${SEARCH_ID}`);
    const drop = screen.getByRole('listitem', { name: DROP.headline });
    expect(within(drop).getByText('Price drop')).toBeInTheDocument();
    expect(within(drop).queryByRole('button', { name: 'Mark read' })).not.toBeInTheDocument();
  });

  it('marks one alert read, then all, and the bell follows', async () => {
    const third = { ...WANTED, id: 'wanted-ebay-v1|333|0', headline: 'Wanted: Miles Davis - Sketches of Spain for $30.00' };
    const { api, notes } = setup([WANTED, third, DROP]);
    const read = (id: string) => (notes.find((n) => n.id === id)!.read_at = '2026-12-01T11:00:00Z');
    api.post(/\/api\/v1\/notifications\/.+\/read$/, (req) => {
      read(decodeURIComponent(req.path.split('/')[4]!));
      return json({ marked: 1 });
    });
    api.post('/api/v1/notifications/read-all', () => {
      notes.forEach((n) => (n.read_at ??= '2026-12-01T11:00:00Z'));
      return json({ marked: 1 });
    });
    const { user } = renderApp('/notifications');
    expect(await screen.findByText('2 unread alerts.')).toBeInTheDocument();

    await user.click(within(screen.getByRole('listitem', { name: WANTED.headline })).getByRole('button', { name: 'Mark read' }));
    expect(await screen.findByText('1 unread alert.')).toBeInTheDocument();
    expect(api.requests('POST', `/api/v1/notifications/${encodeURIComponent(WANTED.id)}/read`)).toHaveLength(1);
    await waitFor(() => expect(bell()).toHaveAccessibleName('Notifications, 1 unread alert'), { timeout: 10_000 });

    await user.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(await screen.findByText('All read.')).toBeInTheDocument();
    await waitFor(() => expect(bell()).toHaveAccessibleName('Notifications'), { timeout: 10_000 });
    expect(screen.queryByRole('button', { name: 'Mark read' })).not.toBeInTheDocument();
  });

  it('says what alerts are when there are none', async () => {
    setup([]);
    renderApp('/notifications');
    expect(await screen.findByRole('heading', { name: 'No alerts yet' })).toBeInTheDocument();
  });
});

function settingsApi(initial: NotifySettings = SETTINGS): MockApi {
  const { api } = setup([]);
  api.get('/api/v1/oauth/status/discogs', json({ provider: 'discogs', is_configured: true, is_authorized: false, username: null }));
  api.get('/api/v1/oauth/status/ebay', json({ provider: 'ebay', is_configured: true, is_authorized: false, username: null }));
  api.get('/api/v1/config/preferences', json({ min_record_condition: 'VG+', min_sleeve_condition: 'VG+', seller_location_preference: 'US', check_interval_hours: 24 }));
  api.get('/api/v1/notifications/settings', json(initial));
  return api;
}

const alertsSection = async () => (await screen.findByRole('heading', { name: 'Alerts' })).closest('section')!;

// Typing into several fields takes a while on a busy machine.
describe('alert settings', { timeout: 30_000 }, () => {
  it('saves e-mail, a webhook, the cap, the digest hour and quiet hours; shows the secret once', async () => {
    const api = settingsApi();
    api.put('/api/v1/notifications/settings', (req) => {
      const body = req.body as Record<string, unknown>;
      const hook = body.webhook as { url: string; format: 'discord'; enabled: boolean };
      return json({
        ...SETTINGS,
        email_enabled: body.email_enabled as boolean,
        daily_cap: body.daily_cap as number,
        digest_hour: body.digest_hour as number,
        time_zone: body.time_zone as string,
        quiet_hours: body.quiet_hours as NotifySettings['quiet_hours'],
        webhook: { ...hook, has_secret: true },
        webhook_secret: 'c2VjcmV0LXNob3duLW9uY2U',
      });
    });
    const { user } = renderApp('/settings');
    const section = await alertsSection();
    await within(section).findByLabelText('Webhook URL', {}, { timeout: 10_000 });
    await user.click(await within(section).findByRole('checkbox', { name: /E-mail alerts to digger@example.com/ }));
    await user.type(within(section).getByLabelText('Webhook URL'), 'https://discord.com/api/webhooks/1/abc');
    await user.selectOptions(within(section).getByLabelText('Payload format'), 'discord');
    await user.clear(within(section).getByLabelText('Instant alerts per day'));
    await user.type(within(section).getByLabelText('Instant alerts per day'), '5');
    await user.selectOptions(within(section).getByLabelText('Daily digest at'), '7');
    await user.clear(within(section).getByLabelText('Time zone'));
    await user.type(within(section).getByLabelText('Time zone'), 'Europe/Berlin');
    await user.click(within(section).getByRole('checkbox', { name: /Quiet hours/ }));
    await user.click(within(section).getByRole('button', { name: 'Save alert settings' }));

    expect(await within(section).findByTestId('webhook-secret')).toHaveTextContent('c2VjcmV0LXNob3duLW9uY2U');
    expect(api.requests('PUT', '/api/v1/notifications/settings')[0]!.body).toEqual({
      email_enabled: true,
      daily_cap: 5,
      digest_hour: 7,
      time_zone: 'Europe/Berlin',
      quiet_hours: { start_hour: 22, end_hour: 7 },
      webhook: { url: 'https://discord.com/api/webhooks/1/abc', format: 'discord', enabled: true },
    });
    await user.click(within(section).getByRole('button', { name: 'I have copied it' }));
    expect(within(section).queryByTestId('webhook-secret')).not.toBeInTheDocument();
  });

  it('shows the API refusing a private webhook address, and checks the cap before sending', async () => {
    const api = settingsApi();
    api.put('/api/v1/notifications/settings', json({
      detail: [{ type: 'value_error', loc: ['body', 'webhook.url'], msg: 'the address 10.0.0.5 is not public', input: 'https://10.0.0.5/hook' }],
    }, 422));
    const { user } = renderApp('/settings');
    const section = await alertsSection();
    await within(section).findByLabelText('Webhook URL', {}, { timeout: 10_000 });
    await user.clear(await within(section).findByLabelText('Instant alerts per day'));
    await user.type(within(section).getByLabelText('Instant alerts per day'), '501');
    await user.click(within(section).getByRole('button', { name: 'Save alert settings' }));
    expect(await findAlert('Daily cap: a whole number from 0 to 500.')).toBeInTheDocument();
    expect(api.requests('PUT', '/api/v1/notifications/settings')).toHaveLength(0);

    await user.clear(within(section).getByLabelText('Instant alerts per day'));
    await user.type(within(section).getByLabelText('Instant alerts per day'), '20');
    await user.type(within(section).getByLabelText('Webhook URL'), 'https://10.0.0.5/hook');
    await user.click(within(section).getByRole('button', { name: 'Save alert settings' }));
    expect(await findAlert(/not public/)).toBeInTheDocument();
  });

  it('sends a test push and makes a new secret for a saved webhook', async () => {
    const api = settingsApi({ ...SETTINGS, webhook: { url: 'https://ntfy.sh/digs', format: 'ntfy', enabled: true, has_secret: true } });
    api.post('/api/v1/notifications/webhook/test', json({ delivered: true, status: 200, error: null }));
    api.post('/api/v1/notifications/webhook/secret', json({ webhook_secret: 'bmV3LXNlY3JldA' }));
    const { user } = renderApp('/settings');
    const section = await alertsSection();
    await within(section).findByLabelText('Webhook URL', {}, { timeout: 10_000 });
    expect(await within(section).findByLabelText('Webhook URL')).toHaveValue('https://ntfy.sh/digs');
    await user.click(within(section).getByRole('button', { name: 'Send test' }));
    expect(await screen.findByText('Test alert sent: the webhook answered HTTP 200.')).toBeInTheDocument();
    await user.click(within(section).getByRole('button', { name: 'New signing secret' }));
    expect(await within(section).findByTestId('webhook-secret')).toHaveTextContent('bmV3LXNlY3JldA');
  });
});

describe("a search's alert rule", { timeout: 30_000 }, () => {
  it('is read when opened and saved with its triggers, threshold and delivery', async () => {
    const { api } = setup([]);
    api.get(`/api/v1/searches/${SEARCH_ID}`, json(search));
    api.get(`/api/v1/searches/${SEARCH_ID}/results`, json([]));
    api.get(`/api/v1/searches/${SEARCH_ID}/runs/latest`, json({ detail: 'Search has not run yet' }, 404));
    const rule = { wanted: true, price_drop: true, bundle: true, price_drop_percent: 10, delivery: 'instant' };
    api.get(`/api/v1/searches/${SEARCH_ID}/alerts`, json(rule));
    api.put(`/api/v1/searches/${SEARCH_ID}/alerts`, (req) => json(req.body));
    const { user } = renderApp(`/searches/${SEARCH_ID}`);
    const summary = await screen.findByText('Alerts for this search', {}, { timeout: 10_000 });
    expect(api.requests('GET', `/api/v1/searches/${SEARCH_ID}/alerts`)).toHaveLength(0);
    await user.click(summary);
    const form = await screen.findByRole('form', { name: 'Alerts for this search' });
    await user.click(within(form).getByRole('checkbox', { name: /several wanted records/ }));
    await user.clear(within(form).getByLabelText('Price drop of at least (%)'));
    await user.type(within(form).getByLabelText('Price drop of at least (%)'), '20');
    await user.selectOptions(within(form).getByLabelText('Send'), 'digest');
    await user.click(within(form).getByRole('button', { name: 'Save alerts' }));
    await waitFor(() => expect(api.requests('PUT', `/api/v1/searches/${SEARCH_ID}/alerts`)).toHaveLength(1));
    expect(api.requests('PUT', `/api/v1/searches/${SEARCH_ID}/alerts`)[0]!.body).toEqual({
      wanted: true,
      price_drop: true,
      bundle: false,
      price_drop_percent: 20,
      delivery: 'digest',
    });
  });
});
