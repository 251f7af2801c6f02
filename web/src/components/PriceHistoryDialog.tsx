import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { queries } from '../api/queries';
import type { Platform } from '../api/types';
import { parseTime } from '../lib/format';
import { Modal } from './Modal';
import { PriceChart, type ChartPoint } from './PriceChart';
import { ErrorState, Loading } from './Status';

export interface PriceHistoryTarget {
  platform: Platform;
  listingId: string;
  releaseId: string | null;
  title: string;
  currency: string;
}

function ListingHistory({ target }: { target: PriceHistoryTarget }) {
  const q = useQuery(queries.listingHistory(target.platform, target.listingId));
  if (q.isPending) return <Loading label="Loading price history…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const points: ChartPoint[] = [];
  for (const p of q.data.points) {
    const t = parseTime(p.at);
    if (t !== null && Number.isFinite(p.price)) points.push({ t, value: p.price });
  }
  const currency = q.data.points[0]?.currency ?? target.currency;
  return <PriceChart points={points} currency={currency} label="Listing price" />;
}

function ReleaseHistory({ releaseId, currency }: { releaseId: string; currency: string }) {
  const q = useQuery(queries.releaseHistory(releaseId));
  if (q.isPending) return <Loading label="Loading release price history…" />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const points: ChartPoint[] = [];
  for (const d of q.data.days) {
    const t = parseTime(`${d.day}T00:00:00Z`);
    if (t !== null) points.push({ t, value: d.avg, min: d.min, max: d.max });
  }
  return <PriceChart points={points} currency={currency} label="Daily average price (band: lowest–highest)" />;
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
        <ReleaseHistory releaseId={target.releaseId} currency={target.currency} />
      ) : (
        <ListingHistory target={target} />
      )}
    </Modal>
  );
}
