/**
 * Reads Dask's own view from the scheduler's HTTP server (the dashboard link's host and port):
 * identity.json for the workers and counts.json for tasks, each on its own schedule, and /health
 * to tell a failing identity.json from a dead server. One request at a time, each with a deadline.
 */
import http from 'node:http';
import { type DaskCounts, type DaskIdentity, parseCounts, parseIdentity } from './dask-json';
import { httpGet } from './http-get';

export interface DaskPoll {
  /** When the poll finished, ms since the epoch. */
  at: number;
  /** The server answered something (even an error status). */
  reachable: boolean;
  /** Whether this poll asked for the worker list (identity.json). */
  identityAsked: boolean;
  identity: DaskIdentity | null;
  /** Why identity is null although it was asked for (or counts, when only they were). */
  problem: string | null;
  countsAsked: boolean;
  counts: DaskCounts | null;
}

export interface PollWhat {
  /** Ask identity.json (the default). */
  identity?: boolean;
  /** Ask counts.json (the default). */
  counts?: boolean;
}

export interface DaskPoller {
  /**
   * Polls `base` for what `what` asks (both by default); while a poll is in flight, returns that
   * one instead of starting another.
   */
  poll(base: URL, what?: PollWhat): Promise<DaskPoll>;
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

  async function countsOf(
    base: URL,
  ): Promise<{ reachable: boolean; counts: DaskCounts | null; problem: string | null }> {
    const c = await get(base, 'json/counts.json');
    if (c.kind === 'failed')
      return { reachable: c.reason === 'redirect' || c.reason === 'too-large', counts: null, problem: c.message };
    if (c.status !== 200) return { reachable: true, counts: null, problem: `counts.json answered HTTP ${c.status}` };
    let counts: DaskCounts | null = null;
    try {
      counts = parseCounts(JSON.parse(c.body));
    } catch {
      // not JSON: the same as wrong fields
    }
    return { reachable: true, counts, problem: counts ? null : 'counts.json is not what Dask serves' };
  }

  async function identityOf(
    base: URL,
  ): Promise<{ reachable: boolean; identity: DaskIdentity | null; problem: string | null; status: number | null }> {
    const res = await get(base, 'json/identity.json');
    if (res.kind === 'failed') {
      return {
        reachable: res.reason === 'redirect' || res.reason === 'too-large',
        identity: null,
        problem: res.message,
        status: null,
      };
    }
    if (res.status !== 200) {
      const why = res.status === 500 ? ' (Dask fails it while tasks run: dask/distributed#8370)' : '';
      return {
        reachable: true,
        identity: null,
        problem: `identity.json answered HTTP ${res.status}${why}`,
        status: res.status,
      };
    }
    let parsed: DaskIdentity | { error: string };
    try {
      parsed = parseIdentity(JSON.parse(res.body));
    } catch {
      parsed = { error: `identity.json is not JSON${res.contentType ? ` (${res.contentType.split(';')[0]})` : ''}` };
    }
    if ('error' in parsed) return { reachable: true, identity: null, problem: parsed.error, status: 200 };
    return { reachable: true, identity: parsed, problem: null, status: 200 };
  }

  async function run(base: URL, what: Required<PollWhat>): Promise<DaskPoll> {
    const poll: DaskPoll = {
      at: 0,
      reachable: true,
      identityAsked: what.identity,
      identity: null,
      problem: null,
      countsAsked: what.counts,
      counts: null,
    };
    if (what.identity) {
      const id = await identityOf(base);
      Object.assign(poll, { reachable: id.reachable, identity: id.identity, problem: id.problem });
      // No answer at all: a dead or foreign server, not worth a second request.
      if (id.status === null) return { ...poll, countsAsked: false, at: Date.now() };
    }
    if (what.counts) {
      const c = await countsOf(base);
      poll.counts = c.counts;
      if (!what.identity) Object.assign(poll, { reachable: c.reachable, problem: c.problem });
      else if (poll.problem && c.counts) poll.problem += '; counts.json answers';
    }
    if (what.identity && poll.identity === null && poll.problem !== null && !poll.counts) {
      // dask >= 2023.4 answers 500 here while tasks run (dask/distributed#8370): is the rest alive?
      const health = await get(base, 'health');
      if (health.kind === 'response' && health.status === 200 && health.body.trim() === 'ok')
        poll.problem += '; /health is ok';
    }
    poll.at = Date.now();
    return poll;
  }

  return {
    poll(base, what) {
      inFlight ??= run(base, { identity: what?.identity ?? true, counts: what?.counts ?? true }).finally(() => {
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
