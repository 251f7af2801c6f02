import { describe, expect, it } from 'vitest';
import { installMockApi, json } from '../test/fetchMock';
import { ApiError, apiFetch, apiFetchAllPages, extractDetail, nextPageLink } from './client';
import { listSearches, login } from './endpoints';
import { getAccessToken, getRefreshToken, storeTokens } from './tokens';

describe('apiFetch', () => {
  it('sends the bearer token and parses JSON', async () => {
    const api = installMockApi();
    storeTokens('acc', 'ref');
    api.get('/api/v1/searches', json([{ id: 'x' }]));
    await expect(apiFetch('/api/v1/searches')).resolves.toEqual([{ id: 'x' }]);
    expect(api.calls[0]!.headers.authorization).toBe('Bearer acc');
  });

  it('sends JSON bodies with a JSON content type', async () => {
    const api = installMockApi();
    api.post('/api/v1/things', json({ ok: true }));
    await apiFetch('/api/v1/things', { method: 'POST', body: { a: 1 } });
    expect(api.calls[0]!.headers['content-type']).toBe('application/json');
    expect(api.calls[0]!.body).toEqual({ a: 1 });
  });

  it('on 401 refreshes once, stores only the new access token, and retries once', async () => {
    const api = installMockApi();
    storeTokens('old-access', 'the-refresh');
    api.get('/api/v1/auth/me', (req) =>
      req.headers.authorization === 'Bearer new-access'
        ? json({ id: 'u', email: 'a@b.co' })
        : json({ detail: 'Invalid authentication credentials' }, 401),
    );
    api.post('/api/v1/auth/refresh', json({ access_token: 'new-access', refresh_token: 'rotated', token_type: 'bearer' }));

    await expect(apiFetch('/api/v1/auth/me')).resolves.toEqual({ id: 'u', email: 'a@b.co' });
    const refresh = api.requests('POST', '/api/v1/auth/refresh');
    expect(refresh).toHaveLength(1);
    expect(refresh[0]!.body).toEqual({ refresh_token: 'the-refresh' });
    expect(refresh[0]!.headers.authorization).toBeUndefined();
    expect(api.requests('GET', '/api/v1/auth/me')).toHaveLength(2);
    expect(getAccessToken()).toBe('new-access');
    // docs/behaviour.md#authentication [SPA]: the old refresh token is kept
    expect(getRefreshToken()).toBe('the-refresh');
  });

  it('shares one refresh between concurrent 401s', async () => {
    const api = installMockApi();
    storeTokens('old', 'r');
    api.get(/^\/api\/v1\/(a|b)$/, (req) =>
      req.headers.authorization === 'Bearer fresh' ? json({ path: req.path }) : json({ detail: 'Not authenticated' }, 401),
    );
    api.post('/api/v1/auth/refresh', json({ access_token: 'fresh', refresh_token: 'x', token_type: 'bearer' }));
    const [a, b] = await Promise.all([apiFetch('/api/v1/a'), apiFetch('/api/v1/b')]);
    expect(a).toEqual({ path: '/api/v1/a' });
    expect(b).toEqual({ path: '/api/v1/b' });
    expect(api.requests('POST', '/api/v1/auth/refresh')).toHaveLength(1);
  });

  it('retries only once: a second 401 ends the session', async () => {
    const api = installMockApi();
    storeTokens('old', 'r');
    api.get('/api/v1/searches', json({ detail: 'User not found' }, 401));
    api.post('/api/v1/auth/refresh', json({ access_token: 'new', refresh_token: 'x', token_type: 'bearer' }));
    await expect(apiFetch('/api/v1/searches')).rejects.toMatchObject({ status: 401, detail: 'User not found' });
    expect(api.requests('GET', '/api/v1/searches')).toHaveLength(2);
    expect(api.requests('POST', '/api/v1/auth/refresh')).toHaveLength(1);
    expect(getAccessToken()).toBeNull();
    expect(getRefreshToken()).toBeNull();
  });

  it('clears both tokens when the refresh is refused', async () => {
    const api = installMockApi();
    storeTokens('old', 'expired-refresh');
    api.get('/api/v1/searches', json({ detail: 'Invalid authentication credentials' }, 401));
    api.post('/api/v1/auth/refresh', json({ detail: 'Invalid refresh token' }, 401));
    const err = await apiFetch('/api/v1/searches').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).detail).toBe('Invalid authentication credentials');
    expect(api.requests('GET', '/api/v1/searches')).toHaveLength(1);
    expect(sessionStorage.getItem('access_token')).toBeNull();
    expect(localStorage.getItem('refresh_token')).toBeNull();
  });

  it('does not try to refresh without a refresh token', async () => {
    const api = installMockApi();
    api.get('/api/v1/searches', json({ detail: 'Not authenticated' }, 401));
    await expect(apiFetch('/api/v1/searches')).rejects.toMatchObject({ status: 401, detail: 'Not authenticated' });
    expect(api.requests('POST', '/api/v1/auth/refresh')).toHaveLength(0);
  });

  it('ignores an expired refresh entry', async () => {
    const api = installMockApi();
    sessionStorage.setItem('access_token', 'a');
    localStorage.setItem('refresh_token', JSON.stringify({ token: 'r', expiry: Date.now() - 1 }));
    api.get('/api/v1/searches', json({ detail: 'Not authenticated' }, 401));
    await expect(apiFetch('/api/v1/searches')).rejects.toBeInstanceOf(ApiError);
    expect(api.requests('POST', '/api/v1/auth/refresh')).toHaveLength(0);
  });

  it('login 401 is a plain error, not a refresh', async () => {
    const api = installMockApi();
    storeTokens('a', 'r');
    api.post('/api/v1/auth/login', json({ detail: 'Incorrect email or password' }, 401));
    await expect(login('x@y.com', 'nope')).rejects.toMatchObject({ detail: 'Incorrect email or password' });
    expect(api.requests('POST', '/api/v1/auth/refresh')).toHaveLength(0);
  });

  it('throws ApiError with the detail string of an error body', async () => {
    const api = installMockApi();
    api.get('/api/v1/searches/x', json({ detail: 'Search not found' }, 404));
    await expect(apiFetch('/api/v1/searches/x')).rejects.toMatchObject({
      name: 'ApiError',
      status: 404,
      detail: 'Search not found',
      message: 'Search not found',
    });
  });

  it('joins a 422 detail list into readable text', async () => {
    const api = installMockApi();
    api.post('/api/v1/auth/register', json({
      detail: [
        { type: 'value_error', loc: ['body', 'email'], msg: 'value is not a valid email address', input: 'x' },
        { type: 'missing', loc: ['body', 'password'], msg: 'Field required', input: null },
      ],
    }, 422));
    await expect(apiFetch('/api/v1/auth/register', { method: 'POST', body: {} })).rejects.toMatchObject({
      status: 422,
      detail: 'email: value is not a valid email address; password: Field required',
    });
  });

  it('reports a network failure as a readable ApiError', async () => {
    const api = installMockApi();
    api.fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(apiFetch('/api/v1/searches')).rejects.toMatchObject({ status: 0, detail: expect.stringMatching(/reach/) });
  });
});

