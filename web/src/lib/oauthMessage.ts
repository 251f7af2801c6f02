import type { Provider } from '../api/types';

/** Message the OAuth popup sends to the Settings window that opened it. */
export interface OAuthLinkedMessage {
  type: 'vinyldigger:oauth-linked';
  provider: Provider;
}

export function isOAuthLinkedMessage(data: unknown): data is OAuthLinkedMessage {
  return (
    !!data &&
    typeof data === 'object' &&
    (data as { type?: unknown }).type === 'vinyldigger:oauth-linked' &&
    ((data as { provider?: unknown }).provider === 'discogs' || (data as { provider?: unknown }).provider === 'ebay')
  );
}
