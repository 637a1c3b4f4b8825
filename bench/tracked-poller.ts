/**
 * A DaskPoller that lets a measurement await the sampler's poll to its end. The sampler waits at
 * most 200 ms for Dask and parses the answer in a callback: without this, a slow answer's parsing
 * would fall outside the measured sample.
 */
import type { CommStats } from '../main/monitor/dask/comm/comm-client';
import type { SchedulerComm } from '../main/monitor/dask/comm/scheduler-comm';
import type { DaskPoll, DaskPoller } from '../main/monitor/dask/dask-poller';
import type { SchedulerCommFactory } from '../main/monitor/dask/dask-view';

export interface TrackedPoller {
  poller: DaskPoller;
  /** Waits for the last poll to end; `late` when it was still running at the call. */
  settle(): Promise<{ late: boolean; poll: DaskPoll | null }>;
}

export function trackPolls(inner: DaskPoller): TrackedPoller {
  let last: { promise: Promise<DaskPoll>; settled: boolean } | null = null;
  return {
    poller: {
      poll(base) {
        const entry = { promise: inner.poll(base), settled: false };
        // Registered before the sampler's own callbacks, so `settled` is set before the sample returns.
        entry.promise.then(
          () => (entry.settled = true),
          () => (entry.settled = true),
        );
        last = entry;
        return entry.promise;
      },
      setTimeoutMs: (ms) => inner.setTimeoutMs(ms),
      close: () => inner.close(),
    },
    async settle() {
      const entry = last;
      last = null;
      if (!entry) return { late: false, poll: null };
      const late = !entry.settled;
      return { late, poll: await entry.promise };
    },
  };
}

/** The same for the sampler's asks over Dask's protocol: the last identity and processing requests, awaited. */
export interface TrackedComm {
  factory: SchedulerCommFactory;
  settle(): Promise<{ late: boolean }>;
  /** The connections made and requests sent by every client the sampler made. */
  stats(): CommStats;
}

export function trackComm(make: SchedulerCommFactory): TrackedComm {
  let pending: { promise: Promise<unknown>; settled: boolean }[] = [];
  const made: SchedulerComm[] = [];
  const tracked = <T>(promise: Promise<T>): Promise<T> => {
    const entry = { promise, settled: false };
    promise.then(
      () => (entry.settled = true),
      () => (entry.settled = true),
    );
    pending.push(entry);
    return promise;
  };
  return {
    factory(endpoint) {
      const comm = make(endpoint);
      made.push(comm);
      return { ...comm, identity: () => tracked(comm.identity()), processing: () => tracked(comm.processing()) };
    },
    async settle() {
      const entries = pending;
      pending = [];
      const late = entries.some((e) => !e.settled);
      await Promise.all(entries.map((e) => e.promise));
      return { late };
    },
    stats() {
      const all = made.map((c) => c.stats());
      return {
        connects: all.reduce((n, s) => n + s.connects, 0),
        requests: all.reduce((n, s) => n + s.requests, 0),
        bytesIn: all.reduce((n, s) => n + s.bytesIn, 0),
      };
    },
  };
}
