import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import type { SavedSearch, SearchInput, SearchPlatform } from '../api/types';
import { followedSellersText, withFollowedSellers } from '../lib/followedSellers';

export const CONDITIONS = ['M', 'NM', 'VG+', 'VG', 'G+'] as const;
export const CONDITION_LABEL: Record<string, string> = {
  M: 'Mint (M)',
  NM: 'Near Mint (NM)',
  'VG+': 'Very Good Plus (VG+)',
  VG: 'Very Good (VG)',
  'G+': 'Good Plus (G+)',
};
export const LOCATIONS = ['US', 'EU', 'UK', 'ANY'] as const;
export const LOCATION_LABEL: Record<string, string> = {
  US: 'United States',
  EU: 'Europe',
  UK: 'United Kingdom',
  ANY: 'Anywhere',
};

interface Props {
  initial?: SavedSearch;
  submitLabel: string;
  onSubmit: (input: SearchInput) => Promise<unknown>;
  onCancel?: () => void;
}

type Errors = Partial<Record<'name' | 'query' | 'interval', string>>;

export function SearchForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [query, setQuery] = useState(initial?.query ?? '');
  const [platform, setPlatform] = useState<SearchPlatform>(initial?.platform ?? 'both');
  const [interval, setIntervalHours] = useState(String(initial?.check_interval_hours ?? 24));
  const [minRecord, setMinRecord] = useState(initial?.min_record_condition ?? '');
  const [minSleeve, setMinSleeve] = useState(initial?.min_sleeve_condition ?? '');
  const [location, setLocation] = useState(initial?.seller_location_preference ?? '');
  const initialSellers = followedSellersText(initial?.filters);
  const [sellers, setSellers] = useState(initialSellers);
  const [errors, setErrors] = useState<Errors>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  // After a failed validation, move focus to the first invalid field.
  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  function validate(): Errors {
    const e: Errors = {};
    if (!name.trim()) e.name = 'Give the search a name.';
    if (!query.trim()) e.query = 'Enter what to search for.';
    const n = Number(interval);
    if (!Number.isInteger(n) || n < 1 || n > 168) e.interval = 'Use a whole number of hours from 1 to 168.';
    return e;
  }

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    const e = validate();
    setErrors(e);
    setServerError(null);
    if (Object.keys(e).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const input: SearchInput = {
        name: name.trim(),
        query: query.trim(),
        platform,
        check_interval_hours: Number(interval),
        min_record_condition: minRecord || null,
        min_sleeve_condition: minSleeve || null,
        seller_location_preference: location || null,
      };
      // Only a change is sent: `filters` replaces the stored object as a whole.
      if (sellers.trim() !== initialSellers) input.filters = withFollowedSellers(initial?.filters, sellers);
      await onSubmit(input);
    } catch (err) {
      setServerError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (key: keyof Errors) =>
    errors[key] ? (
      <p className="field-error" id={`${id}-${key}-err`}>
        {errors[key]}
      </p>
    ) : null;

  return (
    <form ref={formRef} className="form search-form" onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
      {serverError && (
        <p className="callout callout-error" role="alert">
          {serverError}
        </p>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={255}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={errors.name ? `${id}-name-err` : undefined}
            placeholder="e.g. Blue Note originals"
          />
          {fieldError('name')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-query`}>Search for</label>
          <input
            id={`${id}-query`}
            value={query}
            maxLength={500}
            onChange={(e) => setQuery(e.target.value)}
            aria-invalid={errors.query ? true : undefined}
            aria-describedby={errors.query ? `${id}-query-err` : `${id}-query-hint`}
            placeholder="Artist, album, label or catalogue number"
          />
          {fieldError('query') ?? (
            <p className="hint" id={`${id}-query-hint`}>
              The words you would type into Discogs or eBay.
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-platform`}>Where</label>
          <select id={`${id}-platform`} value={platform} onChange={(e) => setPlatform(e.target.value as SearchPlatform)}>
            <option value="both">Discogs and eBay</option>
            <option value="discogs">Discogs only</option>
            <option value="ebay">eBay only</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-interval`}>Check every (hours)</label>
          <input
            id={`${id}-interval`}
            type="number"
            inputMode="numeric"
            min={1}
            max={168}
            step={1}
            value={interval}
            onChange={(e) => setIntervalHours(e.target.value)}
            aria-invalid={errors.interval ? true : undefined}
            aria-describedby={errors.interval ? `${id}-interval-err` : undefined}
          />
          {fieldError('interval')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-minrec`}>Minimum record condition</label>
          <select id={`${id}-minrec`} value={minRecord} onChange={(e) => setMinRecord(e.target.value)}>
            <option value="">No minimum</option>
            {CONDITIONS.map((c) => (
              <option key={c} value={c}>
                {CONDITION_LABEL[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-minsleeve`}>Minimum sleeve condition</label>
          <select id={`${id}-minsleeve`} value={minSleeve} onChange={(e) => setMinSleeve(e.target.value)}>
            <option value="">No minimum</option>
            {CONDITIONS.map((c) => (
              <option key={c} value={c}>
                {CONDITION_LABEL[c]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-loc`}>Preferred seller location</label>
          <select id={`${id}-loc`} value={location} onChange={(e) => setLocation(e.target.value)}>
            <option value="">No preference</option>
            {LOCATIONS.map((l) => (
              <option key={l} value={l}>
                {LOCATION_LABEL[l]}
              </option>
            ))}
          </select>
        </div>
        {platform !== 'ebay' && (
          <div className="field">
            <label htmlFor={`${id}-sellers`}>Discogs sellers to follow</label>
            <input
              id={`${id}-sellers`}
              value={sellers}
              maxLength={500}
              onChange={(e) => setSellers(e.target.value)}
              aria-describedby={`${id}-sellers-hint`}
              placeholder="e.g. crate_diggers_berlin, londonwax"
              autoCapitalize="none"
              spellCheck={false}
            />
            <p className="hint" id={`${id}-sellers-hint`}>
              Usernames, separated by commas. Their inventories are searched too, for bundle deals.
            </p>
          </div>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
