// The one place that talks to the network. Adds the bearer header, turns error bodies into
// ApiError (with the server's `detail` text), and on a 401 refreshes the access token once
// (POST /api/v1/auth/refresh) and retries the original request once (docs/behaviour.md#authentication).

import { clearTokens, getAccessToken, getRefreshToken, setAccessToken } from './tokens';
import type { TokenPair } from './types';

export const API_BASE: string = (import.meta.env.VITE_API_BASE as string | undefined) ?? '';

export class ApiError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly body: unknown;

  constructor(status: number, detail: string, body?: unknown) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.body = body;
  }
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Human-readable text for any thrown value (used by toasts and inline errors). */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.detail;
  if (e instanceof Error && e.message) return e.message;
  return 'Something went wrong. Please try again.';
}

/**
 * One entry of a 422 `detail` list (FastAPI's shape). The API document does not describe 422
 * bodies, so this is typed here, as loosely as the reader below needs.
 */
interface ValidationIssue {
  type?: string;
  loc?: (string | number)[];
  msg?: string;
}

function describeIssue(issue: ValidationIssue): string {
  const loc = (issue.loc ?? []).filter((p) => p !== 'body' && p !== 'query' && p !== 'path');
  const field = loc.length > 0 ? loc.join('.') : '';
  const msg = issue.msg ?? issue.type ?? 'invalid value';
  return field ? `${field}: ${msg}` : msg;
}

/** Extract the message from an error body: `detail` string, a 422 `detail` list, or `message`. */
export function extractDetail(status: number, body: unknown, statusText = ''): string {
  if (body && typeof body === 'object') {
    const b = body as { detail?: unknown; message?: unknown };
    if (typeof b.detail === 'string' && b.detail) return b.detail;
    if (Array.isArray(b.detail) && b.detail.length > 0) {
      return b.detail
        .map((d: unknown) =>
          typeof d === 'string' ? d : describeIssue((d ?? {}) as ValidationIssue),
        )
        .join('; ');
    }
    if (typeof b.message === 'string' && b.message) return b.message;
  }
  if (typeof body === 'string' && body.trim() && body.length < 300 && !body.trimStart().startsWith('<')) {
    return body.trim();
  }
  return `Request failed (${status}${statusText ? ` ${statusText}` : ''})`;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON-serialisable value, or FormData (sent as multipart/form-data by the browser). */
  body?: unknown;
  /** Send the bearer token and refresh on 401 (default true). */
  auth?: boolean;
  signal?: AbortSignal;
}

let refreshInFlight: Promise<boolean> | null = null;

/** Exchange the stored refresh token for a new access token. Concurrent callers share one call. */
export function refreshAccessToken(): Promise<boolean> {
  if (!refreshInFlight) {
    refreshInFlight = doRefresh().finally(() => {
      refreshInFlight = null;
    });
  }
  return refreshInFlight;
}

async function doRefresh(): Promise<boolean> {
  const refresh = getRefreshToken();
  if (!refresh) return false;
  try {
    const res = await fetch(`${API_BASE}/api/v1/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ refresh_token: refresh }),
    });
    if (!res.ok) return false;
    const pair = (await res.json()) as Partial<TokenPair>;
    if (typeof pair.access_token !== 'string' || !pair.access_token) return false;
    // docs/behaviour.md#authentication [SPA]: store only the new access token; keep the old refresh token.
    setAccessToken(pair.access_token);
    return true;
  } catch {
    return false;
  }
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body; // the browser sets the multipart boundary
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  if (opts.auth !== false) {
    const token = getAccessToken();
    if (token) headers.Authorization = `Bearer ${token}`;
  }
  try {
    return await fetch(`${API_BASE}${path}`, {
      method: opts.method ?? 'GET',
      headers,
      body,
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'Cannot reach the VinylDigger server. Check your connection and try again.');
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Perform an API call and return the parsed JSON body, or throw ApiError. */
export async function apiFetch<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  return (await apiFetchWithHeaders<T>(path, opts)).body;
}

/** The address of the next page from a `Link` header (RFC 8288), or null on the last page. */
export function nextPageLink(link: string | null): string | null {
  const next = (link ?? '').split(',').find((part) => /;\s*rel="?next"?/.test(part));
  return next?.match(/<([^>]*)>/)?.[1] ?? null;
}

/**
 * Every page of a paged list: the first at `path`, then each `Link: <…>; rel="next"` in turn. A
 * bound on the pages keeps a misbehaving server from looping the app forever.
 */
export async function apiFetchAllPages<T>(path: string, maxPages = 100): Promise<T[]> {
  const items: T[] = [];
  let next: string | null = path;
  for (let page = 0; next && page < maxPages; page++) {
    const { body, headers } = await apiFetchWithHeaders<T[]>(next);
    items.push(...body);
    next = nextPageLink(headers.get('Link'));
  }
  return items;
}

/** As `apiFetch`, with the response's headers. */
export async function apiFetchWithHeaders<T>(path: string, opts: RequestOptions = {}): Promise<{ body: T; headers: Headers }> {
  let res = await send(path, opts);
  if (res.status === 401 && opts.auth !== false) {
    if (getRefreshToken() && (await refreshAccessToken())) {
      res = await send(path, opts);
    }
    if (res.status === 401) {
      // Refresh failed (or there was nothing to refresh with): the session is over.
      const body = await readBody(res);
      clearTokens();
      throw new ApiError(401, extractDetail(401, body, res.statusText), body);
    }
  }
  const body = await readBody(res);
  if (!res.ok) throw new ApiError(res.status, extractDetail(res.status, body, res.statusText), body);
  return { body: body as T, headers: res.headers };
}
