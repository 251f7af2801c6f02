import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { timing } from '../../lib/timing';
import { installMockApi, json } from '../../test/fetchMock';
import { findAlert, locationPath, renderApp, signIn } from '../../test/render';
import { planCallback } from '../OAuthCallbackPage';

const original = { ...timing };
beforeEach(() => {
  timing.oauthRedirectMs = 300;
});
afterEach(() => {
  Object.assign(timing, original);
});

function setup() {
  const api = installMockApi();
  signIn(api);
  return api;
}

describe('planCallback', () => {
  it('routes parameters to the right provider', () => {
    expect(planCallback(new URLSearchParams('oauth_token=t&oauth_verifier=v&state=s'))).toEqual({
      kind: 'discogs',
      oauth_token: 't',
      oauth_verifier: 'v',
      state: 's',
    });
    // without state (OAuth 1.0a providers do not echo it) the backend finds the handshake by oauth_token
    expect(planCallback(new URLSearchParams('oauth_token=t&oauth_verifier=v'))).toEqual({
      kind: 'discogs',
      oauth_token: 't',
      oauth_verifier: 'v',
    });
    expect(planCallback(new URLSearchParams('code=c&state=s'))).toEqual({ kind: 'ebay', code: 'c', state: 's' });
    expect(planCallback(new URLSearchParams('error=access_denied&state=s'))).toEqual({ kind: 'denied' });
    expect(planCallback(new URLSearchParams('code=c'))).toEqual({ kind: 'invalid' });
    expect(planCallback(new URLSearchParams(''))).toEqual({ kind: 'invalid' });
  });
});

describe('OAuth callback page', () => {
  it('completes a Discogs redirect with O3 and goes to /settings', async () => {
    const api = setup();
    api.get('/api/v1/oauth/callback/discogs', json({ message: 'Successfully authorized Discogs access!', username: 'crate_digger' }));
    renderApp('/oauth/callback?oauth_token=req-tok&oauth_verifier=ver-123&state=st-abc');
    expect(await screen.findByText(/Successfully authorized Discogs access!/)).toBeInTheDocument();
    expect(screen.getByText('crate_digger')).toBeInTheDocument();
    const [call] = api.requests('GET', '/api/v1/oauth/callback/discogs');
    expect(Object.fromEntries(call!.query)).toEqual({ oauth_token: 'req-tok', oauth_verifier: 'ver-123', state: 'st-abc' });
    expect(api.requests('GET', '/api/v1/oauth/callback/ebay')).toHaveLength(0);
    // signed in: the exchange carries the session, and the app goes on to Settings
    expect(call!.headers['authorization']).toBe('Bearer access-1');
    await waitFor(() => expect(locationPath()).toBe('/settings'));
  });

  it('without a session asks to sign in and hands nothing to the API', async () => {
    const api = installMockApi();
    api.get('/health', json({ status: 'healthy' }));
    renderApp('/oauth/callback?code=c&state=st');
    expect(await findAlert('Sign in to VinylDigger in this browser')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path.startsWith('/api/v1/oauth'))).toHaveLength(0);
  });

  it('completes an eBay redirect with O5, exactly once', async () => {
    const api = setup();
    api.get('/api/v1/oauth/callback/ebay', json({ message: 'Successfully authorized eBay access!', username: 'eBay User' }));
    renderApp('/oauth/callback?code=v%5E1.1%23i%5E1&state=st-xyz');
    expect(await screen.findByText(/Successfully authorized eBay access!/)).toBeInTheDocument();
    const calls = api.requests('GET', '/api/v1/oauth/callback/ebay');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query.get('code')).toBe('v^1.1#i^1');
    expect(calls[0]!.query.get('state')).toBe('st-xyz');
    expect(api.requests('GET', '/api/v1/oauth/callback/discogs')).toHaveLength(0);
  });

  it('shows the server detail when the exchange fails, and stays put', async () => {
    const api = setup();
    api.get('/api/v1/oauth/callback/ebay', json({
      detail: 'Authorization code is invalid or expired. Please restart the authorization process.',
    }, 400));
    renderApp('/oauth/callback?code=old&state=st');
    expect(await findAlert('Authorization code is invalid or expired')).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 80));
    expect(locationPath()).toBe('/oauth/callback?code=old&state=st');
  });

  it('reports a denied authorization without calling the API', async () => {
    const api = setup();
    renderApp('/oauth/callback?error=access_denied&state=st');
    expect(await findAlert('Authorization was denied or cancelled.')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path.startsWith('/api/v1/oauth'))).toHaveLength(0);
  });
});
