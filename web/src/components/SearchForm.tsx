import { useMutation, useQuery } from '@tanstack/react-query';
import { queries } from '../api/queries';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type {
  ConditionCode,
  LocationCode,
  SavedSearch,
  SearchFilters,
  SearchInput,
  SearchPlatform,
  SearchSource,
} from '../api/types';
import { followedSellersText, withFollowedSellers } from '../lib/followedSellers';
import { CONDITION_OPTIONS, LOCATION_OPTIONS, SEARCH_PLATFORM_OPTIONS, SEARCH_SOURCE_OPTIONS } from '../lib/options';
import { CHECK_INTERVAL_INPUT, CHECK_INTERVAL_RULE, isCheckInterval } from '../lib/validation';
import { Field } from './form/Field';
import { FormError } from './form/FormError';
import { OptionSelect } from './form/OptionSelect';
import { SubmitButton } from './form/SubmitButton';
import { TextField } from './form/TextField';

interface Props {
  initial?: SavedSearch;
  submitLabel: string;
  /** Saves the search; a rejection is shown above the form. */
  onSubmit: (input: SearchInput) => Promise<unknown>;
  onCancel?: () => void;
}

type Errors = Partial<Record<'name' | 'query' | 'interval' | 'minPrice' | 'maxPrice', string>>;

/** A price bound as the form shows it: '' for none (absent or 0). */
function boundText(value: SearchFilters['max_price']): string {
  return value === undefined || value === null || Number(value) === 0 ? '' : String(value);
}

/** '' or a non-negative amount. */
function isBound(text: string): boolean {
  return text.trim() === '' || (Number.isFinite(Number(text)) && Number(text) >= 0);
}

/** `filters` with the price bounds typed, in `currency`; other keys are kept. */
function withBounds(filters: SearchFilters | undefined, min: string, max: string, currency: string): SearchFilters {
  const { min_price: _min, max_price: _max, currency: _currency, ...rest } = filters ?? {};
  const out: SearchFilters = { ...rest };
  if (min.trim()) out.min_price = Number(min);
  if (max.trim()) out.max_price = Number(max);
  if (out.min_price !== undefined || out.max_price !== undefined) out.currency = currency;
  return out;
}

