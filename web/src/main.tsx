import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App, { createQueryClient, preloadPage } from './App';
import { hasSession } from './api/tokens';
import { meQuery } from './auth/AuthContext';
import './styles.css';

// What the first page needs starts now, side by side: its chunk and, signed in, the account (A4).
// Rendering waits for the chunk, so the page shows at once instead of behind a Suspense fallback,
// which React keeps on screen for at least 300 ms. A chunk that fails to load is reported by the
// page's own lazy loading.
const client = createQueryClient();
if (hasSession()) void client.prefetchQuery(meQuery);
void preloadPage(window.location.pathname)
  .catch(() => undefined)
  .then(() =>
    createRoot(document.getElementById('root')!).render(
      <StrictMode>
        <App client={client} />
      </StrictMode>,
    ),
  );
