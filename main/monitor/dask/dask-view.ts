/**
 * Dask's own view of the cluster, as the sampler holds it between samples. The worker list
 * (identity) and the tasks each worker runs (processing) come over Dask's comm protocol, from the
 * scheduler address, which answers while identity.json fails (dask/distributed#8370); the HTTP
 * server gives the task counts, and the worker list where the protocol cannot be used. Each has
 * its schedule (poll-schedule.ts); answers about a cluster or an address the sampler has since
 * left are dropped.
 */
import { formatAge, formatClock } from '../../../shared/format';
import type { DashboardSample } from '../../../shared/snapshot';
import { parseCommAddress } from './comm/comm-client';
import type { SchedulerComm } from './comm/scheduler-comm';
import type { DaskCounts, DaskIdentity, DaskWorkerInfo } from './dask-json';
import type { DaskPoll, DaskPoller } from './dask-poller';
import { shouldFetchCounts, shouldPollDask, shouldPollProcessing } from './poll-schedule';
import { waitAtMost } from '../wait-at-most';

export type DaskAsk = 'scheduled' | 'now' | 'skip';

export interface DaskRefresh {
  /** 'scheduled' as poll-schedule.ts decides, 'now' (a one-off sample), 'skip' (re-use the last answer). */
  ask: DaskAsk;
  at: number;
  /** A worker process has no Dask entry yet, or Dask a worker no process (poll-schedule.ts). */
  unpairedWorkers: boolean;
  /** How long to wait for the answers before going on with the last ones (they still land for the next sample). */
  waitMs: number;
}

export interface DaskView {
  /** Follows the dashboard and the scheduler address the config names now; a change starts afresh. */
  follow(base: URL | null, schedulerAddress: string | null): void;
  refresh(r: DaskRefresh): Promise<void>;
  /** Dask's workers from its last good answer (empty before one). */
  workers(): readonly DaskWorkerInfo[];
  /** When that answer came, ms since the epoch; null before one. */
  workersAt(): number | null;
  /** The task keys each worker runs (by address), from the last answer; null where the protocol is not used. */
  processing(): ReadonlyMap<string, readonly string[]> | null;
  /** The scheduler over Dask's protocol, where it is used (for what a sample does not ask every time). */
  comm(): SchedulerComm | null;
  /** A worker near its limit or paused by Dask: its status may change at any sample, so ask at each. */
  setWatchClosely(close: boolean): void;
  /** What the worker list shown is, when it is not Dask's answer of this sample; `now` for its age. */
  note(now: number): string | null;
  dashboard(): DashboardSample;
  /** Why the dashboard counts as silent, once it has missed more than one poll. */
  silentReason(): string | null;
  /** A new cluster: nothing Dask said about the last one applies. */
  reset(): void;
  close(): void;
}

export type SchedulerCommFactory = (endpoint: { host: string; port: number }) => SchedulerComm;

/** Dask's figures the monitor refused (a negative memory, say), in one line. */
function figureProblems(problems: readonly string[]): string | null {
  if (problems.length === 0) return null;
  return `Dask sent figures that cannot be right, shown as —: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`;
}

interface Want {
  identity: boolean;
  counts: boolean;
  processing: boolean;
}

/** The answers of one refresh, from whichever source gave them. */
interface Round {
  at: number;
  want: Want;
  identity: { value: DaskIdentity; from: 'protocol' | 'http' } | null;
  /** Why the protocol was not used or failed, if it was not or did; null when it answered. */
  protocolProblem: string | null;
  processing: Map<string, string[]> | null;
  http: DaskPoll | null;
}

