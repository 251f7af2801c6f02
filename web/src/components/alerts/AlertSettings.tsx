import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { rotateWebhookSecret, testWebhook, updateNotifySettings } from '../../api/endpoints';
import { queries } from '../../api/queries';
import type { NotifySettings, NotifySettingsUpdate, WebhookFormat } from '../../api/types';
import { errorMessage } from '../../api/client';
import { ErrorState, Loading } from '../Status';
import { useToast } from '../Toasts';
import { Field } from '../form/Field';
import { FormError } from '../form/FormError';
import { OptionSelect } from '../form/OptionSelect';
import { SubmitButton } from '../form/SubmitButton';
import { TextField } from '../form/TextField';
import { useFormSubmit } from '../form/useFormSubmit';

const FORMATS = [
  { value: 'json', label: 'JSON (generic)' },
  { value: 'discord', label: 'Discord' },
  { value: 'slack', label: 'Slack' },
  { value: 'ntfy', label: 'ntfy' },
] as const satisfies readonly { value: WebhookFormat; label: string }[];

type Hour = `${number}`;
const HOURS = Array.from({ length: 24 }, (_, h) => ({ value: String(h) as Hour, label: `${String(h).padStart(2, '0')}:00` }));

/** The largest daily cap the API accepts. */
const MAX_CAP = 500;

interface Draft {
  email: boolean;
  url: string;
  format: WebhookFormat;
  webhookOn: boolean;
  cap: string;
  quiet: boolean;
  quietStart: Hour;
  quietEnd: Hour;
  timeZone: string;
  digestHour: Hour;
}

function draftOf(s: NotifySettings): Draft {
  return {
    email: s.email_enabled,
    url: s.webhook?.url ?? '',
    format: s.webhook?.format ?? 'json',
    webhookOn: s.webhook?.enabled ?? true,
    cap: String(s.daily_cap),
    quiet: s.quiet_hours != null,
    quietStart: String(s.quiet_hours?.start_hour ?? 22) as Hour,
    quietEnd: String(s.quiet_hours?.end_hour ?? 7) as Hour,
    timeZone: s.time_zone,
    digestHour: String(s.digest_hour) as Hour,
  };
}

function updateOf(d: Draft, had: NotifySettings): NotifySettingsUpdate {
  const url = d.url.trim();
  const update: NotifySettingsUpdate = {
    email_enabled: d.email,
    daily_cap: Number(d.cap),
    quiet_hours: d.quiet ? { start_hour: Number(d.quietStart), end_hour: Number(d.quietEnd) } : null,
    time_zone: d.timeZone.trim(),
    digest_hour: Number(d.digestHour),
  };
  if (url) update.webhook = { url, format: d.format, enabled: d.webhookOn };
  else if (had.webhook) update.webhook = null;
  return update;
}

/** The signing secret, shown the one time the API reveals it. */
function SecretOnce({ secret, onDone }: { secret: string; onDone: () => void }) {
  return (
    <div className="callout" role="status">
      <strong className="callout-title">Webhook signing secret (shown once)</strong>
      <p>
        Every request carries <code>X-VinylDigger-Signature: sha256=…</code>, the HMAC-SHA256 of the body under this
        secret. Copy it now: it is not shown again.
      </p>
      <p>
        <code className="secret" data-testid="webhook-secret">
          {secret}
        </code>
      </p>
      <button type="button" className="btn btn-small" onClick={onDone}>
        I have copied it
      </button>
    </div>
  );
}

