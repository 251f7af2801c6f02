import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queries } from '../api/queries';
import type { Platform } from '../api/types';
import { parseTime, ratesNote } from '../lib/format';
import { Modal } from './Modal';
import { PriceChart, type ChartPoint } from './PriceChart';
import { ErrorState, Loading } from './Status';

export interface PriceHistoryTarget {
  platform: Platform;
  listingId: string;
  releaseId: string | null;
  title: string;
}

/** What the chart's amounts are in, and what was left out for want of a rate. */
function Basis({ currency, ratesDate, left }: { currency: string; ratesDate: string | null; left: string[] }) {
  const rates = ratesNote(ratesDate);
  return (
    <p className="muted small" data-testid="history-basis">
      Amounts in {currency}
      {rates && ` · converted with the exchange rates of ${ratesDate}`}
      {left.length > 0 && ` · prices in ${left.join(', ')} left out (no exchange rate)`}
    </p>
  );
}

function ListingHistory({ target }: { target: PriceHistoryTarget }) {
  const q = useQuery(queries.listingHistory(target.platform, target.listingId));
  if (q.isPending) return <Loading label="Loading price history…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const { currency } = q.data;
  const points: ChartPoint[] = [];
  const left = new Set<string>();
  for (const p of q.data.points) {
    const t = parseTime(p.at);
    // A price without an exchange rate stays in its own currency: not on this chart's axis.
    if (p.currency !== currency) left.add(p.currency);
    else if (t !== null && Number.isFinite(p.price)) points.push({ t, value: p.price, original: p.original_price ?? undefined });
  }
  return (
    <>
      <Basis currency={currency} ratesDate={q.data.rates_date} left={[...left]} />
      <PriceChart points={points} currency={currency} label="Listing price" />
    </>
  );
}

function ReleaseHistory({ releaseId }: { releaseId: string }) {
  const q = useQuery(queries.releaseHistory(releaseId));
  if (q.isPending) return <Loading label="Loading release price history…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const points: ChartPoint[] = [];
  for (const d of q.data.days) {
    const t = parseTime(`${d.day}T00:00:00Z`);
    if (t !== null) points.push({ t, value: d.avg, min: d.min, max: d.max });
  }
  return (
    <>
      <Basis currency={q.data.currency} ratesDate={q.data.rates_date} left={q.data.unconverted_currencies} />
      <PriceChart points={points} currency={q.data.currency} label="Daily average price (band: lowest–highest)" />
    </>
  );
}

/** Price history of one listing, and of its Discogs release when known. */
export function PriceHistoryDialog({ target, onClose }: { target: PriceHistoryTarget; onClose: () => void }) {
  const [view, setView] = useState<'listing' | 'release'>('listing');
  return (
    <Modal title={`Price history: ${target.title}`} onClose={onClose}>
      {target.releaseId && (
        <div className="segmented" role="group" aria-label="Price history of">
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={view === 'listing'}
            onClick={() => setView('listing')}
          >
            This listing
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-pressed={view === 'release'}
            onClick={() => setView('release')}
          >
            All listings of this release
          </button>
        </div>
      )}
      {view === 'release' && target.releaseId ? (
        <ReleaseHistory releaseId={target.releaseId} />
      ) : (
        <ListingHistory target={target} />
      )}
    </Modal>
  );
}
