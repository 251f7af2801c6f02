import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from '../api/client';
import { createSearch, deleteSearch, updateSearch } from '../api/endpoints';
import { queries } from '../api/queries';
import type { SavedSearch, SearchInput, SearchUpdate } from '../api/types';
import { PageHeader } from '../components/PageHeader';
import { RunProgress } from '../components/RunProgress';
import { SearchForm } from '../components/SearchForm';
import { Badge, EmptyState, ErrorState, Loading } from '../components/Status';
import { useToast } from '../components/Toasts';
import { useSearchRun } from '../hooks/useSearchRun';
import { formatDateTime, plural, timeAgo } from '../lib/format';
import { PLATFORM_LABEL } from '../lib/options';

function useSearchMutations() {
  const qc = useQueryClient();
  const toast = useToast();
  const list = queries.searches().queryKey;
  const replace = (s: SavedSearch) => {
    qc.setQueryData(list, (all) => all?.map((x) => (x.id === s.id ? s : x)));
    qc.setQueryData(queries.search(s.id).queryKey, s);
  };
  const create = useMutation({
    mutationFn: (input: SearchInput) => createSearch(input),
    onSuccess: (s) => {
      qc.setQueryData(list, (all) => (all ? [...all, s] : [s]));
      toast.success(`Search “${s.name}” created.`);
    },
  });
  const update = useMutation({
    mutationFn: ({ id, change }: { id: string; change: SearchUpdate }) => updateSearch(id, change),
    onSuccess: replace,
  });
  const remove = useMutation({
    mutationFn: (s: SavedSearch) => deleteSearch(s.id),
    onSuccess: (res, s) => {
      qc.setQueryData(list, (all) => all?.filter((x) => x.id !== s.id));
      qc.removeQueries({ queryKey: queries.search(s.id).queryKey });
      toast.success(res.message || 'Search deleted');
    },
    onError: (e) => toast.error(errorMessage(e)),
  });
  return { create, update, remove };
}

function SearchMeta({ s }: { s: SavedSearch }) {
  const filters = [
    s.min_record_condition && `record ≥ ${s.min_record_condition}`,
    s.min_sleeve_condition && `sleeve ≥ ${s.min_sleeve_condition}`,
    s.seller_location_preference && `sellers: ${s.seller_location_preference}`,
  ].filter(Boolean);
  return (
    <dl className="meta">
      {s.source === 'wantlist' ? (
        <div>
          <dt>Watches</dt>
          <dd>
            Want list{s.any_pressing ? ', any pressing' : ''}
            {s.query ? ` (${s.query})` : ''}
          </dd>
        </div>
      ) : (
        <div>
          <dt>Query</dt>
          <dd>{s.query}</dd>
        </div>
      )}
      <div>
        <dt>Where</dt>
        <dd>{PLATFORM_LABEL[s.platform] ?? s.platform}</dd>
      </div>
      <div>
        <dt>Checks</dt>
        <dd>every {plural(s.check_interval_hours, 'hour')}</dd>
      </div>
      <div>
        <dt>Last run</dt>
        <dd>
          {s.last_run_at ? (
            <time dateTime={s.last_run_at} title={formatDateTime(s.last_run_at)}>
              {timeAgo(s.last_run_at)}
            </time>
          ) : (
            'never'
          )}
        </dd>
      </div>
      {filters.length > 0 && (
        <div>
          <dt>Filters</dt>
          <dd>{filters.join(', ')}</dd>
        </div>
      )}
    </dl>
  );
}

type Mutations = ReturnType<typeof useSearchMutations>;