function AlertSettingsForm({ initial }: { initial: NotifySettings }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [secret, setSecret] = useState<string | null>(null);
  const set = <K extends keyof Draft>(k: K) => (v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const save = useMutation({
    mutationFn: (u: NotifySettingsUpdate) => updateNotifySettings(u),
    onSuccess: (s) => {
      const { webhook_secret: made, ...rest } = s;
      qc.setQueryData(queries.notifySettings().queryKey, rest);
      setSaved(rest);
      setDraft(draftOf(rest));
      if (made) setSecret(made);
      toast.success('Alert settings saved.');
    },
  });
  const rotate = useMutation({
    mutationFn: rotateWebhookSecret,
    onSuccess: (s) => setSecret(s.webhook_secret),
  });
  const test = useMutation({
    mutationFn: testWebhook,
    onSuccess: (r) =>
      r.delivered
        ? toast.success(`Test alert sent: the webhook answered HTTP ${r.status}.`)
        : toast.error(`The test alert was not delivered: ${r.error ?? 'no answer'}.`),
    onError: (e) => toast.error(errorMessage(e)),
  });
  const { invalid, submit } = useFormSubmit(
    save,
    () => {
      const cap = Number(draft.cap);
      if (draft.cap.trim() === '' || !Number.isInteger(cap) || cap < 0 || cap > MAX_CAP)
        return `Daily cap: a whole number from 0 to ${MAX_CAP}.`;
      if (!draft.timeZone.trim()) return 'Time zone: an IANA name such as Europe/Berlin.';
      if (draft.url.trim() && !/^https?:\/\//i.test(draft.url.trim())) return 'Webhook URL: an https:// address.';
      return null;
    },
    () => updateOf(draft, saved),
  );

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={save.isPending} aria-label="Alert settings">
      <FormError message={invalid} error={save.error} />
      <p className="hint">
        Alerts always appear in the app (the bell). Each saved search chooses its triggers and instant or daily digest
        delivery on its own page.
      </p>
      <label className="inline-check">
        <input type="checkbox" checked={draft.email} onChange={(e) => set('email')(e.target.checked)} /> E-mail alerts to{' '}
        {saved.email}
      </label>
      <fieldset className="fieldset">
        <legend>Webhook</legend>
        <div className="form-grid">
          <TextField
            id="alert-webhook-url"
            label="Webhook URL"
            type="url"
            inputMode="url"
            placeholder="https://discord.com/api/webhooks/…"
            hint="https to a public address; leave empty for none."
            maxLength={2000}
            value={draft.url}
            onChange={(e) => set('url')(e.target.value)}
          />
          <Field id="alert-webhook-format" label="Payload format">
            {(control) => <OptionSelect {...control} options={FORMATS} value={draft.format} onChange={set('format')} />}
          </Field>
        </div>
        <label className="inline-check">
          <input type="checkbox" checked={draft.webhookOn} onChange={(e) => set('webhookOn')(e.target.checked)} /> Send
          alerts to the webhook
        </label>
        {saved.webhook && (
          <div className="form-actions">
            <button type="button" className="btn btn-small" onClick={() => test.mutate()} disabled={test.isPending}>
              {test.isPending ? 'Sending…' : 'Send test'}
            </button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => rotate.mutate()} disabled={rotate.isPending}>
              New signing secret
            </button>
          </div>
        )}
        {secret && <SecretOnce secret={secret} onDone={() => setSecret(null)} />}
      </fieldset>
      <div className="form-grid">
        <TextField
          id="alert-cap"
          label="Instant alerts per day"
          type="number"
          min={0}
          max={MAX_CAP}
          hint="Beyond it, alerts wait for the daily digest."
          value={draft.cap}
          onChange={(e) => set('cap')(e.target.value)}
        />
        <Field id="alert-digest-hour" label="Daily digest at">
          {(control) => <OptionSelect {...control} options={HOURS} value={draft.digestHour} onChange={set('digestHour')} />}
        </Field>
        <TextField
          id="alert-tz"
          label="Time zone"
          hint="An IANA name, such as Europe/Berlin."
          maxLength={64}
          value={draft.timeZone}
          onChange={(e) => set('timeZone')(e.target.value)}
        />
      </div>
      <label className="inline-check">
        <input type="checkbox" checked={draft.quiet} onChange={(e) => set('quiet')(e.target.checked)} /> Quiet hours (held
        for the digest)
      </label>
      {draft.quiet && (
        <div className="form-grid">
          <Field id="alert-quiet-start" label="Quiet from">
            {(control) => <OptionSelect {...control} options={HOURS} value={draft.quietStart} onChange={set('quietStart')} />}
          </Field>
          <Field id="alert-quiet-end" label="Quiet until">
            {(control) => <OptionSelect {...control} options={HOURS} value={draft.quietEnd} onChange={set('quietEnd')} />}
          </Field>
        </div>
      )}
      <div className="form-actions">
        <SubmitButton busy={save.isPending} busyLabel="Saving…">
          Save alert settings
        </SubmitButton>
      </div>
    </form>
  );
}

/** Settings → Alerts: the channels (e-mail, webhook) and the hygiene (cap, quiet hours, digest). */
export function AlertSettingsSection() {
  const settings = useQuery(queries.notifySettings());
  return (
    <section className="card" aria-labelledby="alerts-title">
      <h2 id="alerts-title">Alerts</h2>
      {settings.isPending ? (
        <Loading />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <AlertSettingsForm initial={settings.data} />
      )}
    </section>
  );
}
