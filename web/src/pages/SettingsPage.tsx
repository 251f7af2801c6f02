import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { getPreferences, updateMe, updatePreferences } from '../api/endpoints';
import { qk } from '../api/queryKeys';
import type { Preferences } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { PageHeader } from '../components/PageHeader';
import { ProviderLink } from '../components/ProviderLink';
import { CONDITIONS, CONDITION_LABEL, LOCATIONS, LOCATION_LABEL } from '../components/SearchForm';
import { ErrorState, Loading } from '../components/Status';
import { useToast } from '../components/Toasts';

function ProfileForm() {
  const { user } = useAuth();
  const qc = useQueryClient();
  const toast = useToast();
  const [email, setEmail] = useState(user?.email ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (e: string) => updateMe(e),
    onSuccess: (u) => {
      qc.setQueryData(qk.me, u);
      setEmail(u.email);
      toast.success('E-mail address updated.');
    },
    onError: (e) => setError(errorMessage(e)),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) {
      setError('Enter a valid e-mail address.');
      return;
    }
    save.mutate(email.trim());
  }

  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Profile</h2>
      <form className="form" onSubmit={submit} noValidate aria-busy={save.isPending}>
        {error && (
          <p className="callout callout-error" role="alert">
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor="profile-email">E-mail</label>
          <input
            id="profile-email"
            type="email"
            autoComplete="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={save.isPending || email.trim() === user?.email}>
            {save.isPending ? 'Saving…' : 'Save e-mail'}
          </button>
        </div>
      </form>
    </section>
  );
}

function PreferencesForm({ initial }: { initial: Preferences }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [prefs, setPrefs] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (p: Preferences) => updatePreferences(p),
    onSuccess: (p) => {
      qc.setQueryData(qk.preferences, p);
      setPrefs(p);
      toast.success('Preferences saved.');
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const set = <K extends keyof Preferences>(k: K, v: Preferences[K]) => setPrefs((p) => ({ ...p, [k]: v }));

  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const h = prefs.check_interval_hours;
    if (!Number.isInteger(h) || h < 1 || h > 168) {
      setError('Check interval: use a whole number of hours from 1 to 168.');
      return;
    }
    save.mutate(prefs);
  }

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={save.isPending}>
      {error && (
        <p className="callout callout-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="pref-minrec">Minimum record condition</label>
          <select id="pref-minrec" value={prefs.min_record_condition} onChange={(e) => set('min_record_condition', e.target.value)}>
            {CONDITIONS.map((c) => (
              <option key={c} value={c}>
                {CONDITION_LABEL[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pref-minsleeve">Minimum sleeve condition</label>
          <select id="pref-minsleeve" value={prefs.min_sleeve_condition} onChange={(e) => set('min_sleeve_condition', e.target.value)}>
            {CONDITIONS.map((c) => (
              <option key={c} value={c}>
                {CONDITION_LABEL[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pref-loc">Preferred seller location</label>
          <select
            id="pref-loc"
            value={prefs.seller_location_preference}
            onChange={(e) => set('seller_location_preference', e.target.value)}
          >
            {LOCATIONS.map((l) => (
              <option key={l} value={l}>
                {LOCATION_LABEL[l]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="pref-interval">Default check interval (hours)</label>
          <input
            id="pref-interval"
            type="number"
            inputMode="numeric"
            min={1}
            max={168}
            value={Number.isNaN(prefs.check_interval_hours) ? '' : prefs.check_interval_hours}
            onChange={(e) => set('check_interval_hours', e.target.valueAsNumber)}
          />
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save preferences'}
        </button>
      </div>
    </form>
  );
}

function PreferencesSection() {
  const prefs = useQuery({ queryKey: qk.preferences, queryFn: getPreferences });
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
      <ProfileForm />
    </div>
  );
}
