import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { SyncKind } from '../api/endpoints';
import { queries } from '../api/queries';
import type { CollectionStatus, SavedSearch } from '../api/types';
import { PageHeader } from '../components/PageHeader';
import { Badge, ErrorState, Loading } from '../components/Status';
import { useCollectionSync } from '../hooks/useCollectionSync';
import { formatDateTime, parseTime, timeAgo } from '../lib/format';
import { PLATFORM_LABEL } from '../lib/options';

function StatusCount({ label, status, loading }: { label: string; status?: CollectionStatus; loading: boolean }) {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{loading ? '…' : (status?.item_count ?? 0)}</span>
      <span className="stat-note">
        {status?.last_sync_at ? (
          <time dateTime={status.last_sync_at} title={formatDateTime(status.last_sync_at)}>
            synced {timeAgo(status.last_sync_at)}
          </time>
        ) : (
          'never synced'
        )}
      </span>
    </div>
  );
}

function SetupProgress({ steps }: { steps: { label: string; done: boolean; to: string; action: string }[] }) {
  const done = steps.filter((s) => s.done).length;
  if (done === steps.length) return null;
  return (
    <section className="card" aria-labelledby="setup-title">
      <h2 id="setup-title">Get started</h2>
      <p className="muted">
        {done} of {steps.length} steps done
      </p>
      <progress className="setup-bar" max={steps.length} value={done} aria-label="Setup progress" />
      <ol className="setup-steps">
        {steps.map((s) => (
          <li key={s.label} className={s.done ? 'step-done' : ''}>
            <span className="step-mark" aria-hidden="true">
              {s.done ? '✓' : '○'}
            </span>
            <span className="step-label">
              {s.label}
              <span className="sr-only">{s.done ? ' (done)' : ' (to do)'}</span>
            </span>
            {!s.done && s.to && (
              <Link className="btn btn-small" to={s.to}>
                {s.action}
              </Link>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function recent(searches: SavedSearch[]): SavedSearch[] {
  const key = (s: SavedSearch) => parseTime(s.last_run_at) ?? parseTime(s.created_at) ?? 0;
  return [...searches].sort((a, b) => key(b) - key(a)).slice(0, 5);
}

const SYNC_BUTTONS: { kind: SyncKind; label: string }[] = [
  { kind: 'both', label: 'Sync collection and want list' },
  { kind: 'collection', label: 'Collection only' },
  { kind: 'wantlist', label: 'Want list only' },
];

export default function DashboardPage() {
  const { collection, wantlist, syncing, syncingKind, startSync } = useCollectionSync();
  const discogs = useQuery(queries.oauthStatus('discogs'));
  const searches = useQuery(queries.searches());
  // Same query as the sandbox banner. The sandbox marketplace syncs its own Discogs user's lists
  // when no account is linked (and no account can be linked there), so syncing stays possible.
  const health = useQuery(queries.health());
  const sandbox = health.data?.marketplaces?.discogs === 'sandbox';

  const linked = discogs.data?.is_authorized ?? false;
  const canSync = linked || sandbox;
  const synced = !!(collection.data?.last_sync_at || wantlist.data?.last_sync_at);
  const list = searches.data ?? [];
  const steps = [
    { label: 'Connect your Discogs account', done: linked, to: '/settings', action: 'Connect' },
    { label: 'Sync your collection and want list', done: synced, to: '', action: '' },
    { label: 'Create a saved search', done: list.length > 0, to: '/searches', action: 'Create' },
    { label: 'Run a search', done: list.some((s) => s.last_run_at), to: '/searches', action: 'Run one' },
  ];
  const ready = !discogs.isPending && !searches.isPending && !collection.isPending && !wantlist.isPending;

  return (
    <div className="stack">
      <PageHeader title="Dashboard" lead="Your collection, your want list and what your searches found." />
      {ready && <SetupProgress steps={steps} />}

      <section className="card" aria-labelledby="discogs-title">
        <h2 id="discogs-title">Discogs collection</h2>
        {(collection.isError || wantlist.isError) && (
          <ErrorState
            error={collection.error ?? wantlist.error}
            onRetry={() => {
              void collection.refetch();
              void wantlist.refetch();
            }}
          />
        )}
        <div className="stats">
          <StatusCount label="In your collection" status={collection.data} loading={collection.isPending} />
          <StatusCount label="On your want list" status={wantlist.data} loading={wantlist.isPending} />
        </div>
        <div role="status" aria-live="polite" className="sync-status">
          {syncing && (
            <p>
              <span className="spinner" aria-hidden="true" />
              Syncing {syncingKind === 'collection' ? 'your collection' : syncingKind === 'wantlist' ? 'your want list' : 'your collection and want list'} from Discogs…
            </p>
          )}
        </div>
        {discogs.data && !linked && !sandbox && (
          <p className="hint">
            <Link to="/settings">Connect your Discogs account</Link> to sync your collection and want list.
          </p>
        )}
        {!linked && sandbox && (
          <p className="hint">No Discogs account is linked: a sync loads the sandbox user's collection and want list.</p>
        )}
        <div className="button-row">
          {SYNC_BUTTONS.map((b, i) => (
            <button
              key={b.kind}
              type="button"
              className={i === 0 ? 'btn btn-primary' : 'btn'}
              disabled={syncing || !canSync}
              onClick={() => startSync(b.kind)}
            >
              {b.label}
            </button>
          ))}
        </div>
      </section>

      <section className="card" aria-labelledby="recent-title">
        <div className="card-head">
          <h2 id="recent-title">Recent searches</h2>
          <Link to="/searches">All searches</Link>
        </div>
        {searches.isPending ? (
          <Loading />
        ) : searches.isError ? (
          <ErrorState error={searches.error} onRetry={() => void searches.refetch()} />
        ) : list.length === 0 ? (
          <p className="muted">
            No saved searches yet. <Link to="/searches">Create your first search</Link> to start finding records.
          </p>
        ) : (
          <ul className="recent-list">
            {recent(list).map((s) => (
              <li key={s.id}>
                <Link to={`/searches/${s.id}`} className="recent-name">
                  {s.name}
                </Link>
                <span className="recent-meta">
                  {PLATFORM_LABEL[s.platform]} · {s.last_run_at ? `ran ${timeAgo(s.last_run_at)}` : 'not run yet'}
                </span>
                {!s.is_active && <Badge tone="muted">Paused</Badge>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
