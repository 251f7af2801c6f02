import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { login as apiLogin, logout as apiLogout } from '../api/endpoints';
import { queries } from '../api/queries';
import { clearTokens, getRefreshToken, hasSession, onSessionChange, storeTokens } from '../api/tokens';
import type { User } from '../api/types';

export type AuthStatus = 'anonymous' | 'loading' | 'authenticated' | 'error';

interface AuthApi {
  status: AuthStatus;
  user: User | null;
  isAdmin: boolean;
  error: unknown;
  retry: () => void;
  login: (email: string, password: string) => Promise<User>;
  logout: () => void;
}

const AuthContext = createContext<AuthApi | null>(null);

/** The API decides who is an admin (its e-mail rule and `ADMIN_EMAILS`) and says so in `is_admin`. */
export function userIsAdmin(user: User | null): boolean {
  return user?.is_admin === true;
}

/** /auth/me as the check of a stored session, by the provider and main.tsx (which asks it before the
 * first render): a failure shows at once, with a retry button, rather than after a retry. */
export const meQuery = { ...queries.me(), retry: false };

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [hasTokens, setHasTokens] = useState(hasSession);

  useEffect(
    () =>
      onSessionChange((loggedIn) => {
        setHasTokens(loggedIn);
        if (!loggedIn) queryClient.clear();
      }),
    [queryClient],
  );

  // On load with a stored session, A4 confirms it (a 401 there, after one refresh attempt, ends it).
  const me = useQuery({ ...meQuery, enabled: hasTokens });

  const login = useCallback(
    async (email: string, password: string) => {
      const tokens = await apiLogin(email, password);
      storeTokens(tokens.access_token, tokens.refresh_token);
      try {
        // One A4 call, shared with the provider's own `me` query.
        return await queryClient.fetchQuery(queries.me());
      } catch (e) {
        clearTokens();
        throw e;
      }
    },
    [queryClient],
  );

  const logout = useCallback(() => {
    // End the session on the server too, so a copied refresh token stops working; signing out
    // here does not wait for it (nor fail with it).
    const refresh = getRefreshToken();
    if (refresh) apiLogout(refresh).catch(() => undefined);
    clearTokens();
  }, []);

  const value = useMemo<AuthApi>(() => {
    let status: AuthStatus;
    if (!hasTokens) status = 'anonymous';
    else if (me.data) status = 'authenticated';
    else if (me.isError) status = 'error';
    else status = 'loading';
    const user = hasTokens ? (me.data ?? null) : null;
    return {
      status,
      user,
      isAdmin: userIsAdmin(user),
      error: me.error,
      retry: () => void me.refetch(),
      login,
      logout,
    };
  }, [hasTokens, me, login, logout]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthApi {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
