/**
 * Dask's own view of the cluster, as the sampler holds it between samples: when to ask the
 * scheduler's HTTP server (poll-schedule.ts), its last worker list and task counts, and whether it
 * has gone silent. Answers about a cluster or a dashboard the sampler has since left are dropped.
 */
import type { DashboardSample } from '../../../shared/snapshot';
import type { DaskCounts, DaskWorkerInfo } from './dask-json';
import type { DaskPoll, DaskPoller } from './dask-poller';
import { shouldFetchCounts, shouldPollDask } from './poll-schedule';

export type DaskAsk = 'scheduled' | 'now' | 'skip';

export interface DaskRefresh {
  /** 'scheduled' as poll-schedule.ts decides, 'now' (a one-off sample), 'skip' (re-use the last answer). */
  ask: DaskAsk;
  at: number;
  /** A worker process has no Dask entry yet, or Dask a worker no process (poll-schedule.ts). */
  unpairedWorkers: boolean;
  /** How long to wait for the answer before going on with the last one (it still lands for the next sample). */
  waitMs: number;
}

export interface DaskView {
  /** Follows the dashboard the config names now; a change starts its polling afresh. */
  follow(base: URL | null): void;
  refresh(r: DaskRefresh): Promise<void>;
  /** Dask's workers from its last good answer (empty before one). */
  workers(): readonly DaskWorkerInfo[];
  /** Whether the last sample had a worker near its limit, which makes the next poll due at once. */
  setNearLimit(near: boolean): void;
  /** Why the worker list shown is not Dask's current one, when it is not. */
  note(): string | null;
  dashboard(): DashboardSample;
  /** Why the dashboard counts as silent, once it has missed more than one poll. */
  silentReason(): string | null;
  /** A new cluster: nothing Dask said about the last one applies. */
  reset(): void;
}

/** Dask's figures the monitor refused (a negative memory, say), in one line. */
function figureProblems(problems: readonly string[]): string | null {
  if (problems.length === 0) return null;
  return `Dask sent figures that cannot be right, shown as —: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`;
}

function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function createDaskView(poller: DaskPoller): DaskView {
  let base: URL | null = null;
  /** Bumped by every change of cluster or dashboard: an answer carries the number it was asked under. */
  let generation = 0;
  let lastPoll: DaskPoll | null = null;
  let lastPollAt: number | null = null;
  let lastIdentity: { at: number; workers: DaskWorkerInfo[]; problems: string[] } | null = null;
  let lastCounts: { at: number; counts: DaskCounts } | null = null;
  let unreachableStreak = 0;
  let nearLimit = false;

  function take(poll: DaskPoll, askedUnder: number) {
    if (askedUnder !== generation) return;
    lastPoll = poll;
    if (poll.counts) lastCounts = { at: poll.at, counts: poll.counts };
    unreachableStreak = poll.reachable ? 0 : unreachableStreak + 1;
    if (poll.identity) lastIdentity = { at: poll.at, workers: poll.identity.workers, problems: poll.identity.problems };
  }

  function due(r: DaskRefresh): boolean {
    if (r.ask === 'now') return true;
    if (r.ask === 'skip') return false;
    // The poller sets identity exactly when it has no problem to report.
    return shouldPollDask({
      now: r.at,
      lastPollAt,
      lastPollOk: lastPoll?.identity != null,
      unmatchedWorkers: r.unpairedWorkers,
      nearLimit,
    });
  }

  return {
    follow(next) {
      if ((next?.href ?? null) === (base?.href ?? null)) return;
      base = next;
      generation++;
      lastPoll = null;
      lastPollAt = null;
      unreachableStreak = 0;
    },
    async refresh(r) {
      if (!base || !due(r)) return;
      const askedUnder = generation;
      lastPollAt = r.at;
      const poll = poller.poll(base, { counts: shouldFetchCounts(r.at, lastCounts?.at ?? null) });
      poll.then(
        (p) => take(p, askedUnder),
        () => undefined,
      );
      await waitAtMost(poll, r.waitMs);
    },
    workers: () => lastIdentity?.workers ?? [],
    setNearLimit(near) {
      nearLimit = near;
    },
    note() {
      if (lastPoll?.problem && lastIdentity)
        return `Dask's worker list is from ${new Date(lastIdentity.at).toISOString()}: ${lastPoll.problem}`;
      if (!lastIdentity && base)
        return 'Dask has not described its workers yet: limits are computed from mem_per_worker';
      return null;
    },
    dashboard: () => ({
      url: base?.href ?? null,
      reachable: lastPoll?.reachable ?? null,
      problem:
        lastPoll?.problem ??
        figureProblems(lastIdentity?.problems ?? []) ??
        (base ? null : 'no usable dashboard link in the config'),
      identityAt: lastIdentity ? new Date(lastIdentity.at).toISOString() : null,
      tasks: lastCounts?.counts ?? null,
    }),
    silentReason: () =>
      lastPoll && !lastPoll.reachable && unreachableStreak >= 2
        ? `its dashboard at ${base?.host} does not answer (${lastPoll.problem})`
        : null,
    reset() {
      generation++;
      lastPoll = null;
      lastPollAt = null;
      lastIdentity = null;
      lastCounts = null;
      unreachableStreak = 0;
      nearLimit = false;
    },
  };
}
