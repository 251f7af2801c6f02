/** Polling cadences (docs/behaviour.md#collections-and-want-lists [SPA] and the runs/latest contract). Tests shorten them. */
export const timing = {
  /** poll runs/latest while a run is queued/running */
  runPollMs: 2000,
  /** after pressing Run, keep polling this long for the new run record to appear */
  runStartGraceMs: 30_000,
  /** poll collection/want-list status while a sync is in progress */
  syncPollMs: 3000,
  /** ... and otherwise */
  syncIdlePollMs: 30_000,
  /** a sync is judged finished only after this long (the server clock may lag) */
  syncMinWaitMs: 5000,
  /** give up watching a sync after this long */
  syncGiveUpMs: 60_000,
  /** delay before leaving the OAuth callback page */
  oauthRedirectMs: 3000,
};