export function createDaskView(poller: DaskPoller, makeComm: SchedulerCommFactory | null): DaskView {
  let base: URL | null = null;
  let address: string | null = null;
  let comm: SchedulerComm | null = null;
  /** Why the protocol cannot be used at all for this address (tls://, another machine), if so. */
  let commRefusal: string | null = null;
  /** Bumped by every change of cluster or address: an answer carries the number it was asked under. */
  let generation = 0;
  let inFlight: Promise<void> | null = null;
  /** The last HTTP poll, and the last refresh that asked for the worker list. */
  let lastHttp: DaskPoll | null = null;
  let lastIdentityRound: Round | null = null;
  let lastPollAt: number | null = null;
  let identity: { at: number; value: DaskIdentity; from: 'protocol' | 'http' } | null = null;
  let processing: Map<string, string[]> | null = null;
  let counts: { at: number; counts: DaskCounts } | null = null;
  let lastBusyAt: number | null = null;
  let protocolProblem: string | null = null;
  /** HTTP polls in a row the dashboard did not answer, and refreshes in a row nothing of Dask's did. */
  let httpSilence = 0;
  let daskSilence = 0;
  let watchClosely = false;

  function apply(round: Round, askedUnder: number) {
    if (askedUnder !== generation) return;
    if (round.want.identity) lastIdentityRound = round;
    if (round.identity) identity = { at: round.at, ...round.identity };
    if (round.want.identity || round.want.processing) protocolProblem = commRefusal ?? round.protocolProblem;
    if (round.processing) processing = round.processing;
    else if (round.want.processing && round.protocolProblem) processing = null;
    const poll = round.http;
    if (poll) {
      lastHttp = poll;
      if (poll.counts) counts = { at: poll.at, counts: poll.counts };
      if (poll.counts && poll.counts.total > 0) lastBusyAt = poll.at;
    }
    if (poll) httpSilence = poll.reachable ? 0 : httpSilence + 1;
    const answered = round.identity !== null || (poll?.reachable ?? false) || round.processing !== null;
    daskSilence = answered ? 0 : daskSilence + 1;
  }

  async function ask(want: Want): Promise<Round> {
    const round: Round = { at: 0, want, identity: null, protocolProblem: commRefusal, processing: null, http: null };
    if (comm && want.identity) {
      const r = await comm.identity();
      if (r.ok) round.identity = { value: r.identity, from: 'protocol' };
      else round.protocolProblem = r.reason;
    }
    if (comm && want.processing && round.protocolProblem === null) {
      const r = await comm.processing();
      if (r.ok) round.processing = r.byWorker;
      else round.protocolProblem = r.reason;
    }
    // HTTP for the counts, and for the worker list when the protocol did not give it.
    const httpIdentity = want.identity && round.identity === null;
    if (base && (httpIdentity || want.counts)) {
      round.http = await poller.poll(base, { identity: httpIdentity, counts: want.counts });
      if (round.http.identity) round.identity = { value: round.http.identity, from: 'http' };
    }
    round.at = Date.now();
    return round;
  }

  function wanted(r: DaskRefresh): Want {
    if (r.ask === 'now') return { identity: true, counts: true, processing: comm !== null };

    return {
      identity: shouldPollDask({
        now: r.at,
        lastPollAt,
        lastPollOk: lastIdentityRound?.identity != null,
        unmatchedWorkers: r.unpairedWorkers,
        watchClosely,
      }),
      counts: base !== null && shouldFetchCounts(r.at, counts, lastBusyAt),
      processing: comm !== null && shouldPollProcessing(),
    };
  }

  function forget() {
    generation++;
    // An ask still under way is about what was left: its answer is dropped, and nothing waits for it.
    inFlight = null;
    lastHttp = null;
    lastIdentityRound = null;
    lastPollAt = null;
    httpSilence = 0;
    daskSilence = 0;
  }

  return {
    follow(nextBase, nextAddress) {
      if ((nextBase?.href ?? null) !== (base?.href ?? null)) {
        base = nextBase;
        // Another server: its counts are asked for at once (a failed ask is repeated at each sample).
        counts = null;
        forget();
      }
      if (nextAddress !== address) {
        address = nextAddress;
        comm?.close();
        comm = null;
        const parsed = makeComm
          ? parseCommAddress(nextAddress)
          : { ok: false as const, reason: 'this monitor was made without it' };
        commRefusal = parsed.ok ? null : `Dask's protocol is not used: ${parsed.reason}`;
        if (parsed.ok && makeComm) comm = makeComm(parsed.endpoint);
        processing = null;
        protocolProblem = commRefusal;
        forget();
      }
    },
    async refresh(r) {
      if (r.ask === 'skip' || (!base && !comm)) return;
      if (inFlight) {
        await waitAtMost(inFlight, r.waitMs);
        return;
      }
      const want = wanted(r);
      if (!want.identity && !want.counts && !want.processing) return;
      const askedUnder = generation;
      if (want.identity) lastPollAt = r.at;
      const job = ask(want).then(
        (round) => apply(round, askedUnder),
        () => undefined,
      );
      const mine: Promise<void> = job.finally(() => {
        if (inFlight === mine) inFlight = null;
      });
      inFlight = mine;
      await waitAtMost(job, r.waitMs);
    },
    workers: () => identity?.value.workers ?? [],
    workersAt: () => identity?.at ?? null,
    processing: () => processing,
    comm: () => comm,
    setWatchClosely(close) {
      watchClosely = close;
    },
    note(now) {
      const failing = lastIdentityRound !== null && lastIdentityRound.identity === null;
      if (failing && identity) {
        return `Names, limits and statuses are from Dask's last good answer, at ${formatClock(new Date(identity.at).toISOString())} (${formatAge(now - identity.at)})`;
      }
      if (failing && (lastIdentityRound!.http?.reachable || lastIdentityRound!.protocolProblem === null)) {
        return 'Dask has answered, but not with its worker list: names are not known yet, and limits are computed from mem_per_worker';
      }
      if (!identity && (base || comm))
        return 'Dask has not described its workers yet: limits are computed from mem_per_worker';
      return null;
    },
    dashboard: () => {
      const httpProblem = lastIdentityRound?.identity === null ? (lastIdentityRound.http?.problem ?? null) : null;
      return {
        url: base?.href ?? null,
        reachable: lastHttp?.reachable ?? null,
        problem:
          (lastHttp && !lastHttp.reachable ? lastHttp.problem : null) ??
          httpProblem ??
          figureProblems(identity?.value.problems ?? []) ??
          (base ? null : 'no usable dashboard link in the config'),
        identityAt: identity ? new Date(identity.at).toISOString() : null,
        tasks: counts?.counts ?? null,
        tasksAt: counts ? new Date(counts.at).toISOString() : null,
        workerListFrom: identity?.from ?? null,
        protocolProblem,
      };
    },
    silentReason() {
      // The dashboard is what the panel opens: it not answering matters even while the protocol does.
      if (base && httpSilence >= 2)
        return `its dashboard at ${base.host} does not answer (${lastHttp?.problem ?? 'no answer'})`;
      if (daskSilence >= 2) return `Dask does not answer (${protocolProblem ?? 'no answer'})`;
      return null;
    },
    reset() {
      forget();
      identity = null;
      processing = null;
      counts = null;
      lastBusyAt = null;
      watchClosely = false;
    },
    close() {
      comm?.close();
      comm = null;
    },
  };
}
