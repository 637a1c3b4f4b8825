/**
 * Dask's own reports of the memory kills of this cluster's workers (current Dask's nanny logs a
 * worker-restart-memory event with the pid and RSS), asked for only while a worker process has
 * just died: the restart alert that follows says why from them.
 */
import type { SchedulerComm } from './dask/comm/scheduler-comm';
import type { ChildInfo } from './proc/process-source';
import type { KillReports } from './restart-alerts';
import { waitAtMost } from './wait-at-most';

/** How long after a worker process dies its kill is looked for (the restart alert comes within it). */
export const KILL_LOOKUP_MS = 10_000;
/** Kills kept: more than a cluster's workers die in the window. */
const MAX_KILLS = 200;

export interface KillWatch {
  refresh(comm: SchedulerComm | null, procs: readonly ChildInfo[], at: number, waitMs: number): Promise<void>;
  reports(): KillReports;
  reset(): void;
}

export function createKillWatch(): KillWatch {
  let byPid = new Map<number, { rssBytes: number }>();
  let reported: boolean | null = null;
  let lastPids: Set<number> | null = null;
  let lastDeathAt: number | null = null;
  return {
    async refresh(comm, procs, at, waitMs) {
      const now = new Set(procs.map((p) => p.pid));
      if (lastPids && [...lastPids].some((pid) => !now.has(pid))) lastDeathAt = at;
      lastPids = now;
      if (!comm) return;
      // Whether this Dask reports kills is asked at once, so that a restart waits for a report only where one comes.
      if (reported === null)
        await waitAtMost(
          comm.reportsMemoryKills().then((r) => (reported = r)),
          waitMs,
        );
      if (reported !== true || lastDeathAt === null || at - lastDeathAt > KILL_LOOKUP_MS) return;
      const ask = (async () => {
        const r = await comm.memoryKills();
        if (!r.ok) return;
        for (const k of r.kills) byPid.set(k.pid, { rssBytes: k.rssBytes });
        if (byPid.size > MAX_KILLS) byPid = new Map([...byPid].slice(-MAX_KILLS));
      })();
      await waitAtMost(ask, waitMs);
    },
    reports: () => ({ byPid, reported }),
    reset() {
      byPid = new Map();
      reported = null;
      lastPids = null;
      lastDeathAt = null;
    },
  };
}
