import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { REFRESH_LIFETIME_MS } from '../../api/tokens';
import { installMockApi, json } from '../../test/fetchMock';
import { USER, findAlert, locationPath, renderApp, signIn } from '../../test/render';

function dashboardApis(api: ReturnType<typeof installMockApi>) {
  api.get('/health', json({ status: 'healthy' }));
  api.get('/api/v1/collections/status', json({ id: '', item_count: 0, last_sync_at: null }));
  api.get('/api/v1/collections/wantlist/status', json({ id: '', item_count: 0, last_sync_at: null }));
  api.get('/api/v1/oauth/status/discogs', json({ provider: 'discogs', is_configured: true, is_authorized: false, username: null }));
  api.get('/api/v1/searches', json([]));
}

describe('login', () => {
  it('posts the form as multipart FormData, stores tokens as docs/behaviour.md#authentication says, then loads the user', async () => {
    const api = installMockApi();
    dashboardApis(api);
    api.post('/api/v1/auth/login', json({ access_token: 'acc.jwt', refresh_token: 'ref.jwt', token_type: 'bearer' }));
    api.get('/api/v1/auth/me', json(USER));
    const { user } = renderApp('/login');

    await user.type(await screen.findByLabelText('E-mail'), 'digger@example.com');
    await user.type(screen.getByLabelText('Password'), 'correct horse');
    const before = Date.now();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
    const [loginCall] = api.requests('POST', '/api/v1/auth/login');
    expect(loginCall!.rawBody).toBeInstanceOf(FormData);
    const form = loginCall!.rawBody as FormData;
    expect(form.get('username')).toBe('digger@example.com');
    expect(form.get('password')).toBe('correct horse');
    // the browser sets the multipart boundary; we must not force a content type
    expect(loginCall!.headers['content-type']).toBeUndefined();
    expect(loginCall!.headers.authorization).toBeUndefined();

    expect(sessionStorage.getItem('access_token')).toBe('acc.jwt');
    const stored = JSON.parse(localStorage.getItem('refresh_token')!) as { token: string; expiry: number };
    expect(stored.token).toBe('ref.jwt');
    expect(stored.expiry).toBeGreaterThanOrEqual(before + REFRESH_LIFETIME_MS);
    expect(stored.expiry).toBeLessThanOrEqual(Date.now() + REFRESH_LIFETIME_MS);

    const me = api.requests('GET', '/api/v1/auth/me');
    expect(me).toHaveLength(1);
    expect(me[0]!.headers.authorization).toBe('Bearer acc.jwt');
    expect(locationPath()).toBe('/dashboard');
  });

  it('shows the server detail when the credentials are wrong', async () => {
    const api = installMockApi();
    api.get('/health', json({ status: 'healthy' }));
    api.post('/api/v1/auth/login', json({ detail: 'Incorrect email or password' }, 401));
    const { user } = renderApp('/login');
    await user.type(await screen.findByLabelText('E-mail'), 'digger@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await findAlert('Incorrect email or password')).toBeInTheDocument();
    expect(sessionStorage.getItem('access_token')).toBeNull();
  });

  it('sends anonymous visitors to /login and back to where they were going', async () => {
    const api = installMockApi();
    dashboardApis(api);
    api.get('/api/v1/searches', json([]));
    api.post('/api/v1/auth/login', json({ access_token: 'a', refresh_token: 'r', token_type: 'bearer' }));
    api.get('/api/v1/auth/me', json(USER));
    const { user } = renderApp('/searches');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(locationPath()).toBe('/login');
    await user.type(screen.getByLabelText('E-mail'), 'digger@example.com');
    await user.type(screen.getByLabelText('Password'), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Searches' })).toBeInTheDocument();
  });

  it('on load with stored tokens asks /auth/me; a 401 with a dead refresh token returns to /login', async () => {
    const api = installMockApi();
    api.get('/health', json({ status: 'healthy' }));
    sessionStorage.setItem('access_token', 'stale');
    localStorage.setItem('refresh_token', JSON.stringify({ token: 'dead', expiry: Date.now() + 1000 }));
    api.get('/api/v1/auth/me', json({ detail: 'Invalid authentication credentials' }, 401));
    api.post('/api/v1/auth/refresh', json({ detail: 'Invalid refresh token' }, 401));
    renderApp('/dashboard');
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(api.requests('GET', '/api/v1/auth/me')).toHaveLength(1);
    expect(api.requests('POST', '/api/v1/auth/refresh')).toHaveLength(1);
    expect(localStorage.getItem('refresh_token')).toBeNull();
  });

  it('a signed-in user visiting /login goes to the dashboard; logging out clears the tokens', async () => {
    const api = installMockApi();
    signIn(api);
    dashboardApis(api);
    const { user } = renderApp('/login');
    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeInTheDocument();
    api.post('/api/v1/auth/logout', { status: 204 });
    await user.click(screen.getByRole('button', { name: 'Log out' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(sessionStorage.getItem('access_token')).toBeNull();
    expect(localStorage.getItem('refresh_token')).toBeNull();
    // the server ends the session too
    expect(api.requests('POST', '/api/v1/auth/logout').map((r) => r.body)).toEqual([{ refresh_token: 'refresh-1' }]);
  });
});

describe('register', () => {
  it('checks the password length before calling the API', async () => {
    const api = installMockApi();
    api.get('/health', json({ status: 'healthy' }));
    const { user } = renderApp('/register');
    await user.type(await screen.findByLabelText('E-mail'), 'new@example.com');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.type(screen.getByLabelText('Repeat password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await findAlert('at least 8 characters')).toBeInTheDocument();
    expect(api.requests('POST', '/api/v1/auth/register')).toHaveLength(0);
  });

  it('registers with JSON and continues to sign-in; shows "Email already registered"', async () => {
    const api = installMockApi();
    api.get('/health', json({ status: 'healthy' }));
    api.once('POST', '/api/v1/auth/register', json({ detail: 'Email already registered' }, 400));
    api.post('/api/v1/auth/register', json({ ...USER, email: 'new@example.com' }));
    const { user } = renderApp('/register');
    await user.type(await screen.findByLabelText('E-mail'), 'new@example.com');
    await user.type(screen.getByLabelText('Password'), 'longenough');
    await user.type(screen.getByLabelText('Repeat password'), 'longenough');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await findAlert('Email already registered')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByText(/account is ready/)).toBeInTheDocument();
    expect(screen.getByLabelText('E-mail')).toHaveValue('new@example.com');
    const calls = api.requests('POST', '/api/v1/auth/register');
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body).toEqual({ email: 'new@example.com', password: 'longenough' });
    await waitFor(() => expect(locationPath()).toBe('/login'));
  });
});
