import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { errorMessage } from '../api/client';
import { authorize, revoke, verifyDiscogs, verifyEbay } from '../api/endpoints';
import { queries } from '../api/queries';
import type { OAuthDone, Provider } from '../api/types';
import { isOAuthLinkedMessage } from '../lib/oauthMessage';
import { PLATFORM_LABEL } from '../lib/options';
import { Badge, ErrorState, Loading } from './Status';
import { useToast } from './Toasts';
import { FormError } from './form/FormError';
import { SubmitButton } from './form/SubmitButton';
import { TextField } from './form/TextField';
import { useFormSubmit } from './form/useFormSubmit';
const FLOW_TTL_MS = 10 * 60 * 1000; // the server keeps the handshake state for 600 s

interface Flow {
  state: string;
  url: string;
  at: number;
}

const flowKey = (p: Provider) => `vinyldigger.oauth.${p}`;

function loadFlow(p: Provider): Flow | null {
  try {
    const raw = sessionStorage.getItem(flowKey(p));
    if (!raw) return null;
    const f = JSON.parse(raw) as Flow;
    return typeof f.state === 'string' && typeof f.url === 'string' && Date.now() - f.at < FLOW_TTL_MS ? f : null;
  } catch {
    return null;
  }
}

function saveFlow(p: Provider, f: Flow | null) {
  try {
    if (f) sessionStorage.setItem(flowKey(p), JSON.stringify(f));
    else sessionStorage.removeItem(flowKey(p));
  } catch {
    // storage unavailable: the flow just won't survive a reload
  }
}

/** eBay's helper page may show the code URL-encoded (v%5E1.1%23…); the API wants it decoded. */
export function normaliseCode(code: string): string {
  const c = code.trim();
  if (!/%[0-9A-Fa-f]{2}/.test(c)) return c;
  try {
    return decodeURIComponent(c);
  } catch {
    return c;
  }
}

