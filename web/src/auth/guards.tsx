import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState, Loading } from '../components/Status';
import { useAuth } from './AuthContext';

/** Where to go after signing in: the page that sent the visitor to /login, else the dashboard. */
export function returnPath(state: unknown): string {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && from !== '/login'
    ? from
    : '/dashboard';
}

/** Signed-in pages: anonymous visitors go to /login (and come back after signing in). */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, error, retry } = useAuth();
  const location = useLocation();
  if (status === 'anonymous') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (status === 'loading') return <Loading label="Signing you in…" />;
  if (status === 'error') {
    return (
      <div className="public-main">
        <ErrorState title="Could not load your account" error={error} onRetry={retry} />
      </div>
    );
  }
  return <>{children}</>;
}

/** Login/register: a signed-in user goes straight on (to where they were heading). */
export function RedirectIfAuthed({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'authenticated') return <Navigate to={returnPath(location.state)} replace />;
  return <>{children}</>;
}
