/**
 * A DaskPoller that lets a measurement await the sampler's poll to its end. The sampler waits at
 * most 200 ms for Dask and parses the answer in a callback: without this, a slow answer's parsing
 * would fall outside the measured sample.
 */
import type { DaskPoll, DaskPoller } from '../main/monitor/dask/dask-poller';

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
