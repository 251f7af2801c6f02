import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, useState, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { isApiError } from './api/client';
import { AuthProvider } from './auth/AuthContext';
import { RedirectIfAuthed, RequireAuth } from './auth/guards';
import { Layout, PublicLayout } from './components/Layout';
import { ToastProvider } from './components/Toasts';

// Every page is its own chunk; the initial bundle holds only the shell.
const LoginPage = lazy(() => import('./pages/LoginPage'));
const RegisterPage = lazy(() => import('./pages/RegisterPage'));
const OAuthCallbackPage = lazy(() => import('./pages/OAuthCallbackPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));
const SearchesPage = lazy(() => import('./pages/SearchesPage'));
const SearchDetailPage = lazy(() => import('./pages/SearchDetailPage'));
const DealsPage = lazy(() => import('./pages/DealsPage'));
const OffersPage = lazy(() => import('./pages/OffersPage'));
const SettingsPage = lazy(() => import('./pages/SettingsPage'));
const AdminPage = lazy(() => import('./pages/AdminPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

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
      </Route>
      <Route element={<RequireAuth><Layout /></RequireAuth>}>
        <Route path="/" element={<Navigate to="/dashboard" replace />} />
        <Route path="/dashboard" element={<DashboardPage />} />
        <Route path="/searches" element={<SearchesPage />} />
        <Route path="/searches/:id" element={<SearchDetailPage />} />
        <Route path="/searches/:id/deals" element={<DealsPage />} />
        <Route path="/searches/:id/offers" element={<OffersPage />} />
        <Route path="/settings" element={<SettingsPage />} />
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
