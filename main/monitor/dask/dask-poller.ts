/**
 * Reads Dask's own view from the scheduler's HTTP server (the dashboard link's host and port):
 * identity.json for the workers, counts.json for tasks, /health when identity.json fails.
 * One request at a time, each with a deadline.
 */
import http from 'node:http';
import { type DaskCounts, type DaskIdentity, parseCounts, parseIdentity } from './dask-json';
import { httpGet } from './http-get';

export interface DaskPoll {
  /** When the poll finished, ms since the epoch. */
  at: number;
  /** The server answered something (even an error status). */
  reachable: boolean;
  identity: DaskIdentity | null;
  /** Why identity is null. */
  problem: string | null;
  counts: DaskCounts | null;
}

export interface DaskPoller {
  /**
   * Polls `base` (with counts.json unless `counts` is false); while a poll is in flight, returns
   * that one instead of starting another.
   */
  poll(base: URL, options?: { counts?: boolean }): Promise<DaskPoll>;
  /** Deadline of each request from the next poll on. */
  setTimeoutMs(ms: number): void;
  close(): void;
}

/** identity.json of 1,000 workers is about 1.5 MB; 16 MB leaves room for 10,000. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** The scheduler's HTTP root from Covalent's dashboard_link ("http://127.0.0.1:8787/status"). */
export function daskBaseUrl(dashboardLink: string | null): URL | null {
  if (!dashboardLink) return null;
  let url: URL;
  try {
    url = new URL(dashboardLink);
  } catch {
    return null;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password) return null;
  // The link points at the dashboard's /status page; the JSON routes sit beside it.
  const prefix = url.pathname.replace(/\/status\/?$/, '').replace(/\/+$/, '');
  return new URL(`${url.protocol}//${url.host}${prefix}/`);
}

export function createDaskPoller(options: { timeoutMs: number; maxBytes?: number }): DaskPoller {
  // One keep-alive socket: the scheduler sees one client, and no connection is set up per poll.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let timeoutMs = options.timeoutMs;
  const get = (base: URL, route: string) =>
    httpGet(new URL(route, base), { timeoutMs, maxBytes: options.maxBytes ?? MAX_BODY_BYTES, agent });
  let inFlight: Promise<DaskPoll> | null = null;

  async function run(base: URL, withCounts: boolean): Promise<DaskPoll> {
    const res = await get(base, 'json/identity.json');
    if (res.kind === 'failed') {
      return {
        at: Date.now(),
        reachable: res.reason === 'redirect' || res.reason === 'too-large',
        identity: null,
        problem: res.message,
        counts: null,
      };
    }
    if (res.status !== 200) {
      // dask >= 2023.4 answers 500 here while tasks run (dask/distributed#8370): ask /health instead.
      const health = await get(base, 'health');
      const alive = health.kind === 'response' && health.status === 200 && health.body.trim() === 'ok';
      return {
        at: Date.now(),
        reachable: true,
        identity: null,
        problem: `identity.json answered HTTP ${res.status}${res.status === 500 ? ' (Dask fails it while tasks run: dask/distributed#8370)' : ''}${alive ? '; /health is ok' : ''}`,
        counts: null,
      };
    }
    let identity: DaskIdentity | { error: string };
    try {
      identity = parseIdentity(JSON.parse(res.body));
    } catch {
      identity = { error: `identity.json is not JSON${res.contentType ? ` (${res.contentType.split(';')[0]})` : ''}` };
    }
    if ('error' in identity)
      return { at: Date.now(), reachable: true, identity: null, problem: identity.error, counts: null };

    let counts: DaskCounts | null = null;
    const c = withCounts ? await get(base, 'json/counts.json') : null;
    if (c?.kind === 'response' && c.status === 200) {
      try {
        counts = parseCounts(JSON.parse(c.body));
      } catch {
        counts = null;
      }
    }
    return { at: Date.now(), reachable: true, identity, problem: null, counts };
  }

  return {
    poll(base, pollOptions) {
      inFlight ??= run(base, pollOptions?.counts ?? true).finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    setTimeoutMs(ms) {
      timeoutMs = ms;
    },
    close() {
      agent.destroy();
    },
  };
}