function SearchRow({ s, m }: { s: SavedSearch; m: Mutations }) {
  const toast = useToast();
  const run = useSearchRun(s.id);
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const headingId = `search-${s.id}`;

  if (mode === 'edit') {
    return (
      <li className="card search-row" aria-labelledby={headingId}>
        <h2 id={headingId} className="search-name">
          Edit “{s.name}”
        </h2>
        <SearchForm
          initial={s}
          submitLabel="Save changes"
          onCancel={() => setMode('view')}
          onSubmit={async (input) => {
            await m.update.mutateAsync({ id: s.id, change: input });
            toast.success(`Search “${input.name}” saved.`);
            setMode('view');
          }}
        />
      </li>
    );
  }

  const toggleActive = () =>
    m.update.mutate(
      { id: s.id, change: { is_active: !s.is_active } },
      {
        onSuccess: (u) => toast.success(u.is_active ? `“${u.name}” resumed.` : `“${u.name}” paused.`),
        onError: (e) => toast.error(errorMessage(e)),
      },
    );

  return (
    <li className="card search-row" aria-labelledby={headingId}>
      <div className="search-row-head">
        <h2 id={headingId} className="search-name">
          <Link to={`/searches/${s.id}`}>{s.name}</Link>
        </h2>
        {s.is_active ? <Badge tone="ok">Active</Badge> : <Badge tone="muted">Paused</Badge>}
      </div>
      <SearchMeta s={s} />
      <RunProgress run={run.run} waiting={run.waiting} compact />
      {mode === 'confirm-delete' ? (
        <div className="confirm" role="group" aria-label={`Confirm deleting ${s.name}`}>
          <p>Delete “{s.name}” and all of its results? This cannot be undone.</p>
          <div className="button-row">
            <button
              type="button"
              className="btn btn-danger"
              autoFocus
              disabled={m.remove.isPending}
              onClick={() => m.remove.mutate(s, { onError: () => setMode('view') })}
            >
              Yes, delete
            </button>
            <button type="button" className="btn" onClick={() => setMode('view')}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="btn btn-primary"
            onClick={run.start}
            disabled={run.active}
            aria-label={`${run.active ? 'Running…' : 'Run now'} ${s.name}`}
          >
            {run.active ? 'Running…' : 'Run now'}
          </button>
          <Link className="btn" to={`/searches/${s.id}`} aria-label={`Results of ${s.name}`}>
            Results
          </Link>
          <button type="button" className="btn" onClick={() => setMode('edit')} aria-label={`Edit ${s.name}`}>
            Edit
          </button>
          <button
            type="button"
            className="btn"
            onClick={toggleActive}
            disabled={m.update.isPending}
            aria-label={`${s.is_active ? 'Pause' : 'Resume'} ${s.name}`}
          >
            {s.is_active ? 'Pause' : 'Resume'}
          </button>
          <button
            type="button"
            className="btn btn-danger-outline"
            onClick={() => setMode('confirm-delete')}
            aria-label={`Delete ${s.name}`}
          >
            Delete
          </button>
        </div>
      )}
    </li>
  );
}

export default function SearchesPage() {
  const searches = useQuery(queries.searches());
  const m = useSearchMutations();
  const [creating, setCreating] = useState(false);
  const list = searches.data ?? [];
  const showForm = creating || (searches.isSuccess && list.length === 0);

  return (
    <div className="stack">
      <PageHeader title="Searches" lead="Saved searches run on their schedule, or whenever you press Run.">
        {!showForm && (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            New search
          </button>
        )}
      </PageHeader>

      {showForm && (
        <section className="card" aria-labelledby="new-search-title">
          <h2 id="new-search-title">New search</h2>
          <SearchForm
            submitLabel="Create search"
            onCancel={list.length > 0 ? () => setCreating(false) : undefined}
            onSubmit={async (input) => {
              await m.create.mutateAsync(input);
              setCreating(false);
            }}
          />
        </section>
      )}

      {searches.isPending ? (
        <Loading label="Loading searches…" />
      ) : searches.isError ? (
        <ErrorState error={searches.error} onRetry={() => void searches.refetch()} />
      ) : list.length === 0 ? (
        <EmptyState title="No saved searches yet">
          <p>Create one above: name it, say what you are looking for, and pick Discogs, eBay or both.</p>
        </EmptyState>
      ) : (
        <ul className="search-list">
          {list.map((s) => (
            <SearchRow key={s.id} s={s} m={m} />
          ))}
        </ul>
      )}
    </div>
  );
}
