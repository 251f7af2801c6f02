import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { errorMessage } from '../api/client';
import { deleteAppConfig, putAppConfig } from '../api/endpoints';
import { queries } from '../api/queries';
import type { AppConfig, AppConfigInput, Provider } from '../api/types';
import { PageHeader } from '../components/PageHeader';
import { Badge, ErrorState, Loading } from '../components/Status';
import { useToast } from '../components/Toasts';
import { FormError } from '../components/form/FormError';
import { SubmitButton } from '../components/form/SubmitButton';
import { TextField } from '../components/form/TextField';
import { useFormSubmit } from '../components/form/useFormSubmit';
import { PLATFORM_LABEL } from '../lib/options';

interface FieldSpec {
  key: 'consumer_key' | 'consumer_secret' | 'callback_url' | 'redirect_uri' | 'scope';
  label: string;
  required: boolean;
  secret?: boolean;
  hint?: string;
  placeholder?: string;
}

function fieldsFor(provider: Provider): FieldSpec[] {
  const callback = `${window.location.origin}/oauth/callback`;
  return provider === 'discogs'
    ? [
        { key: 'consumer_key', label: 'Consumer key', required: true },
        { key: 'consumer_secret', label: 'Consumer secret', required: true, secret: true },
        {
          key: 'callback_url',
          label: 'Callback URL (optional)',
          required: false,
          placeholder: callback,
          hint: `Leave empty to use the code-entry flow, or use ${callback} to return straight to VinylDigger.`,
        },
      ]
    : [
        { key: 'consumer_key', label: 'Client ID (App ID)', required: true },
        { key: 'consumer_secret', label: 'Client secret (Cert ID)', required: true, secret: true },
        {
          key: 'redirect_uri',
          label: 'Redirect URI (RuName)',
          required: true,
          hint: `The RuName eBay shows for your app; point its accept URL at ${callback}.`,
        },
        {
          key: 'scope',
          label: 'Scopes (optional)',
          required: false,
          placeholder: 'https://api.ebay.com/oauth/api_scope',
          hint: 'Space-separated. Empty uses the default scope.',
        },
      ];
}

type Values = Record<FieldSpec['key'], string>;

