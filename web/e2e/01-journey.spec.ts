// One collector's journey through the real local stack with the sandbox marketplace: register,
// log in, link nothing, sync, create a search, run it, read results, deals and offers, edit, pause,
// delete, log out. Serial: each step starts where the previous one left the (shared) tab.
// Fixture data may grow, so counts are asserted as "> 0" and as agreeing with each other and with
// the API, never as exact numbers.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PASSWORD, apiGet, errorCallout, leadingNumber, logIn, register, snap, toast, uniqueEmail } from './support';

test.describe.configure({ mode: 'serial' });

const email = uniqueEmail('e2e-collector');
const name = `Blue records ${Date.now().toString(36)}`;
const renamed = `${name} (LPs)`;
let page: Page;
let searchId = '';
/** What the first run found, as the results page shows it (checked again on deals and offers). */
const found = { listings: 0, wanted: 0 };

interface ApiResult {
  platform: 'discogs' | 'ebay';
  is_in_wantlist: boolean;
  item_data: { price?: number };
}

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
});

test.afterAll(async () => {
  await page.close();
});

const stat = (label: string): Locator =>
  page.locator('.stat').filter({ has: page.locator('.stat-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.stat-value');

const searchRow = (title: string): Locator => page.getByRole('listitem', { name: title, exact: true });

test('register, and see the API refuse the same e-mail twice', async () => {
  await page.goto('/register');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await expect(page.getByText('Sandbox data.')).toBeVisible();
  await snap(page, '01-register');

  await register(page, email);
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('status').filter({ hasText: 'Your account is ready' })).toBeVisible();
  await expect(page.getByLabel('E-mail')).toHaveValue(email);
  await snap(page, '02-login-after-register');

  await register(page, email);
  // The API's `detail`, shown as it is.
  await expect(errorCallout(page)).toHaveText('Email already registered');
  await expect(page).toHaveURL(/\/register$/);
  await snap(page, '03-register-duplicate');
});

test('log in: a wrong password shows the API error, the right one opens the dashboard', async () => {
  await page.goto('/login');
  await logIn(page, email, `${PASSWORD}-wrong`);
  await expect(errorCallout(page)).toHaveText('Incorrect email or password');
  await snap(page, '04-login-wrong-password');

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await expect(page.locator('.user-email')).toHaveText(email);
  // A fresh account links nothing: no admin link, nothing synced, no searches.
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await expect(page.getByText('0 of 4 steps done')).toBeVisible();
  await expect(page.getByText('never synced')).toHaveCount(2);
  await expect(page.getByText(/No saved searches yet/)).toBeVisible();
  await snap(page, '05-dashboard-new');
});

test('settings: nothing is linked, the profile shows the e-mail', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'E-mail' })).toHaveValue(email);
  // The sandbox has no app credentials, so there is nothing to link to.
  await expect(page.getByText('Discogs is not available yet', { exact: false })).toBeVisible();
  await snap(page, '06-settings');
});

test('sync the sandbox want list and collection and watch it finish', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await page.getByRole('button', { name: 'Sync collection and want list' }).click();
  await expect(toast(page, 'Collection and want list sync queued successfully')).toBeVisible();
  await expect(page.getByText('Syncing your collection and want list from Discogs…')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Collection only' })).toBeDisabled();

  // The dashboard judges a sync finished at the earliest 5 s after the press.
  const finished = toast(page, /^Sync finished: /);
  await expect(finished).toBeVisible({ timeout: 45_000 });
  const [, inCollection, onWantlist] =
    /(\d+) records? in your collection, (\d+) records? on your want list/.exec((await finished.textContent()) ?? '') ?? [];
  expect(Number(inCollection)).toBeGreaterThan(0);
  expect(Number(onWantlist)).toBeGreaterThan(0);
  await expect(stat('In your collection')).toHaveText(String(inCollection));
  await expect(stat('On your want list')).toHaveText(String(onWantlist));
  await expect(page.getByText('synced just now')).toHaveCount(2);
  await expect(page.getByText('Syncing your collection')).toHaveCount(0);
  await expect(page.getByText('1 of 4 steps done')).toBeVisible();

  const status = await apiGet<{ item_count: number; sync_status: string }>(page, '/api/v1/collections/wantlist/status');
  expect(status).toMatchObject({ item_count: Number(onWantlist), sync_status: 'succeeded' });
  await snap(page, '07-dashboard-synced');
});

