import type { Platform, SearchRun } from '../api/types';
import { plural, timeAgo } from '../lib/format';
import { PLATFORM_LABEL } from '../lib/options';

interface Props {
  run: SearchRun | null | undefined;
  waiting?: boolean;
  compact?: boolean;
}

function PlatformLine({ run, platform }: { run: SearchRun; platform: Platform }) {
  const pending = run.pending.includes(platform);
  const error = run.errors[platform];
  const count = run.listings[platform];
  let text: string;
  if (error) text = `failed: ${error}`;
  else if (pending) text = run.status === 'queued' ? 'waiting' : 'searching…';
  else text = plural(count ?? 0, 'listing');
  return (
    <li className={error ? 'run-platform run-platform-error' : pending ? 'run-platform run-platform-pending' : 'run-platform'}>
      <span className="run-platform-name">{PLATFORM_LABEL[platform] ?? platform}</span>: {text}
    </li>
  );
}

/** Live status of a search run (announced politely to screen readers as it changes). */
export function RunProgress({ run, waiting = false, compact = false }: Props) {
  let body;
  if (waiting) {
    body = <p className="run-line">Run requested — waiting for it to start…</p>;
  } else if (run === undefined) {
    body = null;
  } else if (run === null) {
    body = <p className="run-line muted">Not run yet.</p>;
  } else {
    const done = run.platforms.length - run.pending.length;
    const active = run.status === 'queued' || run.status === 'running';
    const headline =
      run.status === 'queued'
        ? 'Run queued…'
        : run.status === 'running'
          ? `Running: ${done} of ${plural(run.platforms.length, 'platform')} done`
          : run.status === 'completed'
            ? `Last run completed ${timeAgo(run.completed_at ?? run.updated_at)}`
            : `Last run failed ${timeAgo(run.completed_at ?? run.updated_at)}`;
    body = (
      <>
        <p className={`run-line run-${run.status}`}>
          {active && <span className="spinner" aria-hidden="true" />}
          {headline}
        </p>
        {active && (
          <progress
            className="run-bar"
            max={Math.max(1, run.platforms.length)}
            value={done}
            aria-label="Platforms searched"
          />
        )}
        {(!compact || active || run.status === 'failed' || Object.keys(run.errors).length > 0) && (
          <ul className="run-platforms">
            {run.platforms.map((p) => (
              <PlatformLine key={p} run={run} platform={p} />
            ))}
          </ul>
        )}
      </>
    );
  }
  return (
    <div className="run-progress" role="status" aria-live="polite">
      {body}
    </div>
  );
}