export function SearchForm({ initial, submitLabel, onSubmit, onCancel }: Props) {
  const id = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [query, setQuery] = useState(initial?.query ?? '');
  const [platform, setPlatform] = useState<SearchPlatform>(initial?.platform ?? 'both');
  const [source, setSource] = useState<SearchSource>(initial?.source ?? 'query');
  const [anyPressing, setAnyPressing] = useState(initial?.any_pressing ?? false);
  const wantlist = source === 'wantlist';
  const [interval, setIntervalHours] = useState(String(initial?.check_interval_hours ?? 24));
  const [minRecord, setMinRecord] = useState<ConditionCode | ''>(initial?.min_record_condition ?? '');
  const [minSleeve, setMinSleeve] = useState<ConditionCode | ''>(initial?.min_sleeve_condition ?? '');
  const [location, setLocation] = useState<LocationCode | ''>(initial?.seller_location_preference ?? '');
  const initialSellers = followedSellersText(initial?.filters);
  const [sellers, setSellers] = useState(initialSellers);
  const preferences = useQuery(queries.preferences());
  // Bounds are landed cost in the currency they were saved in, else the user's own.
  const boundsCurrency = initial?.filters.currency ?? preferences.data?.currency ?? 'USD';
  const initialMin = boundText(initial?.filters.min_price);
  const initialMax = boundText(initial?.filters.max_price);
  const [minPrice, setMinPrice] = useState(initialMin);
  const [maxPrice, setMaxPrice] = useState(initialMax);
  const [errors, setErrors] = useState<Errors>({});
  const [attempt, setAttempt] = useState(0);
  const save = useMutation({ mutationFn: onSubmit });
  const formRef = useRef<HTMLFormElement>(null);

  // After a failed validation, move focus to the first invalid field.
  useEffect(() => {
    if (attempt > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  function validate(): Errors {
    const e: Errors = {};
    if (!name.trim()) e.name = 'Give the search a name.';
    if (!wantlist && !query.trim()) e.query = 'Enter what to search for.';
    if (!isCheckInterval(Number(interval))) e.interval = `Use ${CHECK_INTERVAL_RULE}.`;
    if (!isBound(minPrice)) e.minPrice = 'Enter an amount, or leave it empty.';
    if (!isBound(maxPrice)) e.maxPrice = 'Enter an amount, or leave it empty.';
    return e;
  }

  function submit(ev: FormEvent) {
    ev.preventDefault();
    const e = validate();
    setErrors(e);
    save.reset();
    if (Object.keys(e).length > 0) {
      setAttempt((n) => n + 1);
      return;
    }
    const input: SearchInput = {
      name: name.trim(),
      query: query.trim(),
      platform,
      source,
      any_pressing: wantlist && anyPressing,
      check_interval_hours: Number(interval),
      min_record_condition: minRecord || null,
      min_sleeve_condition: minSleeve || null,
      seller_location_preference: location || null,
    };
    // Only a change is sent: `filters` replaces the stored object as a whole.
    const sellersChanged = sellers.trim() !== initialSellers;
    const boundsChanged = minPrice.trim() !== initialMin || maxPrice.trim() !== initialMax;
    if (sellersChanged || boundsChanged) {
      const filters = sellersChanged ? withFollowedSellers(initial?.filters, sellers) : initial?.filters;
      input.filters = boundsChanged ? withBounds(filters, minPrice, maxPrice, boundsCurrency) : filters;
    }
    save.mutate(input);
  }

  return (
    <form ref={formRef} className="form search-form" onSubmit={submit} noValidate aria-busy={save.isPending}>
      <FormError error={save.error} />
      <div className="form-grid">
        <TextField
          id={`${id}-name`}
          label="Name"
          error={errors.name}
          value={name}
          maxLength={255}
          onChange={(e) => setName(e.target.value)}
          placeholder="e.g. Blue Note originals"
        />
        <Field id={`${id}-source`} label="Watch">
          {(control) => <OptionSelect {...control} options={SEARCH_SOURCE_OPTIONS} value={source} onChange={setSource} />}
        </Field>
        {wantlist ? (
          <label className="check-list" htmlFor={`${id}-any-pressing`}>
            <input
              id={`${id}-any-pressing`}
              type="checkbox"
              checked={anyPressing}
              onChange={(e) => setAnyPressing(e.target.checked)}
            />{' '}
            Any pressing satisfies a want
          </label>
        ) : null}
        <TextField
          id={`${id}-query`}
          label={wantlist ? 'Search for (optional)' : 'Search for'}
          error={errors.query}
          hint={
            wantlist
              ? 'Your synced want list is checked; a long list in slices, each want about daily.'
              : 'The words you would type into Discogs or eBay.'
          }
          value={query}
          maxLength={500}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Artist, album, label or catalogue number"
        />
        <Field id={`${id}-platform`} label="Where">
          {(control) => <OptionSelect {...control} options={SEARCH_PLATFORM_OPTIONS} value={platform} onChange={setPlatform} />}
        </Field>
        <TextField
          id={`${id}-interval`}
          label="Check every (hours)"
          error={errors.interval}
          {...CHECK_INTERVAL_INPUT}
          value={interval}
          onChange={(e) => setIntervalHours(e.target.value)}
        />
        <Field id={`${id}-minrec`} label="Minimum record condition">
          {(control) => (
            <OptionSelect {...control} options={CONDITION_OPTIONS} none="No minimum" value={minRecord} onChange={setMinRecord} />
          )}
        </Field>
        <Field id={`${id}-minsleeve`} label="Minimum sleeve condition">
          {(control) => (
            <OptionSelect {...control} options={CONDITION_OPTIONS} none="No minimum" value={minSleeve} onChange={setMinSleeve} />
          )}
        </Field>
        <Field id={`${id}-loc`} label="Preferred seller location">
          {(control) => (
            <OptionSelect {...control} options={LOCATION_OPTIONS} none="No preference" value={location} onChange={setLocation} />
          )}
        </Field>
        <TextField
          id={`${id}-minprice`}
          label={`Lowest landed cost (${boundsCurrency})`}
          hint="Item + shipping to you, in your currency. Empty: no minimum."
          error={errors.minPrice}
          inputMode="decimal"
          value={minPrice}
          onChange={(e) => setMinPrice(e.target.value)}
        />
        <TextField
          id={`${id}-maxprice`}
          label={`Highest landed cost (${boundsCurrency})`}
          hint="Item + shipping to you, in your currency; listings in other currencies are converted."
          error={errors.maxPrice}
          inputMode="decimal"
          value={maxPrice}
          onChange={(e) => setMaxPrice(e.target.value)}
        />
        {platform !== 'ebay' && (
          <TextField
            id={`${id}-sellers`}
            label="Discogs sellers to follow"
            hint="Usernames, separated by commas. Their inventories are searched too, for bundle deals."
            value={sellers}
            maxLength={500}
            onChange={(e) => setSellers(e.target.value)}
            placeholder="e.g. crate_diggers_berlin, londonwax"
            autoCapitalize="none"
            spellCheck={false}
          />
        )}
      </div>
      <div className="form-actions">
        <SubmitButton busy={save.isPending} busyLabel="Saving…">
          {submitLabel}
        </SubmitButton>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel} disabled={save.isPending}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
