import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage } from '../api/client';
import { syncCollections, type SyncKind } from '../api/endpoints';
import { queries } from '../api/queries';
import type { CollectionStatus } from '../api/types';
import { useToast } from '../components/Toasts';
import { parseTime, plural } from '../lib/format';
import { timing } from '../lib/timing';

interface RunningSync {
  kind: SyncKind;
  startedAt: number;
  /** last_sync_at values when the button was pressed */
  before: { collection: string | null; wantlist: string | null };
}

function finished(status: CollectionStatus | undefined, startedAt: number, before: string | null): boolean {
  if (!status?.last_sync_at) return false;
  if (status.last_sync_at !== before) return true;
  const t = parseTime(status.last_sync_at);
  return t !== null && t > startedAt;
}

/**
 * Collection and want-list status with the dashboard's sync behaviour (docs/behaviour.md#collections-and-want-lists [SPA]): poll every
 * 3 s while a sync runs (30 s otherwise); finished when last_sync_at moves past the press (judged
 * after 5 s); give up watching after 60 s.
 */
export function useCollectionSync() {
  const toast = useToast();
  const [running, setRunning] = useState<RunningSync | null>(null);
  const interval = running ? timing.syncPollMs : timing.syncIdlePollMs;

  const collection = useQuery({ ...queries.collectionStatus(), refetchInterval: interval });
  const wantlist = useQuery({ ...queries.wantlistStatus(), refetchInterval: interval });

  const start = useMutation({
    mutationFn: (kind: SyncKind) => syncCollections(kind),
    onSuccess: (res, kind) => {
      toast.info(res.message || 'Sync queued');
      setRunning({
        kind,
        startedAt: Date.now(),
        before: {
          collection: collection.data?.last_sync_at ?? null,
          wantlist: wantlist.data?.last_sync_at ?? null,
        },
      });
    },
    onError: (e) => toast.error(errorMessage(e)),
  });

  const tick = Math.max(collection.dataUpdatedAt, wantlist.dataUpdatedAt);
  useEffect(() => {
    if (!running) return;
    const elapsed = Date.now() - running.startedAt;
    if (elapsed >= timing.syncMinWaitMs) {
      const needCollection = running.kind !== 'wantlist';
      const needWantlist = running.kind !== 'collection';
      const doneC = !needCollection || finished(collection.data, running.startedAt, running.before.collection);
      const doneW = !needWantlist || finished(wantlist.data, running.startedAt, running.before.wantlist);
      if (doneC && doneW) {
        setRunning(null);
        const parts: string[] = [];
        if (needCollection && collection.data) parts.push(`${plural(collection.data.item_count, 'record')} in your collection`);
        if (needWantlist && wantlist.data) parts.push(`${plural(wantlist.data.item_count, 'record')} on your want list`);
        toast.success(`Sync finished: ${parts.join(', ')}.`);
        return;
      }
    }
    if (elapsed >= timing.syncGiveUpMs) {
      setRunning(null);
      toast.info('The sync is taking longer than expected. The counts will update when it finishes.');
      return;
    }
    // make sure we re-evaluate even if no new data arrives
    const t = window.setTimeout(
      () => {
        void collection.refetch();
        void wantlist.refetch();
      },
      Math.max(timing.syncPollMs, 50),
    );
    return () => window.clearTimeout(t);
  }, [running, tick]);

  return {
    collection,
    wantlist,
    syncing: running !== null || start.isPending,
    syncingKind: running?.kind ?? (start.isPending ? start.variables : undefined),
    startSync: (kind: SyncKind) => start.mutate(kind),
  };
}