describe('extractDetail', () => {
  it('falls back to message, then to a status line', () => {
    expect(extractDetail(500, { message: 'Boom' })).toBe('Boom');
    expect(extractDetail(502, '<html>Bad gateway</html>', 'Bad Gateway')).toBe('Request failed (502 Bad Gateway)');
    expect(extractDetail(500, null)).toBe('Request failed (500)');
    expect(extractDetail(422, { detail: [{ loc: ['body', 40], msg: 'JSON decode error', type: 'json_invalid' }] })).toBe(
      '40: JSON decode error',
    );
    expect(extractDetail(422, { detail: [{ loc: ['path', 'search_id'], msg: 'Input should be a valid UUID' }] })).toBe(
      'search_id: Input should be a valid UUID',
    );
  });
});

describe('paged lists', () => {
  it('reads the next page from a Link header', () => {
    expect(nextPageLink('</api/v1/searches?limit=2&cursor=abc>; rel="next"')).toBe('/api/v1/searches?limit=2&cursor=abc');
    expect(nextPageLink('</a>; rel="prev", </b>; rel=next')).toBe('/b');
    expect(nextPageLink(null)).toBeNull();
    expect(nextPageLink('</a>; rel="prev"')).toBeNull();
  });

  it('listSearches follows every page of the list, in order', async () => {
    const api = installMockApi();
    storeTokens('acc', 'ref');
    api.get('/api/v1/searches', (req) => {
      const cursor = req.query.get('cursor');
      if (!cursor) return json([{ id: 's1' }, { id: 's2' }], 200, { Link: '</api/v1/searches?limit=100&cursor=s2>; rel="next"' });
      if (cursor === 's2') return json([{ id: 's3' }], 200);
      return json({ detail: 'unexpected cursor' }, 422);
    });
    await expect(listSearches()).resolves.toEqual([{ id: 's1' }, { id: 's2' }, { id: 's3' }]);
    const asked = api.requests('GET', '/api/v1/searches').map((r) => r.query.toString());
    expect(asked).toEqual(['limit=100', 'limit=100&cursor=s2']);
  });

  it('stops at a bound when a server links pages forever', async () => {
    const api = installMockApi();
    api.get('/api/v1/things', json([1], 200, { Link: '</api/v1/things?again=1>; rel="next"' }));
    await expect(apiFetchAllPages<number>('/api/v1/things', 3)).resolves.toEqual([1, 1, 1]);
    expect(api.requests('GET', '/api/v1/things')).toHaveLength(3);
  });
});
