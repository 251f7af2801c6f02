// The app on a phone, driven by the keyboard alone after registering: every page fits the screen
// width (no sideways scrolling) and every step — sign in, open the searches, create one, run it,
// read its results, deals and offers — is reachable with Tab and Enter.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { PASSWORD, register, snap, toast, uniqueEmail } from './support';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

async function fitsTheScreen(page: Page): Promise<void> {
  const { scrolling, width } = await page.evaluate(() => ({
    scrolling: document.documentElement.scrollWidth,
    width: window.innerWidth,
  }));
  expect(scrolling, `${page.url()} scrolls sideways on a phone`).toBeLessThanOrEqual(width);
}

/** Presses Tab until `target` has the focus: proof that the keyboard reaches it. */
async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  await expect(target).toBeVisible();
  for (let presses = 0; presses < limit; presses++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${limit} presses of Tab did not reach ${target.toString()}`);
}

test('a collector on a phone, with the keyboard only', async ({ page }) => {
  const email = uniqueEmail('e2e-phone');
  const name = `Phone LPs ${Date.now().toString(36)}`;
  await register(page, email);
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel('E-mail')).toHaveValue(email);
  await fitsTheScreen(page);
  await snap(page, '23-phone-login');

  await tabTo(page, page.getByLabel('Password'));
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await fitsTheScreen(page);
  await snap(page, '24-phone-dashboard');

  await tabTo(page, page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Searches' }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/searches$/);
  const form = page.getByRole('region', { name: 'New search' });
  await tabTo(page, form.getByLabel('Name'));
  await page.keyboard.type(name);
  await tabTo(page, form.getByLabel('Search for'));
  await page.keyboard.type('lp');
  await page.keyboard.press('Enter');
  await expect(toast(page, `Search “${name}” created.`)).toBeVisible();
  await fitsTheScreen(page);

  const row = page.getByRole('listitem', { name, exact: true });
  await tabTo(page, row.getByRole('button', { name: `Run now ${name}`, exact: true }));
  await page.keyboard.press('Enter');
  await expect(row.getByText(/Last run completed/)).toBeVisible({ timeout: 60_000 });
  await fitsTheScreen(page);
  await snap(page, '25-phone-searches');

  await tabTo(page, row.getByRole('link', { name: `Results of ${name}` }));
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/searches\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.locator('article.result').first()).toBeVisible();
  await fitsTheScreen(page);
  await snap(page, '26-phone-results');

  for (const [tab, shot] of [
    ['Deals', '27-phone-deals'],
    ['Offers', '28-phone-offers'],
  ] as const) {
    await tabTo(page, page.getByRole('navigation', { name: 'Search views' }).getByRole('link', { name: tab }));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/${tab.toLowerCase()}$`));
    await expect(page.locator('.spinner')).toHaveCount(0);
    await fitsTheScreen(page);
    await snap(page, shot);
  }
});
