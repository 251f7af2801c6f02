// An admin (e-mail ending @admin.com, docs/behaviour.md#endpoints) stores app credentials and never sees the secret
// again. scripts/e2e forces the sandbox marketplace (VD_MARKETPLACE=sandbox), so the made-up
// credentials switch nothing to the real Discogs, but the fetchers would sign sandbox calls with
// them, so the test removes them again at the end and runs after the journey (file order, one worker).
import { expect, test, type Response } from '@playwright/test';
import { logIn, register, snap, toast, uniqueEmail } from './support';

// Should the test fail half-way, still remove what it stored (best effort; 404 when already gone).
test.afterEach(async ({ page }) => {
  const token = await page.evaluate(() => sessionStorage.getItem('access_token')).catch(() => null);
  if (token) {
    await page.request.delete('/api/v1/admin/app-config/discogs', { headers: { authorization: `Bearer ${token}` } });
  }
});

const SECRET = `e2e-secret-${Math.random().toString(36).slice(2)}`;
const KEY = 'e2e-consumer-key-0123456789';

test('an admin saves Discogs app credentials; the secret is never shown back', async ({ page }) => {
  const email = uniqueEmail('e2e-admin', 'admin.com');
  await register(page, email);
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await expect(page.getByRole('heading', { name: 'Administration', level: 1 })).toBeVisible();
  const discogs = page.getByRole('region', { name: 'Discogs', exact: true });
  await expect(discogs.getByText('Not configured')).toBeVisible();
  await discogs.getByLabel('Consumer key').fill(KEY);
  await discogs.getByLabel('Consumer secret').fill(SECRET);
  await expect(discogs.getByLabel('Consumer secret')).toHaveAttribute('type', 'password');
  await snap(page, '20-admin-form');

  const saved = page.waitForResponse((r: Response) => r.url().endsWith('/api/v1/admin/app-config/discogs') && r.request().method() === 'PUT');
  await discogs.getByRole('button', { name: 'Save credentials' }).click();
  const response = await saved;
  expect(response.status()).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ provider: 'discogs', consumer_key: 'e2e-consum...', is_configured: true });
  expect(body).not.toHaveProperty('consumer_secret');
  expect(JSON.stringify(body)).not.toContain(SECRET);

  await expect(toast(page, 'Discogs credentials saved.')).toBeVisible();
  await expect(discogs.getByText('Configured', { exact: true })).toBeVisible();
  await expect(discogs.locator('code')).toHaveText('e2e-consum...');
  await expect(discogs.getByText('stored, never shown')).toBeVisible();
  await expect(discogs.getByText('none (code entry)')).toBeVisible();
  // Not in the page, not in any input, not after a reload either.
  expect(await page.content()).not.toContain(SECRET);
  await page.reload();
  await expect(discogs.getByText('Configured', { exact: true })).toBeVisible();
  expect(await page.content()).not.toContain(SECRET);
  await expect(discogs.getByText(KEY)).toHaveCount(0);
  await snap(page, '21-admin-saved');

  // Replacing asks for the secret again instead of showing the stored one.
  await discogs.getByRole('button', { name: 'Replace credentials' }).click();
  await expect(discogs.getByLabel('Consumer secret')).toHaveValue('');
  await discogs.getByRole('button', { name: 'Cancel' }).click();

  // Leave the stack as it was: the sandbox's placeholder credentials again.
  await discogs.getByRole('button', { name: 'Remove' }).click();
  await discogs.getByRole('button', { name: 'Yes, remove' }).click();
  await expect(toast(page, 'Configuration for discogs deleted successfully.')).toBeVisible();
  await expect(discogs.getByText('Not configured')).toBeVisible();
  await snap(page, '22-admin-removed');
});
