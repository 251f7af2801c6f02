import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { OAuthStatus } from '../../api/types';
import { installMockApi, json } from '../../test/fetchMock';
import { USER, findAlert, renderApp, signIn } from '../../test/render';

const PREFS = {
  min_record_condition: 'VG+',
  min_sleeve_condition: 'VG+',
  seller_location_preference: 'US',
  check_interval_hours: 24,
  currency: 'USD',
  country: null,
};

function setup(discogs: Partial<OAuthStatus>, ebay: Partial<OAuthStatus>) {
  const api = installMockApi();
  signIn(api);
  api.get('/api/v1/oauth/status/discogs', json({ provider: 'discogs', is_configured: true, is_authorized: false, username: null, ...discogs }));
  api.get('/api/v1/oauth/status/ebay', json({ provider: 'ebay', is_configured: true, is_authorized: false, username: null, ...ebay }));
  api.get('/api/v1/config/preferences', json(PREFS));
  return api;
}

function fakePopup() {
  const popup = { closed: false, location: { href: '' }, close: vi.fn() };
  const open = vi.spyOn(window, 'open').mockReturnValue(popup as unknown as Window);
  return { popup, open };
}

const section = async (name: string) => (await screen.findByRole('heading', { name })).closest('section')!;

describe('settings page', () => {
  it('shows link status per provider', async () => {
    setup({ is_authorized: true, username: 'crate_digger' }, { is_configured: false });
    renderApp('/settings');
    const discogs = await section('Discogs');
    expect(await within(discogs).findByText('crate_digger')).toBeInTheDocument();
    expect(within(discogs).getByText(/Connected as/)).toBeInTheDocument();
    const ebay = await section('eBay');
    expect(await within(ebay).findByText(/an administrator has to set up the eBay application credentials/)).toBeInTheDocument();
  });

  it('links Discogs: authorize in a popup, then the manual verification code (O2 + O4)', async () => {
    const api = setup({}, {});
    const { popup, open } = fakePopup();
    const url = 'https://discogs.com/oauth/authorize?oauth_token=reqtok&state=STATE43';
    api.post('/api/v1/oauth/authorize/discogs', json({ authorization_url: url, state: 'STATE43' }));
    api.post('/api/v1/oauth/verify/discogs', (req) => {
      api.get('/api/v1/oauth/status/discogs', json({ provider: 'discogs', is_configured: true, is_authorized: true, username: 'crate_digger' }));
      return json({ message: 'Successfully authorized Discogs access!', username: 'crate_digger', echo: req.body });
    });
    const { user } = renderApp('/settings');
    const discogs = await section('Discogs');
    await user.click(await within(discogs).findByRole('button', { name: 'Connect Discogs' }));

    expect(open).toHaveBeenCalledTimes(1);
    expect(await within(discogs).findByLabelText('Verification code')).toBeInTheDocument();
    expect(popup.location.href).toBe(url);
    expect(within(discogs).getByRole('link', { name: 'Open the Discogs authorization page' })).toHaveAttribute('href', url);

    await user.click(within(discogs).getByRole('button', { name: 'Verify and connect' }));
    expect(await findAlert('Paste the verification code Discogs showed you.')).toBeInTheDocument();
    await user.type(within(discogs).getByLabelText('Verification code'), ' ABC123XYZ ');
    await user.click(within(discogs).getByRole('button', { name: 'Verify and connect' }));

    expect(await within(discogs).findByText('crate_digger')).toBeInTheDocument();
    expect(api.requests('POST', '/api/v1/oauth/verify/discogs')[0]!.body).toEqual({
      state: 'STATE43',
      verification_code: 'ABC123XYZ',
    });
    expect(screen.getByText(/Successfully authorized Discogs access! Connected as crate_digger\./)).toBeInTheDocument();
  });

  it('links eBay with a pasted code (decoded) and state (O6); shows the server detail on failure', async () => {
    const api = setup({}, {});
    fakePopup();
    api.post('/api/v1/oauth/authorize/ebay', json({
      authorization_url: 'https://auth.sandbox.ebay.com/oauth2/authorize?client_id=x&state=EBAYSTATE',
      state: 'EBAYSTATE',
    }));
    api.once('POST', '/api/v1/oauth/verify/ebay', json({
      detail: 'Authorization code is invalid or expired. Please restart the authorization process.',
    }, 400));
    api.post('/api/v1/oauth/verify/ebay', json({ message: 'Successfully authorized eBay access!', username: 'eBay User' }));
    const { user } = renderApp('/settings');
    const ebay = await section('eBay');
    await user.click(await within(ebay).findByRole('button', { name: 'Connect eBay' }));
    const state = await within(ebay).findByLabelText('State');
    expect(state).toHaveValue('EBAYSTATE');
    await user.type(within(ebay).getByLabelText('Authorization code'), 'v%5E1.1%23i%5E1%23p%5E3');
    await user.click(within(ebay).getByRole('button', { name: 'Verify and connect' }));
    expect(await findAlert('Authorization code is invalid or expired.')).toBeInTheDocument();
    await user.click(within(ebay).getByRole('button', { name: 'Verify and connect' }));
    expect(await screen.findByText(/Successfully authorized eBay access!/)).toBeInTheDocument();
    const calls = api.requests('POST', '/api/v1/oauth/verify/ebay');
    expect(calls[1]!.body).toEqual({ state: 'EBAYSTATE', authorization_code: 'v^1.1#i^1#p^3' });
  });

  it('shows the 503 detail when the provider is not configured on the server', async () => {
    const api = setup({}, {});
    const { popup } = fakePopup();
    api.post('/api/v1/oauth/authorize/discogs', json({ detail: 'discogs OAuth is not configured. Please contact an administrator.' }, 503));
    const { user } = renderApp('/settings');
    const discogs = await section('Discogs');
    await user.click(await within(discogs).findByRole('button', { name: 'Connect Discogs' }));
    expect(await findAlert('discogs OAuth is not configured. Please contact an administrator.')).toBeInTheDocument();
    expect(popup.close).toHaveBeenCalled();
  });

  it('unlinks after confirmation (O7)', async () => {
    const api = setup({ is_authorized: true, username: 'crate_digger' }, {});
    api.delete('/api/v1/oauth/revoke/discogs', () => {
      api.get('/api/v1/oauth/status/discogs', json({ provider: 'discogs', is_configured: true, is_authorized: false, username: null }));
      return json({ message: 'Successfully revoked discogs access.' });
    });
    const { user } = renderApp('/settings');
    const discogs = await section('Discogs');
    await user.click(await within(discogs).findByRole('button', { name: 'Disconnect Discogs' }));
    await user.click(within(discogs).getByRole('button', { name: 'Yes, disconnect' }));
    expect(await screen.findByText('Successfully revoked discogs access.')).toBeInTheDocument();
    expect(await within(discogs).findByRole('button', { name: 'Connect Discogs' })).toBeInTheDocument();
    expect(api.requests('DELETE', '/api/v1/oauth/revoke/discogs')).toHaveLength(1);
  });

  it('saves the currency amounts are shown in and the country shipping goes to', async () => {
    const api = setup({}, {});
    api.put('/api/v1/config/preferences', (req) => json({ ...PREFS, ...(req.body as object) }));
    const { user } = renderApp('/settings');
    await user.selectOptions(await screen.findByLabelText('Show amounts in'), 'EUR');
    await user.selectOptions(screen.getByLabelText('Ship to'), 'DE');
    expect(screen.getByRole('option', { name: 'Germany' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save preferences' }));
    expect(await screen.findByText('Preferences saved.')).toBeInTheDocument();
    expect(api.requests('PUT', '/api/v1/config/preferences')[0]!.body).toMatchObject({ currency: 'EUR', country: 'DE' });
  });

  it('saves preferences and the profile e-mail', async () => {
    const api = setup({}, {});
    api.put('/api/v1/config/preferences', (req) => json({ ...PREFS, ...(req.body as object) }));
    api.put('/api/v1/auth/me', json({ detail: 'Email already registered' }, 400));
    const { user } = renderApp('/settings');
    await user.selectOptions(await screen.findByLabelText('Minimum record condition'), 'NM');
    await user.selectOptions(screen.getByLabelText('Preferred seller location'), 'EU');
    await user.click(screen.getByRole('button', { name: 'Save preferences' }));
    expect(await screen.findByText('Preferences saved.')).toBeInTheDocument();
    expect(api.requests('PUT', '/api/v1/config/preferences')[0]!.body).toEqual({
      ...PREFS,
      country: '',
      min_record_condition: 'NM',
      seller_location_preference: 'EU',
    });

    const email = screen.getByLabelText('E-mail');
    expect(email).toHaveValue(USER.email);
    await user.clear(email);
    await user.type(email, 'taken@example.com');
    await user.click(screen.getByRole('button', { name: 'Save e-mail' }));
    expect(await findAlert('Email already registered')).toBeInTheDocument();
    expect(api.requests('PUT', '/api/v1/auth/me')[0]!.body).toEqual({ email: 'taken@example.com' });
  });

  it('changes the password: checks lengths first, shows a wrong current password, then confirms', async () => {
    const api = setup({}, {});
    api.once('POST', '/api/v1/auth/password', json({ detail: 'Incorrect current password' }, 400));
    api.post('/api/v1/auth/password', json({ message: 'Password changed.' }));
    const { user } = renderApp('/settings');
    const current = await screen.findByLabelText('Current password');
    const next = screen.getByLabelText('New password');
    await user.type(current, 'old-pass');
    await user.type(next, 'short');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await findAlert('at least 8 characters')).toBeInTheDocument();
    expect(api.requests('POST', '/api/v1/auth/password')).toHaveLength(0);

    await user.type(next, '-enough');
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await findAlert('Incorrect current password')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText(/Password changed\. Other devices have been signed out\./)).toBeInTheDocument();
    expect(api.requests('POST', '/api/v1/auth/password')[1]!.body).toEqual({
      current_password: 'old-pass',
      new_password: 'short-enough',
    });
    expect(current).toHaveValue('');
  });
});