/** Credentials form. The secret is write-only: never prefilled, masked, and dropped after saving. */
function ConfigForm({
  provider,
  existing,
  onSaved,
  onCancel,
}: {
  provider: Provider;
  existing?: AppConfig;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const qc = useQueryClient();
  const toast = useToast();
  const fields = fieldsFor(provider);
  const [values, setValues] = useState<Values>({
    consumer_key: '',
    consumer_secret: '',
    callback_url: existing?.callback_url ?? '',
    redirect_uri: existing?.redirect_uri ?? '',
    scope: existing?.scope ?? '',
  });
  const save = useMutation({
    mutationFn: (input: AppConfigInput) => putAppConfig(input),
    onSuccess: () => {
      setValues((v) => ({ ...v, consumer_secret: '' }));
      void qc.invalidateQueries({ queryKey: queries.appConfigs().queryKey });
      // Stored credentials can turn a marketplace from the sandbox to the real one.
      void qc.invalidateQueries({ queryKey: queries.health().queryKey });
      toast.success(`${PLATFORM_LABEL[provider]} credentials saved.`);
      onSaved();
    },
  });

  function check(): string | null {
    const missing = fields.filter((f) => f.required && !values[f.key].trim());
    return missing.length > 0 ? `Fill in: ${missing.map((f) => f.label).join(', ')}.` : null;
  }

  function toInput(): AppConfigInput {
    const input: AppConfigInput = {
      provider,
      consumer_key: values.consumer_key.trim(),
      consumer_secret: values.consumer_secret.trim(),
    };
    if (provider === 'discogs') input.callback_url = values.callback_url.trim();
    else {
      input.redirect_uri = values.redirect_uri.trim();
      input.scope = values.scope.trim();
    }
    return input;
  }

  const { invalid, submit } = useFormSubmit(save, check, toInput);

  return (
    <form className="form" onSubmit={submit} noValidate autoComplete="off" aria-busy={save.isPending}>
      <FormError message={invalid} error={save.error} />
      {fields.map((f) => (
        <TextField
          key={f.key}
          id={`${id}-${f.key}`}
          label={f.label}
          hint={f.hint}
          type={f.secret ? 'password' : 'text'}
          autoComplete={f.secret ? 'new-password' : 'off'}
          spellCheck={false}
          value={values[f.key]}
          placeholder={f.placeholder}
          onChange={(e) => setValues((v) => ({ ...v, [f.key]: e.target.value }))}
        />
      ))}
      <div className="form-actions">
        <SubmitButton busy={save.isPending} busyLabel="Saving…">
          {existing ? 'Replace credentials' : 'Save credentials'}
        </SubmitButton>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

function ProviderConfig({ provider, config }: { provider: Provider; config?: AppConfig }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const remove = useMutation({
    mutationFn: () => deleteAppConfig(provider),
    onSuccess: (res) => {
      setMode('view');
      toast.success(res.message);
      void qc.invalidateQueries({ queryKey: queries.appConfigs().queryKey });
      void qc.invalidateQueries({ queryKey: queries.health().queryKey });
    },
    onError: (e) => {
      setMode('view');
      toast.error(errorMessage(e));
    },
  });
  const headingId = `config-${provider}`;

  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-head">
        <h2 id={headingId}>{PLATFORM_LABEL[provider]}</h2>
        {config ? <Badge tone="ok">Configured</Badge> : <Badge tone="muted">Not configured</Badge>}
      </div>
      {config && mode !== 'edit' && (
        <>
          <dl className="meta">
            <div>
              <dt>{provider === 'discogs' ? 'Consumer key' : 'Client ID'}</dt>
              <dd>
                <code>{config.consumer_key}</code>
              </dd>
            </div>
            <div>
              <dt>Secret</dt>
              <dd>stored, never shown</dd>
            </div>
            {provider === 'discogs' ? (
              <div>
                <dt>Callback URL</dt>
                <dd>{config.callback_url || 'none (code entry)'}</dd>
              </div>
            ) : (
              <>
                <div>
                  <dt>Redirect URI</dt>
                  <dd>{config.redirect_uri || '—'}</dd>
                </div>
                <div>
                  <dt>Scopes</dt>
                  <dd>{config.scope || 'default'}</dd>
                </div>
              </>
            )}
          </dl>
          {mode === 'confirm-delete' ? (
            <div className="confirm" role="group" aria-label={`Confirm removing ${PLATFORM_LABEL[provider]} credentials`}>
              <p>Remove the {PLATFORM_LABEL[provider]} credentials? Users cannot connect {PLATFORM_LABEL[provider]} until new ones are saved.</p>
              <div className="button-row">
                <button type="button" className="btn btn-danger" autoFocus onClick={() => remove.mutate()} disabled={remove.isPending}>
                  Yes, remove
                </button>
                <button type="button" className="btn" onClick={() => setMode('view')}>
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <div className="button-row">
              <button type="button" className="btn" onClick={() => setMode('edit')}>
                Replace credentials
              </button>
              <button type="button" className="btn btn-danger-outline" onClick={() => setMode('confirm-delete')}>
                Remove
              </button>
            </div>
          )}
        </>
      )}
      {(!config || mode === 'edit') && (
        <ConfigForm
          provider={provider}
          existing={config}
          onSaved={() => setMode('view')}
          onCancel={config ? () => setMode('view') : undefined}
        />
      )}
    </section>
  );
}

export default function AdminPage() {
  const configs = useQuery(queries.appConfigs());
  return (
    <div className="stack">
      <PageHeader
        title="Administration"
        lead="Application credentials for Discogs and eBay. Secrets are write-only: they are never shown again."
      />
      {configs.isPending ? (
        <Loading />
      ) : configs.isError ? (
        <ErrorState error={configs.error} onRetry={() => void configs.refetch()} />
      ) : (
        <div className="grid-2">
          {(['discogs', 'ebay'] as const).map((p) => (
            <ProviderConfig key={p} provider={p} config={configs.data.find((c) => c.provider === p)} />
          ))}
        </div>
      )}
    </div>
  );
}
