// Issue #16 in the browser on the real local stack: a collector in Berlin chooses euros and
// Germany in the settings, runs a search whose sandbox listings are priced in dollars, pounds and
// euros, and reads every amount in euros, with the listed price beside the converted one and the
// exchange rates' date.
import { expect, test, type Page } from '@playwright/test';
import { apiGet, logIn, register, snap, toast, uniqueEmail } from './support';

test.describe.configure({ mode: 'serial' });

const email = uniqueEmail('e2e-euro');
let page: Page;
let searchId = '';

async function api<T>(method: 'POST' | 'PUT', path: string, body: unknown): Promise<T> {
  const token = await page.evaluate(() => sessionStorage.getItem('access_token'));
  const response = await page.request.fetch(path, {
    method,
    data: body,
    headers: { authorization: `Bearer ${token ?? ''}` },
  });
  expect(response.ok(), `${method} ${path}`).toBe(true);
  return (await response.json()) as T;
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await register(page, email);
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, email);
  await expect(page).not.toHaveURL(/\/login$/);
});

test.afterAll(async () => {
  await page.close();
});

test('settings: show amounts in euros and ship to Germany', async () => {
  await page.goto('/settings');
  const currency = page.getByLabel('Show amounts in');
  await expect(currency).toHaveValue('USD');
  await currency.selectOption('EUR');
  await page.getByLabel('Ship to').selectOption('DE');
  await page.getByRole('button', { name: 'Save preferences' }).click();
  await expect(toast(page, 'Preferences saved.')).toBeVisible();
  await snap(page, '51-settings-euro-germany');
  const saved = await apiGet<{ currency: string; country: string | null }>(page, '/api/v1/config/preferences');
  expect(saved).toMatchObject({ currency: 'EUR', country: 'DE' });
  await page.reload();
  await expect(page.getByLabel('Show amounts in')).toHaveValue('EUR');
  await expect(page.getByLabel('Ship to')).toHaveValue('DE');
});

test('a search with listings in several currencies', async () => {
  const search = await api<{ id: string }>('POST', '/api/v1/searches', { name: 'Euro LPs', query: 'lp', platform: 'both' });
  searchId = search.id;
  await api('POST', `/api/v1/searches/${searchId}/run`, {});
  await expect
    .poll(async () => (await apiGet<{ status: string }>(page, `/api/v1/searches/${searchId}/runs/latest`)).status, {
      timeout: 60_000,
    })
    .toBe('completed');
});

test('deals: every amount in euros, with the rates date', async () => {
  const today = new Date().toISOString().slice(0, 10);
  await page.goto(`/searches/${searchId}/deals`);
  await expect(page.getByTestId('amounts-basis')).toContainText(`Amounts in EUR · converted with the exchange rates of ${today}`);
  const lowest = page.locator('.stat').filter({ hasText: 'Lowest price' }).locator('.stat-value');
  await expect(lowest).toHaveText(/^€\d+\.\d\d$/);
  const deals = page.getByRole('region', { name: 'Multi-record deals' }).locator('li.deal');
  expect(await deals.count()).toBeGreaterThan(0);
  await expect(deals.first().getByText('Total cost').locator('xpath=following-sibling::dd')).toHaveText(/^€/);
  await expect(page.locator('section[aria-labelledby="sellers-title"]')).not.toContainText('$');
  const analysis = await apiGet<{ analysis: { currency: string; other_currency_results: number } }>(
    page,
    `/api/v1/analysis/search/${searchId}/analysis`,
  );
  expect(analysis.analysis).toMatchObject({ currency: 'EUR', other_currency_results: 0 });
  await snap(page, '52-deals-in-euros');
});

test('offers: the listed price beside the converted one, and the landed cost', async () => {
  await page.goto(`/searches/${searchId}/offers`);
  await expect(page.getByTestId('amounts-basis')).toContainText('Prices in EUR');
  const converted = page.getByTestId('converted-price');
  await expect(converted.first()).toBeVisible();
  await expect(converted.filter({ hasText: /Listed at \$\d+\.\d\d · ≈ €\d+\.\d\d/ }).first()).toBeVisible();
  await expect(converted.filter({ hasText: /Listed at £\d+\.\d\d · ≈ €\d+\.\d\d/ }).first()).toBeVisible();
  await expect(page.getByText(/Landed cost to you €\d+\.\d\d/).first()).toBeVisible();
  await snap(page, '53-offers-converted');
});

test('results: each listing in euros beside its listed price, and its price history converted', async () => {
  await page.goto(`/searches/${searchId}`);
  const converted = page.getByTestId('converted-price');
  await expect(converted.filter({ hasText: /Listed at [$£]\d+\.\d\d · ≈ €\d+\.\d\d/ }).first()).toBeVisible();
  await expect(page.getByTestId('landed-cost').filter({ hasText: /Landed cost to you €\d+\.\d\d/ }).first()).toBeVisible();
  await snap(page, '54-results-in-euros');
  const card = page.locator('article.result').filter({ has: page.getByTestId('converted-price') }).first();
  await card.getByRole('button', { name: /Price history/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('history-basis')).toContainText('Amounts in EUR · converted with the exchange rates of');
  await expect(dialog.getByRole('img', { name: /€\d+\.\d\d/ })).toBeVisible();
  await snap(page, '55-price-history-in-euros');
  await page.keyboard.press('Escape');
});
