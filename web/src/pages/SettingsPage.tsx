import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { changePassword, updateMe, updatePreferences } from '../api/endpoints';
import { queries } from '../api/queries';
import type { CountryCode, CurrencyCode, Preferences } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { PageHeader } from '../components/PageHeader';
import { AlertSettingsSection } from '../components/alerts/AlertSettings';
import { ProviderLink } from '../components/ProviderLink';
import { ErrorState, Loading } from '../components/Status';
import { useToast } from '../components/Toasts';
import { Field } from '../components/form/Field';
import { FormError } from '../components/form/FormError';
import { MIN_PASSWORD } from '../components/form/NewPasswordFields';
import { OptionSelect } from '../components/form/OptionSelect';
import { SubmitButton } from '../components/form/SubmitButton';
import { TextField } from '../components/form/TextField';
import { useFormSubmit } from '../components/form/useFormSubmit';
import { CONDITION_OPTIONS, COUNTRY_OPTIONS, CURRENCY_OPTIONS, LOCATION_OPTIONS } from '../lib/options';
import { CHECK_INTERVAL_INPUT, CHECK_INTERVAL_RULE, isCheckInterval, looksLikeEmail } from '../lib/validation';

function ProfileForm() {
  const { user } = useAuth();
  const qc = useQueryClient();
  const toast = useToast();
  const [email, setEmail] = useState(user?.email ?? '');
  const save = useMutation({
    mutationFn: (e: string) => updateMe(e),
    onSuccess: (u) => {
      qc.setQueryData(queries.me().queryKey, u);
      setEmail(u.email);
      toast.success('E-mail address updated.');
    },
  });
  const { invalid, submit } = useFormSubmit(
    save,
    () => (looksLikeEmail(email) ? null : 'Enter a valid e-mail address.'),
    () => email.trim(),
  );

  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <form className="form" onSubmit={submit} noValidate aria-busy={save.isPending}>
        <FormError message={invalid} error={save.error} />
        <TextField id="profile-email" label="E-mail" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        <div className="form-actions">
          <SubmitButton busy={save.isPending} busyLabel="Saving…" disabled={email.trim() === user?.email}>
            Save e-mail
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

function PasswordForm() {
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const save = useMutation({
    mutationFn: (p: { current: string; next: string }) => changePassword(p.current, p.next),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      toast.success('Password changed. Other devices have been signed out.');
    },
  });
  const { invalid, submit } = useFormSubmit(
    save,
    () => {
      if (!current) return 'Enter your current password.';
      if (next.length < MIN_PASSWORD) return `The new password needs at least ${MIN_PASSWORD} characters.`;
      return null;
    },
    () => ({ current, next }),
  );

  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">Password</h2>
      <form className="form" onSubmit={submit} noValidate aria-busy={save.isPending}>
        <FormError message={invalid} error={save.error} />
        <TextField id="password-current" label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        <TextField id="password-new" label="New password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} />
        <div className="form-actions">
          <SubmitButton busy={save.isPending} busyLabel="Changing…">
            Change password
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

function PreferencesForm({ initial }: { initial: Preferences }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [prefs, setPrefs] = useState(initial);
  const save = useMutation({
    mutationFn: (p: Preferences) =>
      updatePreferences({ ...p, currency: p.currency as CurrencyCode, country: (p.country ?? '') as CountryCode | '' }),
    onSuccess: (p) => {
      qc.setQueryData(queries.preferences().queryKey, p);
      setPrefs(p);
      toast.success('Preferences saved.');
    },
  });
  const { invalid, submit } = useFormSubmit(
    save,
    () => (isCheckInterval(prefs.check_interval_hours) ? null : `Check interval: use ${CHECK_INTERVAL_RULE}.`),
    () => prefs,
  );
  const set = <K extends keyof Preferences>(k: K) => (v: Preferences[K]) => setPrefs((p) => ({ ...p, [k]: v }));

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={save.isPending}>
      <FormError message={invalid} error={save.error} />
      <div className="form-grid">
        <Field id="pref-minrec" label="Minimum record condition">
          {(control) => (
            <OptionSelect {...control} options={CONDITION_OPTIONS} value={prefs.min_record_condition} onChange={set('min_record_condition')} />
          )}
        </Field>
        <Field id="pref-minsleeve" label="Minimum sleeve condition">
          {(control) => (
            <OptionSelect {...control} options={CONDITION_OPTIONS} value={prefs.min_sleeve_condition} onChange={set('min_sleeve_condition')} />
          )}
        </Field>
        <Field id="pref-loc" label="Preferred seller location">
          {(control) => (
            <OptionSelect {...control} options={LOCATION_OPTIONS} value={prefs.seller_location_preference} onChange={set('seller_location_preference')} />
          )}
        </Field>
        <Field id="pref-currency" label="Show amounts in">
          {(control) => (
            <OptionSelect {...control} options={CURRENCY_OPTIONS} value={prefs.currency as CurrencyCode} onChange={set('currency')} />
          )}
        </Field>
        <Field id="pref-country" label="Ship to">
          {(control) => (
            <OptionSelect
              {...control}
              options={COUNTRY_OPTIONS}
              none="Not set (United States estimates)"
              value={(prefs.country ?? '') as CountryCode | ''}
              onChange={(c) => set('country')(c === '' ? null : c)}
            />
          )}
        </Field>
        <TextField
          id="pref-interval"
          label="Default check interval (hours)"
          {...CHECK_INTERVAL_INPUT}
          value={Number.isNaN(prefs.check_interval_hours) ? '' : prefs.check_interval_hours}
          onChange={(e) => set('check_interval_hours')(e.target.valueAsNumber)}
        />
      </div>
      <div className="form-actions">
        <SubmitButton busy={save.isPending} busyLabel="Saving…">
          Save preferences
        </SubmitButton>
      </div>
    </form>
  );
}

function PreferencesSection() {
  const prefs = useQuery(queries.preferences());
  return (
    <section className="card" aria-labelledby="prefs-title">
      <h2 id="prefs-title">Preferences</h2>
      {prefs.isPending ? (
        <Loading />
      ) : prefs.isError ? (
        <ErrorState error={prefs.error} onRetry={() => void prefs.refetch()} />
      ) : (
        <PreferencesForm initial={prefs.data} />
      )}
    </section>
  );
}

export default function SettingsPage() {
  return (
    <div className="stack">
      <PageHeader title="Settings" />
      <section aria-labelledby="accounts-title" className="stack">
        <h2 id="accounts-title">Marketplace accounts</h2>
        <div className="grid-2">
          <ProviderLink provider="discogs" />
          <ProviderLink provider="ebay" />
        </div>
      </section>
      <PreferencesSection />
      <AlertSettingsSection />
      <ProfileForm />
      <PasswordForm />
    </div>
  );
}
