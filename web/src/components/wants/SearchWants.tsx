import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { updateSearchWant } from '../../api/endpoints';
import { queries } from '../../api/queries';
import type { SearchWant } from '../../api/types';
import { timeAgo } from '../../lib/format';
import { ErrorState, Loading } from '../Status';
import { useToast } from '../Toasts';
import { FormError } from '../form/FormError';

/** A want's "any pressing" choice: its own switch, or the search's. */
type Choice = 'search' | 'any' | 'exact';

const choiceOf = (w: SearchWant): Choice =>
  w.any_pressing_override === null ? 'search' : w.any_pressing_override ? 'any' : 'exact';
const overrideOf = (c: Choice): boolean | null => (c === 'search' ? null : c === 'any');

/**
 * The wants a want-list search watches: when each was last checked, and per want whether any
 * pressing satisfies it, overriding the search's switch.
 */
export function SearchWants({ searchId, anyPressing }: { searchId: string; anyPressing: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="card alert-rule" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Wants this search watches</summary>
      {open && <WantsSection searchId={searchId} anyPressing={anyPressing} />}
    </details>
  );
}

/** Asked for only once the section is opened, like the alert rule. */
function WantsSection({ searchId, anyPressing }: { searchId: string; anyPressing: boolean }) {
  const wants = useQuery(queries.wants(searchId));
  const qc = useQueryClient();
  const toast = useToast();
  const save = useMutation({
    mutationFn: ({ releaseId, choice }: { releaseId: string; choice: Choice }) =>
      updateSearchWant(searchId, releaseId, { any_pressing: overrideOf(choice) }),
    onSuccess: (updated) => {
      qc.setQueryData(queries.wants(searchId).queryKey, (list) =>
        list?.map((w) => (w.release_id === updated.release_id ? updated : w)),
      );
      toast.success(`${updated.title}: ${updated.any_pressing ? 'any pressing' : 'this pressing only'}.`);
    },
  });
  if (wants.isPending) return <Loading label="Loading wants…" />;
  if (wants.isError) return <ErrorState error={wants.error} onRetry={() => void wants.refetch()} />;
  if (wants.data.length === 0) return <p className="muted">Your synced want list is empty.</p>;
  const searchSays = anyPressing ? 'any pressing' : 'this pressing only';
  return (
    <>
      <FormError error={save.error} />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Last checked</th>
              <th scope="col">Pressing</th>
            </tr>
          </thead>
          <tbody>
            {wants.data.map((w) => (
              <tr key={w.release_id}>
                <th scope="row">{w.artist ? `${w.artist} – ${w.title}` : w.title}</th>
                <td>{w.last_checked_at ? timeAgo(w.last_checked_at) : 'Not yet'}</td>
                <td>
                  {w.master_id === null ? (
                    <span className="muted">This pressing (no other known)</span>
                  ) : (
                    <select
                      aria-label={`Pressing for ${w.title}`}
                      value={choiceOf(w)}
                      disabled={save.isPending}
                      onChange={(e) => save.mutate({ releaseId: w.release_id, choice: e.target.value as Choice })}
                    >
                      <option value="search">As the search ({searchSays})</option>
                      <option value="any">Any pressing</option>
                      <option value="exact">This pressing only</option>
                    </select>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
