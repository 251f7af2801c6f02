// Token storage exactly as docs/behaviour.md#authentication describes it:
//  * access token  -> sessionStorage["access_token"] (plain string)
//  * refresh token -> localStorage["refresh_token"] as JSON {"token": "...", "expiry": <ms epoch>}
// The refresh entry expires 30 days after login on the client side (the server's own expiry is 7 days).

const ACCESS_KEY = 'access_token';
const REFRESH_KEY = 'refresh_token';
export const REFRESH_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;

type Listener = (loggedIn: boolean) => void;
const listeners = new Set<Listener>();

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    // Storage can throw (private mode, disabled cookies); behave as "nothing stored".
    return fallback;
  }
}

export function getAccessToken(): string | null {
  return safe(() => sessionStorage.getItem(ACCESS_KEY), null);
}

export function getRefreshToken(): string | null {
  const raw = safe(() => localStorage.getItem(REFRESH_KEY), null);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (
      parsed &&
      typeof parsed === 'object' &&
      typeof (parsed as { token?: unknown }).token === 'string' &&
      typeof (parsed as { expiry?: unknown }).expiry === 'number'
    ) {
      const { token, expiry } = parsed as { token: string; expiry: number };
      if (expiry > Date.now()) return token;
    }
  } catch {
    // fall through: malformed entry
  }
  safe(() => localStorage.removeItem(REFRESH_KEY), undefined);
  return null;
}

export function setAccessToken(token: string): void {
  safe(() => sessionStorage.setItem(ACCESS_KEY, token), undefined);
}

/** After login: store both tokens. */
export function storeTokens(access: string, refresh: string): void {
  setAccessToken(access);
  safe(
    () =>
      localStorage.setItem(
        REFRESH_KEY,
        JSON.stringify({ token: refresh, expiry: Date.now() + REFRESH_LIFETIME_MS }),
      ),
    undefined,
  );
  notify(true);
}

export function clearTokens(): void {
  safe(() => sessionStorage.removeItem(ACCESS_KEY), undefined);
  safe(() => localStorage.removeItem(REFRESH_KEY), undefined);
  notify(false);
}

export function hasSession(): boolean {
  return getAccessToken() !== null || getRefreshToken() !== null;
}

/** Called with false when the session ends (logout or failed refresh), true on login. */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify(loggedIn: boolean): void {
  for (const l of listeners) l(loggedIn);
}