test('create a saved search on both platforms', async () => {
  await page.getByRole('link', { name: 'Create your first search' }).click();
  await expect(page).toHaveURL(/\/searches$/);
  const form = page.getByRole('region', { name: 'New search' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Search for').fill('kind of blue');
  await form.getByLabel('Where').selectOption('both');
  await expect(form.getByLabel('Check every (hours)')).toHaveValue('24');
  await snap(page, '08-searches-new');
  await form.getByRole('button', { name: 'Create search' }).click();

  await expect(toast(page, `Search “${name}” created.`)).toBeVisible();
  const row = searchRow(name);
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
  await expect(row.locator('dd').first()).toHaveText('kind of blue');
  await expect(row.getByText('Discogs + eBay', { exact: true })).toBeVisible();
  searchId = /\/searches\/([0-9a-f-]{36})$/.exec((await row.getByRole('link', { name, exact: true }).getAttribute('href')) ?? '')?.[1] ?? '';
  expect(searchId).not.toBe('');
});

test('run it and watch the live progress complete', async () => {
  // Note: the local scheduler (every minute) also runs a new search once, at a moment of its own
  // choosing. Pressed while that run is in flight, "run now" answers with that run and starts
  // none; nothing below assumes which of the two the page then watches.
  const row = searchRow(name);
  const progress = row.getByRole('status');
  const runButton = row.getByRole('button', { name: `Run now ${name}`, exact: true });
  await expect(runButton).toBeEnabled();
  // Record every text the live region shows: a run on the sandbox takes about a second, so the
  // intermediate states are checked from this record rather than raced.
  await progress.evaluate((el) => {
    const seen: string[] = [];
    (window as unknown as { runTexts: string[] }).runTexts = seen;
    new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  const seen = () => page.evaluate(() => (window as unknown as { runTexts: string[] }).runTexts);
  const pressed = Date.now();
  await runButton.click();
  const started = toast(page, /^(Search queued successfully|This search is already running)/);
  await expect(started).toBeVisible();
  const startedHere = (await started.textContent())?.includes('queued') ?? false;
  await expect.poll(async () => (await seen()).some((t) => /waiting for it to start|Run queued|Running: \d of 2 platforms done/.test(t))).toBe(true);
  await expect(progress).toHaveText(/^Last run completed just now$/, { timeout: 45_000 });
  await expect(runButton).toHaveText('Run now');
  await expect(row.getByText('just now', { exact: true })).toBeVisible(); // "Last run" in the details
  expect((await seen()).at(-1)).toMatch(/Last run completed/);

  // The run the page watched is the one the button started, and it found listings on both platforms.
  const run = await apiGet<{ status: string; created_at: string; listings: Record<string, number> }>(
    page,
    `/api/v1/searches/${searchId}/runs/latest`,
  );
  expect(run.status).toBe('completed');
  if (startedHere) expect(Date.parse(run.created_at)).toBeGreaterThanOrEqual(pressed - 1000);
  expect(run.listings.discogs).toBeGreaterThan(0);
  expect(run.listings.ebay).toBeGreaterThan(0);
  await snap(page, '09-searches-ran');
});

test('search detail: results from both platforms, the want-list badge, working links', async () => {
  await searchRow(name).getByRole('link', { name: `Results of ${name}`, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/searches/${searchId}$`));
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText('“kind of blue” on Discogs + eBay')).toBeVisible();

  // The run's per-platform counts, then the listings themselves.
  const perPlatform = page.locator('.run-platform');
  await expect(perPlatform).toHaveCount(2);
  // Should the scheduler's own run of this search be going on, wait for it to end (the page polls).
  await expect(perPlatform.filter({ hasText: 'Discogs' })).toHaveText(/^Discogs: \d+ listings?$/);
  await expect(perPlatform.filter({ hasText: 'eBay' })).toHaveText(/^eBay: \d+ listings?$/);
  const discogs = leadingNumber((await perPlatform.filter({ hasText: 'Discogs' }).textContent())?.split(':')[1] ?? '');
  const ebay = leadingNumber((await perPlatform.filter({ hasText: 'eBay' }).textContent())?.split(':')[1] ?? '');
  expect(discogs).toBeGreaterThan(0);
  expect(ebay).toBeGreaterThan(0);

  const heading = page.locator('#results-title');
  await expect(heading).toHaveText(/^\d+ listings? · \d+ on your want list$/);
  const headingText = (await heading.textContent()) ?? '';
  found.listings = leadingNumber(headingText);
  found.wanted = leadingNumber(headingText.split('·')[1] ?? '');
  expect(found.wanted).toBeGreaterThan(0);
  // Listings of records already owned are hidden, so at most what the run counted.
  expect(found.listings).toBeLessThanOrEqual(discogs + ebay);

  const cards = page.locator('article.result');
  await expect(cards).toHaveCount(found.listings);
  const wantedCards = cards.filter({ has: page.locator('.badge', { hasText: 'On your want list' }) });
  await expect(wantedCards).toHaveCount(found.wanted);
  await expect(cards.filter({ has: page.locator('.badge', { hasText: /^eBay$/ }) }).first()).toBeVisible();
  await expect(cards.filter({ has: page.locator('.badge', { hasText: /^Discogs$/ }) }).first()).toBeVisible();
  // Want-list listings come first; the sandbox's want list holds Kind of Blue.
  await expect(cards.first().locator('.result-title')).toHaveText(/kind of blue/i);
  await expect(cards.first().locator('.badge', { hasText: 'On your want list' })).toBeVisible();

  // The same listings, in the same order, as the API returns them.
  const api = await apiGet<ApiResult[]>(page, `/api/v1/searches/${searchId}/results`);
  expect(api).toHaveLength(found.listings);
  expect(api.filter((r) => r.is_in_wantlist)).toHaveLength(found.wanted);
  const firstPrice = api[0]?.item_data.price;
  expect(firstPrice).toBeGreaterThan(0);
  const money = (firstPrice ?? 0).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  await expect(cards.first().locator('.result-price')).toContainText(money);

  // Direct links open the listing on its marketplace in a new tab.
  for (const platform of ['Discogs', 'eBay']) {
    const link = cards.filter({ has: page.locator('.badge', { hasText: new RegExp(`^${platform}$`) }) }).first()
      .getByRole('link', { name: new RegExp(`^View on ${platform}: `) });
    await expect(link).toHaveAttribute('href', /^https?:\/\/\S+$/);
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', /noopener/);
  }
  // Every eBay listing found names the record searched for.
  for (const title of await cards.filter({ has: page.locator('.badge', { hasText: /^eBay$/ }) }).locator('.result-title').allTextContents()) {
    expect(title).toMatch(/kind of blue/i);
  }
  await snap(page, '10-search-results');

  // The filters work on what is shown.
  await page.getByLabel('Want list only').check();
  await expect(cards).toHaveCount(found.wanted);
  await page.getByLabel('Want list only').uncheck();
  await page.getByLabel('Platform').selectOption('ebay');
  await expect(cards).toHaveCount(api.filter((r) => r.platform === 'ebay').length);
  await expect(cards.locator('.badge', { hasText: /^Discogs$/ })).toHaveCount(0);
  await page.getByLabel('Platform').selectOption('all');
  await expect(cards).toHaveCount(found.listings);
});

test('deals: the analysis agrees with the results and recommends something', async () => {
  await page.getByRole('navigation', { name: 'Search views' }).getByRole('link', { name: 'Deals' }).click();
  await expect(page).toHaveURL(new RegExp(`/searches/${searchId}/deals$`));
  await expect(page.getByRole('heading', { name: `Deals: ${name}`, level: 1 })).toBeVisible();
  await expect(stat('Listings')).toHaveText(String(found.listings));
  await expect(stat('Want-list matches')).toHaveText(String(found.wanted));
  expect(leadingNumber(await stat('Sellers').textContent())).toBeGreaterThan(0);
  await expect(stat('Lowest price')).toHaveText(/^\$\d+\.\d\d$/);

  const recommendations = page.getByRole('region', { name: 'Recommendations' }).locator('li.deal');
  expect(await recommendations.count()).toBeGreaterThan(0);
  await expect(recommendations.first().locator('.badge', { hasText: / deal · \d+\.\d$/ })).toBeVisible();
  await expect(recommendations.first().getByText('Total cost')).toBeVisible();
  expect(await page.locator('section[aria-labelledby="sellers-title"] tbody tr').count()).toBeGreaterThan(0);
  await snap(page, '11-deals');
});

test('offers: prices compared per record, want-listed records first', async () => {
  await page.getByRole('navigation', { name: 'Search views' }).getByRole('link', { name: 'Offers' }).click();
  await expect(page).toHaveURL(new RegExp(`/searches/${searchId}/offers$`));
  await expect(page.getByRole('heading', { name: `Offers: ${name}`, level: 1 })).toBeVisible();
  const heading = page.locator('#offers-title');
  await expect(heading).toHaveText(/^\d+ records?$/);
  const records = leadingNumber(await heading.textContent());
  expect(records).toBeGreaterThan(0);
  const groups = page.locator('li.group');
  await expect(groups).toHaveCount(records);
  // Every listing of the results is offered (plus, for comparison, offers of records already owned).
  expect(await page.locator('li.offer').count()).toBeGreaterThanOrEqual(found.listings);
  await expect(groups.first().locator('.badge', { hasText: 'On your want list' }).first()).toBeVisible();
  await expect(groups.first().locator('.group-title')).toHaveText(/kind of blue/i);
  await expect(page.locator('li.offer .badge', { hasText: /^eBay$/ }).first()).toBeVisible();
  await expect(page.locator('li.offer .badge', { hasText: /^Discogs$/ }).first()).toBeVisible();
  // One record, one card: the sandbox lists records on both marketplaces under different titles.
  const onBoth = groups
    .filter({ has: page.locator('li.offer .badge', { hasText: /^eBay$/ }) })
    .filter({ has: page.locator('li.offer .badge', { hasText: /^Discogs$/ }) });
  expect(await onBoth.count()).toBeGreaterThan(0);
  await snap(page, '12-offers');

  await page.getByLabel('Want list only').check();
  const wantedGroups = await groups.count();
  expect(wantedGroups).toBeGreaterThan(0);
  await expect(groups.filter({ has: page.locator('.badge', { hasText: 'On your want list' }) })).toHaveCount(wantedGroups);
});

test('edit the search: a new name and query, saved', async () => {
  await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Searches' }).click();
  await searchRow(name).getByRole('button', { name: `Edit ${name}`, exact: true }).click();
  const form = searchRow(`Edit “${name}”`);
  await expect(form.getByLabel('Name')).toHaveValue(name);
  await form.getByLabel('Name').fill(renamed);
  await form.getByLabel('Search for').fill('lp');
  await snap(page, '13-searches-edit');
  await form.getByRole('button', { name: 'Save changes' }).click();

  await expect(toast(page, `Search “${renamed}” saved.`)).toBeVisible();
  await expect(searchRow(renamed).locator('dd').first()).toHaveText('lp');
  // Stored, not just shown: a reload reads it back from the API.
  await page.reload();
  await expect(searchRow(renamed).locator('dd').first()).toHaveText('lp');
  await expect(searchRow(name)).toHaveCount(0);
  const stored = await apiGet<{ name: string; query: string }>(page, `/api/v1/searches/${searchId}`);
  expect(stored).toMatchObject({ name: renamed, query: 'lp' });
});

test('run the new query: multi-record deals with shipping savings', async () => {
  const row = searchRow(renamed);
  await row.getByRole('button', { name: `Run now ${renamed}`, exact: true }).click();
  await expect(toast(page, 'Search queued successfully')).toBeVisible();
  // The button is busy until the new run has completed.
  await expect(row.getByRole('button', { name: `Run now ${renamed}`, exact: true })).toHaveText('Run now', { timeout: 45_000 });
  await expect(row.getByRole('status')).toHaveText(/Last run completed just now/);

  await page.goto(`/searches/${searchId}/deals`);
  const multi = page.getByRole('region', { name: 'Multi-record deals' }).locator('li.deal');
  await expect(multi.first()).toBeVisible();
  const deal = multi.first();
  await expect(deal.locator('.deal-title')).toHaveText(/^\d+ records from \S+/);
  const size = leadingNumber(await deal.locator('.deal-title').textContent());
  expect(size).toBeGreaterThanOrEqual(2);
  await expect(deal.locator('.deal-reason')).toHaveText(/^Buying these together saves about \$\d+\.\d\d/);
  await deal.getByText(/^Show the \d+ records$/).click();
  await expect(deal.locator('article.result').nth(1)).toBeVisible();
  await snap(page, '14-deals-multi-record');
});

test('pause and resume', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Searches' }).click();
  const row = searchRow(renamed);
  await row.getByRole('button', { name: `Pause ${renamed}`, exact: true }).click();
  await expect(toast(page, `“${renamed}” paused.`)).toBeVisible();
  await expect(row.getByText('Paused', { exact: true })).toBeVisible();
  expect(await apiGet<{ is_active: boolean }>(page, `/api/v1/searches/${searchId}`)).toMatchObject({ is_active: false });
  await snap(page, '15-searches-paused');

  await row.getByRole('button', { name: `Resume ${renamed}`, exact: true }).click();
  await expect(toast(page, `“${renamed}” resumed.`)).toBeVisible();
  await expect(row.getByText('Active', { exact: true })).toBeVisible();
  expect(await apiGet<{ is_active: boolean }>(page, `/api/v1/searches/${searchId}`)).toMatchObject({ is_active: true });
});

test('delete it; its page then shows the API error', async () => {
  const row = searchRow(renamed);
  await row.getByRole('button', { name: `Delete ${renamed}`, exact: true }).click();
  await row.getByRole('group', { name: `Confirm deleting ${renamed}` }).getByRole('button', { name: 'Yes, delete' }).click();
  await expect(toast(page, 'Search deleted successfully')).toBeVisible();
  await expect(searchRow(renamed)).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'No saved searches yet' })).toBeVisible();
  expect(await apiGet<unknown[]>(page, '/api/v1/searches')).toEqual([]);
  await snap(page, '16-searches-deleted');

  await page.goto(`/searches/${searchId}`);
  await expect(errorCallout(page)).toContainText('Search not found');
  await snap(page, '17-search-not-found');
});

test('a collector is not an admin', async () => {
  await page.goto('/admin');
  await expect(errorCallout(page)).toContainText("You don't have permission to access this resource.");
  await snap(page, '18-admin-forbidden');
});

test('log out: protected pages then lead to the login page', async () => {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  for (const path of ['/dashboard', '/searches', '/settings']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  }
  expect(await page.evaluate(() => [sessionStorage.getItem('access_token'), localStorage.getItem('refresh_token')])).toEqual([
    null,
    null,
  ]);
  await snap(page, '19-logged-out');
});
