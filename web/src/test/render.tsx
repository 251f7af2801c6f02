import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, useLocation } from 'react-router';
import { AppRoutes, Providers } from '../App';
import { storeTokens } from '../api/tokens';
import type { User } from '../api/types';
import { json, type MockApi } from './fetchMock';

export const USER: User = {
  id: '6f1c2d8e-3b7a-4c55-9e2f-1a2b3c4d5e6f',
  email: 'digger@example.com',
  is_admin: false,
  created_at: '2026-11-01T10:00:00+00:00',
  updated_at: '2026-11-01T10:00:00+00:00',
};

export const ADMIN: User = { ...USER, email: 'root@vinyldigger.com', is_admin: true };

export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, staleTime: 5 * 60 * 1000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

let currentPath = '';
function LocationProbe() {
  const loc = useLocation();
  currentPath = loc.pathname + loc.search;
  return null;
}
/** Path the in-memory router is showing now. */
export const locationPath = () => currentPath;

/** Pretend a user is signed in (tokens stored as docs/behaviour.md#authentication says) and answer /auth/me. */
export function signIn(api: MockApi, user: User = USER) {
  storeTokens('access-1', 'refresh-1');
  api.get('/api/v1/auth/me', json(user));
  api.get('/health', json({ status: 'healthy' }));
}

export function renderApp(path: string) {
  const client = testQueryClient();
  const user = userEvent.setup();
  const utils = render(
    <Providers client={client}>
      <MemoryRouter initialEntries={[path]}>
        <LocationProbe />
        <AppRoutes />
      </MemoryRouter>
    </Providers>,
  );
  return { ...utils, user, client };
}

/** Find text that is announced as an alert (inline error or error toast). */
export async function findAlert(text: string | RegExp): Promise<HTMLElement> {
  const { screen, waitFor } = await import('@testing-library/react');
  let found: HTMLElement | undefined;
  await waitFor(() => {
    found = screen
      .getAllByRole('alert')
      .find((el) => (typeof text === 'string' ? el.textContent?.includes(text) : text.test(el.textContent ?? '')));
    if (!found) throw new Error(`no alert with ${String(text)}`);
  });
  return found!;
}
