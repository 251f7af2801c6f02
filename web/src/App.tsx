import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, matchPath } from 'react-router';
import { isApiError } from './api/client';
import { AuthProvider } from './auth/AuthContext';
import { RedirectIfAuthed, RequireAuth } from './auth/guards';
import { Layout, PublicLayout } from './components/Layout';
import { ToastProvider } from './components/Toasts';
import { lazyPage, type LazyPage } from './lib/lazyPage';

// Every page is its own chunk; the initial bundle holds only the shell.
const LoginPage = lazyPage(() => import('./pages/LoginPage'));
const RegisterPage = lazyPage(() => import('./pages/RegisterPage'));
const OAuthCallbackPage = lazyPage(() => import('./pages/OAuthCallbackPage'));
const ForgotPasswordPage = lazyPage(() => import('./pages/ForgotPasswordPage'));
const ResetPasswordPage = lazyPage(() => import('./pages/ResetPasswordPage'));
const DashboardPage = lazyPage(() => import('./pages/DashboardPage'));
const SearchesPage = lazyPage(() => import('./pages/SearchesPage'));
const SearchDetailPage = lazyPage(() => import('./pages/SearchDetailPage'));
const DealsPage = lazyPage(() => import('./pages/DealsPage'));
const OffersPage = lazyPage(() => import('./pages/OffersPage'));
const SettingsPage = lazyPage(() => import('./pages/SettingsPage'));
const NotificationsPage = lazyPage(() => import('./pages/NotificationsPage'));
const AdminPage = lazyPage(() => import('./pages/AdminPage'));
const NotFoundPage = lazyPage(() => import('./pages/NotFoundPage'));

// The routes below, for preloading the first page of a visit (a missing entry only costs speed).
const PAGES: [string, LazyPage][] = [
  ['/login', LoginPage],
  ['/register', RegisterPage],
  ['/oauth/callback', OAuthCallbackPage],
  ['/forgot-password', ForgotPasswordPage],
  ['/reset-password', ResetPasswordPage],
  ['/', DashboardPage],
  ['/dashboard', DashboardPage],
  ['/searches', SearchesPage],
  ['/searches/:id', SearchDetailPage],
  ['/searches/:id/deals', DealsPage],
  ['/searches/:id/offers', OffersPage],
  ['/settings', SettingsPage],
  ['/notifications', NotificationsPage],
  ['/admin', AdminPage],
];

/** Starts loading the chunk of the page at `pathname`; resolves when it is in. */
export function preloadPage(pathname: string): Promise<unknown> {
  const page = PAGES.find(([path]) => matchPath(path, pathname))?.[1] ?? NotFoundPage;
  return page.preload();
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5 * 60 * 1000, // as upstream: cache 5 min, no refetch on focus
        refetchOnWindowFocus: false,
        // 4xx answers are final; retry network errors and 5xx once
        retry: (count, error) => count < 1 && !(isApiError(error) && error.status >= 400 && error.status < 500),
      },
      mutations: { retry: false },
    },
  });
}

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<PublicLayout />}>
        <Route path="/login" element={<RedirectIfAuthed><LoginPage /></RedirectIfAuthed>} />
        <Route path="/register" element={<RedirectIfAuthed><RegisterPage /></RedirectIfAuthed>} />
        <Route path="/oauth/callback" element={<OAuthCallbackPage />} />
        <Route path="/forgot-password" element={<RedirectIfAuthed><ForgotPasswordPage /></RedirectIfAuthed>} />
        {/* Not redirected when signed in: the link may be opened in a browser with another session. */}
        <Route path="/reset-password" element={<ResetPasswordPage />} />
      </Route>
      <Route element={<RequireAuth><Layout /></RequireAuth>}>
        <Route path="/" element={<Navigate to="/dashboard" replace />} />
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/searches" element={<SearchesPage />} />
        <Route path="/searches/:id" element={<SearchDetailPage />} />
        <Route path="/searches/:id/deals" element={<DealsPage />} />
        <Route path="/searches/:id/offers" element={<OffersPage />} />
        <Route path="/settings" element={<SettingsPage />} />
        <Route path="/notifications" element={<NotificationsPage />} />
        <Route path="/admin" element={<AdminPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>
        <AuthProvider>{children}</AuthProvider>
      </ToastProvider>
    </QueryClientProvider>
  );
}

export default function App({ client }: { client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? createQueryClient());
  return (
    <Providers client={queryClient}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </Providers>
  );
}
