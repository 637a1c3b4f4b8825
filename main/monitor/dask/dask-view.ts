/**
 * Dask's own view of the cluster, as the sampler holds it between samples: when to ask the
 * scheduler's HTTP server for the worker list and for the task counts (poll-schedule.ts, each on
 * its own schedule), its last good answers, and whether it has gone silent. Answers about a
 * cluster or a dashboard the sampler has since left are dropped.
 */
import { formatAge, formatClock } from '../../../shared/format';
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
  /** When that answer came, ms since the epoch; null before one. */
  workersAt(): number | null;
  /** A worker near its limit or paused by Dask: its status may change at any sample, so ask at each. */
  setWatchClosely(close: boolean): void;
  /** What the worker list shown is, when it is not Dask's answer of this sample; `now` for its age. */
  note(now: number): string | null;
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
  /** The last poll that asked for anything, and the last that asked for the worker list. */
  let lastPoll: DaskPoll | null = null;
  let lastIdentityAsk: DaskPoll | null = null;
  let lastPollAt: number | null = null;
  let identity: { at: number; workers: DaskWorkerInfo[]; problems: string[] } | null = null;
  let counts: { at: number; counts: DaskCounts } | null = null;
  let lastBusyAt: number | null = null;
  let unreachableStreak = 0;
  let watchClosely = false;

  function take(poll: DaskPoll, askedUnder: number) {
    if (askedUnder !== generation) return;
    lastPoll = poll;
    if (poll.identityAsked) lastIdentityAsk = poll;
    if (poll.counts) counts = { at: poll.at, counts: poll.counts };
    if (poll.counts && poll.counts.total > 0) lastBusyAt = poll.at;
    unreachableStreak = poll.reachable ? 0 : unreachableStreak + 1;
    if (poll.identity) identity = { at: poll.at, workers: poll.identity.workers, problems: poll.identity.problems };
  }

  function identityDue(r: DaskRefresh): boolean {
    return shouldPollDask({
      now: r.at,
      lastPollAt,
      // The poller sets identity exactly when it has no problem to report.
      lastPollOk: lastIdentityAsk?.identity != null,
      unmatchedWorkers: r.unpairedWorkers,
      watchClosely,
    });
  }

  return {
    follow(next) {
      if ((next?.href ?? null) === (base?.href ?? null)) return;
      base = next;
      generation++;
      lastPoll = null;
      lastIdentityAsk = null;
      lastPollAt = null;
      unreachableStreak = 0;
    },
    async refresh(r) {
      if (!base || r.ask === 'skip') return;
      const what =
        r.ask === 'now'
          ? { identity: true, counts: true }
          : { identity: identityDue(r), counts: shouldFetchCounts(r.at, counts, lastBusyAt) };
      if (!what.identity && !what.counts) return;
      const askedUnder = generation;
      if (what.identity) lastPollAt = r.at;
      const poll = poller.poll(base, what);
      poll.then(
        (p) => take(p, askedUnder),
        () => undefined,
      );
      await waitAtMost(poll, r.waitMs);
    },
    workers: () => identity?.workers ?? [],
    workersAt: () => identity?.at ?? null,
    setWatchClosely(close) {
      watchClosely = close;
    },
    note(now) {
      const failing = lastIdentityAsk !== null && lastIdentityAsk.identity === null;
      if (failing && identity) {
        return `Names, limits and statuses are from Dask's last good answer, at ${formatClock(new Date(identity.at).toISOString())} (${formatAge(now - identity.at)})`;
      }
      if (failing && lastIdentityAsk!.reachable) {
        return 'Dask has answered, but not with its worker list: names are not known yet, and limits are computed from mem_per_worker';
      }
      if (!identity && base) return 'Dask has not described its workers yet: limits are computed from mem_per_worker';
      return null;
    },
    dashboard: () => ({
      url: base?.href ?? null,
      reachable: lastPoll?.reachable ?? null,
      problem:
        (lastIdentityAsk?.identity === null ? lastIdentityAsk.problem : null) ??
        figureProblems(identity?.problems ?? []) ??
        (base ? null : 'no usable dashboard link in the config'),
      identityAt: identity ? new Date(identity.at).toISOString() : null,
      tasks: counts?.counts ?? null,
      tasksAt: counts ? new Date(counts.at).toISOString() : null,
    }),
    silentReason: () =>
      lastPoll && !lastPoll.reachable && unreachableStreak >= 2
        ? `its dashboard at ${base?.host} does not answer (${lastPoll.problem})`
        : null,
    reset() {
      generation++;
      lastPoll = null;
      lastIdentityAsk = null;
      lastPollAt = null;
      identity = null;
      counts = null;
      lastBusyAt = null;
      unreachableStreak = 0;
      watchClosely = false;
    },
  };
}
