import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { PASSWORD, errorCallout, logIn, register, snap, uniqueEmail } from './support';

// A forgotten password through the real local stack: the login page's link, the request page, the
// e-mail as the SES emulator keeps it, the page its link opens, and signing in with the new
// password; the old password and a second use of the link are refused.
test.describe.configure({ mode: 'serial' });

const NEW_PASSWORD = 'e2e-new-password-2';

/** The raw MIME messages the SES emulator accepted for `to` (moto's state dump; it can answer 500
 * while another request writes, so it is read again). */
async function sentEmails(request: APIRequestContext, to: string): Promise<string[]> {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint) throw new Error('AWS_ENDPOINT_URL is not set: run through ./scripts/e2e, which starts the emulators');
  for (let attempt = 1; ; attempt++) {
    const response = await request.get(`${endpoint}/moto-api/data.json`);
    if (response.ok()) {
      const data = (await response.json()) as { ses?: { RawMessage?: { destinations?: string[]; raw_data?: string }[] } };
      return (data.ses?.RawMessage ?? [])
        .filter((m) => (m.destinations ?? []).some((d) => d.includes(to)))
        .map((m) => m.raw_data ?? '');
    }
    if (attempt >= 10) throw new Error(`moto's data dump answered ${response.status()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The reset link in a message, decoded from its parts' transfer encoding. */
function resetLink(raw: string): string {
  let text = raw;
  if (/Content-Transfer-Encoding: quoted-printable/i.test(raw)) {
    text = raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  } else if (/Content-Transfer-Encoding: base64/i.test(raw)) {
    text = [...raw.matchAll(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]{40,})/g)].map((m) => Buffer.from(m[1] ?? '', 'base64').toString('utf8')).join('\n');
  }
  // Our tokens are 43 characters of base64url.
  const link = /https?:\/\/[^\s"<>]+\/reset-password#token=[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/.exec(text);
  if (!link) throw new Error(`no reset link in the e-mail:\n${raw.slice(0, 2000)}`);
  return link[0];
}

async function passwordField(page: Page, label: string) {
  return page.getByLabel(label, { exact: true });
}

test('forgot password: the e-mailed link sets a new password once', async ({ page, request }) => {
  const email = uniqueEmail('forgot');
  await register(page, email);
  await expect(page).toHaveURL(/\/login$/);

  // The login page offers the way in, carrying over the typed address.
  await page.getByLabel('E-mail').fill(email);
  await snap(page, '40-login-forgot-link');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expect(page.getByLabel('E-mail')).toHaveValue(email);
  await snap(page, '41-forgot-password');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.locator('.callout-success')).toContainText('an e-mail with a link to set a new password');
  await snap(page, '42-forgot-password-sent');

  await expect.poll(async () => (await sentEmails(request, email)).length, { timeout: 10_000 }).toBe(1);
  const link = resetLink((await sentEmails(request, email))[0] ?? '');
  expect(new URL(link).pathname).toBe('/reset-password');

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Set a new password' })).toBeVisible();
  await (await passwordField(page, 'New password')).fill('short');
  await (await passwordField(page, 'Repeat new password')).fill('short');
  await page.getByRole('button', { name: 'Set the new password' }).click();
  await expect(errorCallout(page)).toContainText('at least 8 characters');
  await (await passwordField(page, 'New password')).fill(NEW_PASSWORD);
  await (await passwordField(page, 'Repeat new password')).fill(NEW_PASSWORD);
  await snap(page, '43-reset-password');
  await page.getByRole('button', { name: 'Set the new password' }).click();

  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('.callout-success')).toContainText('Your password is changed');
  await snap(page, '44-reset-done-login');
  await logIn(page, email, PASSWORD);
  await expect(errorCallout(page)).toContainText('Incorrect email or password');
  await logIn(page, email, NEW_PASSWORD);
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();

  // The link is spent: opened again (in a fresh tab, signed out), it is refused.
  const other = await page.context().browser()!.newPage();
  await other.goto(link);
  await (await passwordField(other, 'New password')).fill('third-password-3');
  await (await passwordField(other, 'Repeat new password')).fill('third-password-3');
  await other.getByRole('button', { name: 'Set the new password' }).click();
  await expect(errorCallout(other)).toContainText('invalid, used or expired');
  await snap(other, '45-reset-link-used');
  await other.close();
});
