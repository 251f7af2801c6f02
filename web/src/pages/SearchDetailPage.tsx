import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { queries } from '../api/queries';
import type { Platform } from '../api/types';
import { PriceHistoryDialog, type PriceHistoryTarget } from '../components/PriceHistoryDialog';
import { ResultCard } from '../components/ResultCard';
import { RunProgress } from '../components/RunProgress';
import { SearchHeader } from '../components/SearchHeader';
import { SearchAlertRule } from '../components/alerts/SearchAlertRule';
import { SearchWants } from '../components/wants/SearchWants';
import { OptionSelect } from '../components/form/OptionSelect';
import { EmptyState, ErrorState, Loading } from '../components/Status';
import { useSearchRun } from '../hooks/useSearchRun';
import { plural } from '../lib/format';
import { RESULT_PLATFORM_OPTIONS } from '../lib/options';

export default function SearchDetailPage() {
  const { id = '' } = useParams();
  const search = useQuery(queries.search(id));
  // Asked together with the search (not after it): one round trip less before the results show.
  const results = useQuery(queries.results(id));
  const run = useSearchRun(id);
  const [platform, setPlatform] = useState<'all' | Platform>('all');
  const [wantedOnly, setWantedOnly] = useState(false);
  const [history, setHistory] = useState<PriceHistoryTarget | null>(null);

  const shown = useMemo(
    () =>
      (results.data ?? []).filter(
        (r) => (platform === 'all' || r.platform === platform) && (!wantedOnly || r.is_in_wantlist),
      ),
    [results.data, platform, wantedOnly],
  );
  const wanted = (results.data ?? []).filter((r) => r.is_in_wantlist).length;

  return (
    <div className="stack">
      <SearchHeader search={search} section="Results">
        {search.isSuccess && (
          <button type="button" className="btn btn-primary" onClick={run.start} disabled={run.active}>
            {run.active ? 'Running…' : 'Run now'}
          </button>
        )}
      </SearchHeader>
      {search.isSuccess && (
        <>
          <RunProgress run={run.run} waiting={run.waiting} />
          <SearchAlertRule searchId={id} />
          {search.data.source === 'wantlist' && <SearchWants searchId={id} anyPressing={search.data.any_pressing} />}
          {results.isPending ? (
            <Loading label="Loading results…" />
          ) : results.isError ? (
            <ErrorState error={results.error} onRetry={() => void results.refetch()} />
          ) : results.data.length === 0 ? (
            <EmptyState
              title={run.active ? 'Searching…' : 'No results yet'}
              action={
                !run.active && (
                  <button type="button" className="btn btn-primary" onClick={run.start}>
                    Run this search now
                  </button>
                )
              }
            >
              <p>
                {search.data.last_run_at
                  ? 'The last run found nothing new. Records already in your collection are hidden.'
                  : 'This search has not run yet. Run it now, or wait for its schedule.'}
              </p>
            </EmptyState>
          ) : (
            <section aria-labelledby="results-title">
              <div className="toolbar">
                <h2 id="results-title" className="toolbar-title">
                  {plural(results.data.length, 'listing')}
                  {wanted > 0 && ` · ${wanted} on your want list`}
                </h2>
                <div className="toolbar-controls">
                  <label className="inline-field">
                    <span>Platform</span>
                    <OptionSelect options={RESULT_PLATFORM_OPTIONS} value={platform} onChange={setPlatform} />
                  </label>
                  <label className="inline-check">
                    <input type="checkbox" checked={wantedOnly} onChange={(e) => setWantedOnly(e.target.checked)} />
                    Want list only
                  </label>
                </div>
              </div>
              <p className="sr-only" role="status">
                Showing {plural(shown.length, 'listing')}
              </p>
              {shown.length === 0 ? (
                <p className="muted">No listing matches these filters.</p>
              ) : (
                <ul className="result-list">
                  {shown.map((r) => (
                    <li key={r.id}>
                      <ResultCard result={r} onHistory={setHistory} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          )}
        </>
      )}
      {history && <PriceHistoryDialog target={history} onClose={() => setHistory(null)} />}
    </div>
  );
}
