import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { updateAlertRule } from '../../api/endpoints';
import { queries } from '../../api/queries';
import type { AlertRule, Delivery } from '../../api/types';
import { ErrorState, Loading } from '../Status';
import { useToast } from '../Toasts';
import { Field } from '../form/Field';
import { FormError } from '../form/FormError';
import { OptionSelect } from '../form/OptionSelect';
import { SubmitButton } from '../form/SubmitButton';
import { TextField } from '../form/TextField';
import { useFormSubmit } from '../form/useFormSubmit';

const DELIVERY = [
  { value: 'instant', label: 'At once' },
  { value: 'digest', label: 'In the daily digest' },
] as const satisfies readonly { value: Delivery; label: string }[];

function RuleForm({ searchId, initial }: { searchId: string; initial: AlertRule }) {
  const qc = useQueryClient();
  const toast = useToast();
  const [rule, setRule] = useState(initial);
  const [percent, setPercent] = useState(String(initial.price_drop_percent));
  const save = useMutation({
    mutationFn: (r: AlertRule) => updateAlertRule(searchId, r),
    onSuccess: (r) => {
      qc.setQueryData(queries.alertRule(searchId).queryKey, r);
      setRule(r);
      setPercent(String(r.price_drop_percent));
      toast.success('Alerts for this search saved.');
    },
  });
  const { invalid, submit } = useFormSubmit(
    save,
    () => {
      const p = Number(percent);
      return Number.isInteger(p) && p >= 1 && p <= 90 ? null : 'Price drop: a whole percentage from 1 to 90.';
    },
    () => ({ ...rule, price_drop_percent: Number(percent) }),
  );
  const toggle = (k: 'wanted' | 'price_drop' | 'bundle') => (e: ChangeEvent<HTMLInputElement>) =>
    setRule((r) => ({ ...r, [k]: e.target.checked }));

  return (
    <form className="form" onSubmit={submit} noValidate aria-busy={save.isPending} aria-label="Alerts for this search">
      <FormError message={invalid} error={save.error} />
      <div className="check-list">
        <label className="inline-check">
          <input type="checkbox" checked={rule.wanted} onChange={toggle('wanted')} /> A wanted record appears
        </label>
        <label className="inline-check">
          <input type="checkbox" checked={rule.price_drop} onChange={toggle('price_drop')} /> A wanted record gets cheaper
        </label>
        <label className="inline-check">
          <input type="checkbox" checked={rule.bundle} onChange={toggle('bundle')} /> A seller has several wanted records
        </label>
      </div>
      <div className="form-grid">
        <TextField
          id="rule-percent"
          label="Price drop of at least (%)"
          type="number"
          min={1}
          max={90}
          value={percent}
          onChange={(e) => setPercent(e.target.value)}
        />
        <Field id="rule-delivery" label="Send">
          {(control) => (
            <OptionSelect {...control} options={DELIVERY} value={rule.delivery} onChange={(delivery) => setRule((r) => ({ ...r, delivery }))} />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <SubmitButton busy={save.isPending} busyLabel="Saving…">
          Save alerts
        </SubmitButton>
      </div>
    </form>
  );
}

/** A saved search's alert rule: which triggers alert, the drop threshold, instant or digest. */
export function SearchAlertRule({ searchId }: { searchId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="card alert-rule" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Alerts for this search</summary>
      {open && <RuleSection searchId={searchId} />}
    </details>
  );
}

/** Asked for only once the section is opened: most visits of a search are for its results. */
function RuleSection({ searchId }: { searchId: string }) {
  const rule = useQuery(queries.alertRule(searchId));
  return (
    <>
      {rule.isPending ? (
        <Loading />
      ) : rule.isError ? (
        <ErrorState error={rule.error} onRetry={() => void rule.refetch()} />
      ) : (
        <RuleForm searchId={searchId} initial={rule.data} />
      )}
    </>
  );
}
