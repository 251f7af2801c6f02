import { expect, test, type Page } from '@playwright/test';
import { apiGet, errorCallout, logIn, register, snap, toast, uniqueEmail } from './support';

// Alerts through the real local stack: the settings refuse a metadata-address webhook (the API's
// address rule), a run of the sandbox marketplace that finds want-listed records rings the bell,
// the notification centre marks alerts read, and a search's alert rule is saved.
test.describe.configure({ mode: 'serial' });

let page: Page;
let searchId = '';
const email = uniqueEmail('alerts');

/** An API call with the signed-in tab's access token. */
async function apiSend<T>(method: 'POST' | 'PUT', path: string, data: unknown = {}): Promise<T> {
  const token = await page.evaluate(() => sessionStorage.getItem('access_token'));
  const response = await page.request.fetch(path, { method, data, headers: { authorization: `Bearer ${token ?? ''}` } });
  expect(response.ok(), `${method} ${path}: ${response.status()}`).toBe(true);
  return (await response.json()) as T;
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await register(page, email);
  // Registering ends on the login page; leaving sooner would abandon the request.
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, email);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
});

test.afterAll(async () => {
  await page.close();
});

test('alert settings: a metadata address is refused, e-mail and the cap are saved', async () => {
  await page.goto('/settings');
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Alerts', exact: true }) });
  await expect(section.getByLabel('Webhook URL')).toBeVisible();
  await section.getByRole('checkbox', { name: /E-mail alerts to/ }).check();
  await section.getByLabel('Instant alerts per day').fill('5');
  await section.getByLabel('Webhook URL').fill('http://169.254.169.254/latest/meta-data/');
  await section.getByRole('button', { name: 'Save alert settings' }).click();
  await expect(errorCallout(page)).toContainText('not public');
  await snap(page, '30-alert-settings-refused');

  await section.getByLabel('Webhook URL').fill('');
  await section.getByRole('button', { name: 'Save alert settings' }).click();
  await expect(toast(page, 'Alert settings saved.')).toBeVisible();
  const saved = await apiGet<{ email_enabled: boolean; daily_cap: number; webhook: unknown }>(page, '/api/v1/notifications/settings');
  expect(saved).toMatchObject({ email_enabled: true, daily_cap: 5, webhook: null });
  await snap(page, '31-alert-settings');
});

test('a run that finds want-listed records rings the bell; the centre marks alerts read', async () => {
  await apiSend('POST', '/api/v1/collections/sync');
  await expect
    .poll(async () => (await apiGet<{ sync_status: string }>(page, '/api/v1/collections/wantlist/status')).sync_status, { timeout: 30_000 })
    .toBe('succeeded');
  const search = await apiSend<{ id: string }>('POST', '/api/v1/searches', { name: 'Kind of Blue alerts', query: 'kind of blue', platform: 'both' });
  searchId = search.id;
  await apiSend('POST', `/api/v1/searches/${searchId}/run`);
  await expect
    .poll(async () => (await apiGet<{ unread_count: number }>(page, '/api/v1/notifications')).unread_count, { timeout: 45_000 })
    .toBeGreaterThan(0);

  await page.goto('/dashboard');
  const bell = page.getByRole('link', { name: /^Notifications, \d+ unread alerts?$/ });
  await expect(bell).toBeVisible();
  await snap(page, '32-bell-unread');
  await bell.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  const items = page.locator('.notification');
  await expect(items.first()).toContainText('Wanted record');
  await expect(items.first().getByRole('link', { name: 'Open “Kind of Blue alerts”' })).toBeVisible();
  await snap(page, '33-notifications');

  const unreadBefore = (await apiGet<{ unread_count: number }>(page, '/api/v1/notifications')).unread_count;
  await items.first().getByRole('button', { name: 'Mark read' }).click();
  await expect
    .poll(async () => (await apiGet<{ unread_count: number }>(page, '/api/v1/notifications')).unread_count)
    .toBe(unreadBefore - 1);
  if (unreadBefore > 1) await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByText('All read.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Notifications', exact: true })).toBeVisible();
  await snap(page, '34-notifications-read');
});

test("a search's alert rule: digest delivery and a 20 % threshold", async () => {
  await page.goto(`/searches/${searchId}`);
  await page.getByText('Alerts for this search').click();
  const form = page.getByRole('form', { name: 'Alerts for this search' });
  await form.getByLabel('Price drop of at least (%)').fill('20');
  await form.getByLabel('Send').selectOption('digest');
  await form.getByRole('button', { name: 'Save alerts' }).click();
  await expect(toast(page, 'Alerts for this search saved.')).toBeVisible();
  const rule = await apiGet<{ price_drop_percent: number; delivery: string }>(page, `/api/v1/searches/${searchId}/alerts`);
  expect(rule).toMatchObject({ price_drop_percent: 20, delivery: 'digest' });
  await snap(page, '35-search-alert-rule');
});