function ManualEntry({
  provider,
  flow,
  onDone,
}: {
  provider: Provider;
  flow: Flow;
  onDone: (res: OAuthDone) => void;
}) {
  const id = useId();
  const [code, setCode] = useState('');
  const [state, setState] = useState(flow.state);
  const verify = useMutation({
    mutationFn: () =>
      provider === 'discogs'
        ? verifyDiscogs(state.trim(), code.trim())
        : verifyEbay(state.trim(), normaliseCode(code)),
    onSuccess: onDone,
  });

  const { invalid, submit } = useFormSubmit(
    verify,
    () => {
      if (!code.trim()) {
        return provider === 'discogs' ? 'Paste the verification code Discogs showed you.' : 'Paste the authorization code.';
      }
      if (!state.trim()) return 'The state value is missing. Start the connection again.';
      return null;
    },
    () => undefined,
  );

  return (
    <form className="form manual-entry" onSubmit={submit} noValidate aria-busy={verify.isPending}>
      <p className="hint">
        {provider === 'discogs'
          ? 'Approve VinylDigger on Discogs. If Discogs then shows a verification code instead of sending you back, paste it here.'
          : 'Approve VinylDigger on eBay. If eBay sends you to a page that shows an authorization code and a state, paste them here.'}{' '}
        <a href={flow.url} target="_blank" rel="noopener noreferrer">
          Open the {PLATFORM_LABEL[provider]} authorization page
        </a>
      </p>
      <FormError message={invalid} error={verify.error} />
      <TextField
        id={`${id}-code`}
        label={provider === 'discogs' ? 'Verification code' : 'Authorization code'}
        value={code}
        onChange={(e) => setCode(e.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
      {provider === 'ebay' && (
        <TextField
          id={`${id}-state`}
          label="State"
          hint="Filled in for you; replace it only if the page you were sent to shows a different one."
          value={state}
          onChange={(e) => setState(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      )}
      <div className="form-actions">
        <SubmitButton busy={verify.isPending} busyLabel="Verifying…">
          Verify and connect
        </SubmitButton>
      </div>
    </form>
  );
}

/** Link / unlink one marketplace account: status, OAuth popup, manual code entry, revoke. */
export function ProviderLink({ provider }: { provider: Provider }) {
  const qc = useQueryClient();
  const toast = useToast();
  const name = PLATFORM_LABEL[provider];
  const status = useQuery(queries.oauthStatus(provider));
  const [flow, setFlowState] = useState<Flow | null>(() => loadFlow(provider));
  const [confirming, setConfirming] = useState(false);

  const setFlow = (f: Flow | null) => {
    saveFlow(provider, f);
    setFlowState(f);
  };

  const linked = (res?: OAuthDone) => {
    setFlow(null);
    toast.success(res ? `${res.message}${res.username ? ` Connected as ${res.username}.` : ''}` : `${name} connected.`);
    void qc.invalidateQueries({ queryKey: queries.oauthStatus(provider).queryKey });
  };

  // The callback page in the popup tells us when the account is linked.
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.origin !== window.location.origin || !isOAuthLinkedMessage(e.data) || e.data.provider !== provider) return;
      saveFlow(provider, null);
      setFlowState(null);
      void qc.invalidateQueries({ queryKey: queries.oauthStatus(provider).queryKey });
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [provider, qc]);

  const start = useMutation({
    mutationFn: async () => {
      // Open the window inside the click so popup blockers allow it; point it at the URL once known.
      const popup = window.open('', `vinyldigger-oauth-${provider}`, 'popup,width=720,height=800');
      try {
        const res = await authorize(provider);
        if (popup && !popup.closed) popup.location.href = res.authorization_url;
        return res;
      } catch (e) {
        popup?.close();
        throw e;
      }
    },
    onSuccess: (res) => setFlow({ state: res.state, url: res.authorization_url, at: Date.now() }),
    onError: (e) => toast.error(errorMessage(e)),
  });

  const disconnect = useMutation({
    mutationFn: () => revoke(provider),
    onSuccess: (res) => {
      setConfirming(false);
      toast.success(res.message);
      void qc.invalidateQueries({ queryKey: queries.oauthStatus(provider).queryKey });
    },
    onError: (e) => {
      setConfirming(false);
      toast.error(errorMessage(e));
    },
  });

  const headingId = `provider-${provider}`;
  let body;
  if (status.isPending) body = <Loading />;
  else if (status.isError) body = <ErrorState error={status.error} onRetry={() => void status.refetch()} />;
  else if (status.data.is_authorized) {
    body = (
      <>
        <p>
          <Badge tone="ok">Connected</Badge>{' '}
          {status.data.username ? (
            <>
              Connected as <strong>{status.data.username}</strong>
            </>
          ) : (
            `Your ${name} account is connected.`
          )}
        </p>
        {confirming ? (
          <div className="confirm" role="group" aria-label={`Confirm disconnecting ${name}`}>
            <p>Disconnect {name}? Searches will stop using your {name} account.</p>
            <div className="button-row">
              <button
                type="button"
                className="btn btn-danger"
                autoFocus
                onClick={() => disconnect.mutate()}
                disabled={disconnect.isPending}
              >
                Yes, disconnect
              </button>
              <button type="button" className="btn" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <button type="button" className="btn btn-danger-outline" onClick={() => setConfirming(true)}>
            Disconnect {name}
          </button>
        )}
      </>
    );
  } else if (!status.data.is_configured) {
    body = (
      <p className="muted">
        {name} is not available yet: an administrator has to set up the {name} application credentials first.
      </p>
    );
  } else {
    body = (
      <>
        <p>
          <Badge tone="muted">Not connected</Badge>{' '}
          {provider === 'discogs'
            ? 'Connect Discogs to sync your collection and want list and to search the marketplace.'
            : 'Connect eBay to search eBay with your own account.'}
        </p>
        <div className="button-row">
          <button type="button" className="btn btn-primary" onClick={() => start.mutate()} disabled={start.isPending}>
            {start.isPending ? 'Starting…' : flow ? `Start again` : `Connect ${name}`}
          </button>
          {flow && (
            <button type="button" className="btn btn-ghost" onClick={() => setFlow(null)}>
              Cancel
            </button>
          )}
        </div>
        {flow && <ManualEntry key={flow.state} provider={provider} flow={flow} onDone={linked} />}
      </>
    );
  }

  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{name}</h3>
      {body}
    </section>
  );
}
