import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { CallbackExchange } from '../api/endpoints';
import { queries } from '../api/queries';
import type { Provider } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { AuthCard } from '../components/AuthCard';
import { ErrorState, Loading } from '../components/Status';
import type { OAuthLinkedMessage } from '../lib/oauthMessage';
import { timing } from '../lib/timing';

type Plan = { kind: 'denied' } | { kind: 'invalid' } | CallbackExchange;

/** Which endpoint the provider's redirect parameters belong to (docs/behaviour.md#web-app). */
export function planCallback(params: URLSearchParams): Plan {
  if (params.get('error')) return { kind: 'denied' };
  const oauthToken = params.get('oauth_token');
  const verifier = params.get('oauth_verifier');
  const state = params.get('state');
  const code = params.get('code');
  if (oauthToken && verifier) {
    // state is passed on when present; without it the backend finds the handshake by oauth_token
    return state
      ? { kind: 'discogs', oauth_token: oauthToken, oauth_verifier: verifier, state }
      : { kind: 'discogs', oauth_token: oauthToken, oauth_verifier: verifier };
  }
  if (code && state) return { kind: 'ebay', code, state };
  return { kind: 'invalid' };
}

export default function OAuthCallbackPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const plan = planCallback(params);
  const { status } = useAuth();
  // Only the signed-in user who started the link can complete it (the server checks), so the
  // parameters are handed on once the session is known.
  const signedIn = status === 'authenticated';
  const toExchange = signedIn && (plan.kind === 'discogs' || plan.kind === 'ebay') ? plan : null;
  const provider: Provider | null = plan.kind === 'discogs' || plan.kind === 'ebay' ? plan.kind : null;
  const exchange = useQuery(queries.oauthCallback(toExchange));

  const succeeded = exchange.isSuccess;
  useEffect(() => {
    if (!succeeded || !provider) return;
    const opener = window.opener as Window | null;
    if (opener && opener !== window) {
      const msg: OAuthLinkedMessage = { type: 'vinyldigger:oauth-linked', provider };
      try {
        opener.postMessage(msg, window.location.origin);
      } catch {
        // opener on another origin or gone: nothing to tell
      }
    }
    const t = window.setTimeout(() => navigate('/settings', { replace: true }), timing.oauthRedirectMs);
    return () => window.clearTimeout(t);
  }, [succeeded, provider, navigate]);

  const name = provider === 'ebay' ? 'eBay' : 'Discogs';
  let body;
  if (plan.kind === 'denied') {
    body = <ErrorState error={new Error('Authorization was denied or cancelled.')} />;
  } else if (plan.kind === 'invalid') {
    body = (
      <ErrorState
        error={
          new Error(
            'This link is missing the authorization details Discogs or eBay add when they send you back. Start again from Settings.',
          )
        }
      />
    );
  } else if (status === 'anonymous' || status === 'error') {
    body = (
      <ErrorState
        error={
          new Error(
            `Sign in to VinylDigger in this browser, then connect ${name} again from Settings: only the account that started the connection can finish it.`,
          )
        }
      />
    );
  } else if (exchange.isPending) {
    body = <Loading label={`Connecting your ${name} account…`} />;
  } else if (exchange.isError) {
    body = <ErrorState title={`Could not connect ${name}`} error={exchange.error} />;
  } else {
    body = (
      <div className="callout callout-success" role="status">
        <p>
          {exchange.data.message} {exchange.data.username && <>Connected as <strong>{exchange.data.username}</strong>.</>}
        </p>
        <p>Taking you to Settings…</p>
      </div>
    );
  }

  return (
    <AuthCard title={provider ? `Connecting ${name}` : 'Account connection'} footer={<Link to="/settings">Go to Settings</Link>}>
      {body}
    </AuthCard>
  );
}
