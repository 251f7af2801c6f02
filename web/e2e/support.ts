import { expect, type Locator, type Page } from '@playwright/test';
import { artifactsDir } from './env';

/** A fresh address per run, so the tests re-run against the same stack without clashing. */
export function uniqueEmail(prefix: string, domain = 'example.com'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@${domain}`;
}

export const PASSWORD = 'e2e-password-1';

/** Full-page screenshot `<artifacts>/screenshots/<name>.png`, once the page has settled. */
export async function snap(page: Page, name: string): Promise<void> {
  // Lazy chunks and the first queries: wait until no spinner is left on the page.
  await expect(page.locator('.spinner')).toHaveCount(0);
  await page.screenshot({ path: `${artifactsDir}/screenshots/${name}.png`, fullPage: true });
}

/** The toasts showing `text` (notifications stack in aria-live regions at the bottom right). */
export function toast(page: Page, text: string | RegExp): Locator {
  return page.locator('.toasts .toast').filter({ hasText: text });
}

export async function register(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.goto('/register');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByLabel('Repeat password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

export async function logIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  if (!page.url().endsWith('/login')) await page.goto('/login');
  // The router keeps the previous page on screen while the next page's chunk loads: wait for it.
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The integer a text like "12 listings" or "12" starts with. */
export function leadingNumber(text: string | null): number {
  const match = /\d+/.exec(text ?? '');
  if (!match) throw new Error(`no number in ${JSON.stringify(text)}`);
  return Number(match[0]);
}

/** GET an API path with the signed-in tab's access token (cross-checks of what the page shows). */
export async function apiGet<T>(page: Page, path: string): Promise<T> {
  const token = await page.evaluate(() => sessionStorage.getItem('access_token'));
  const response = await page.request.get(path, { headers: { authorization: `Bearer ${token ?? ''}` } });
  expect(response.status(), `GET ${path}`).toBe(200);
  return (await response.json()) as T;
}

/** The error callout of a form or page (the toasts' assertive region is a second, separate alert). */
export function errorCallout(page: Page): Locator {
  return page.locator('.callout-error');
}
