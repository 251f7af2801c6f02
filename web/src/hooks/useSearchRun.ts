import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { runSearch } from '../api/endpoints';
import { queries } from '../api/queries';
import type { SearchRun } from '../api/types';
import { useToast } from '../components/Toasts';
import { timing } from '../lib/timing';

export function isRunActive(run: SearchRun | null | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

interface PendingRun {
  previousRunId: string | null;
  at: number;
}

/**
 * The latest run of a search, polled every 2 s while it is queued or running (and, after Run is
 * pressed, until the new run shows up). When a run ends, results and analysis are refetched.
 */
export function useSearchRun(searchId: string) {
  const qc = useQueryClient();
  const toast = useToast();
  const [pending, setPending] = useState<PendingRun | null>(null);

  const query = useQuery({
    ...queries.latestRun(searchId),
    refetchInterval: (q) => {
      const run = q.state.data;
      if (isRunActive(run)) return timing.runPollMs;
      if (pending && Date.now() - pending.at < timing.runStartGraceMs) {
        if ((run?.id ?? null) === pending.previousRunId) return timing.runPollMs;
      }
      return false;
    },
  });
  const run = query.data;

  // Stop waiting once a new run record appears, or when the grace period is over.
  useEffect(() => {
    if (!pending) return;
    if (run !== undefined && (run?.id ?? null) !== pending.previousRunId) {
      setPending(null);
      return;
    }
    const left = pending.at + timing.runStartGraceMs - Date.now();
    const t = window.setTimeout(() => setPending(null), Math.max(0, left));
    return () => window.clearTimeout(t);
  }, [pending, run]);

  // When a run reaches a final state while we watch, refresh everything it changed.
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (run === undefined) return;
    const key = run ? `${run.id}:${run.status}` : 'none';
    const previous = seen.current;
    seen.current = key;
    if (previous === undefined || previous === key || !run || isRunActive(run)) return;
    const changed = [
      queries.results(searchId),
      queries.analysis(searchId),
      queries.deals(searchId),
      queries.comparison(searchId),
      queries.search(searchId),
      queries.searches(),
    ];
    for (const { queryKey } of changed) void qc.invalidateQueries({ queryKey });
  }, [run, qc, searchId]);

  const start = useMutation({
    mutationFn: () => runSearch(searchId),
    onMutate: () => {
      // remembered before the call so a very fast run is still recognised as new
      setPending({ previousRunId: run?.id ?? null, at: Date.now() });
    },
    onSuccess: (res) => {
      toast.success(res.message || 'Search queued');
      // The run already in flight is the answer: it is not a new run to wait for.
      if (res.run_id === run?.id) setPending(null);
      void qc.invalidateQueries({ queryKey: queries.latestRun(searchId).queryKey });
    },
    onError: (e) => {
      setPending(null);
      toast.error(errorMessage(e));
    },
  });

  const waiting = pending !== null && (run?.id ?? null) === pending.previousRunId && !isRunActive(run);

  return {
    run,
    loading: query.isPending,
    error: query.error,
    /** Run pressed; the new run has not shown up yet. */
    waiting,
    active: isRunActive(run) || waiting || start.isPending,
    start: () => start.mutate(),
    starting: start.isPending,
  };
}
