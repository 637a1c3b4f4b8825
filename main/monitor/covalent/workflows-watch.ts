/**
 * Covalent's server and the workflows it runs, asked on a schedule of their own beside the
 * cluster's samples: the overview (five counts) every 2 s while something runs, every 5 s while
 * idle, backing off to 30 s while the server is down; the lists only when something moved. One
 * request at a time, each bounded in time and size, no redirects, only to the config's address on
 * this machine. A dispatch that ends becomes an alert once; those that had ended before the watch
 * first heard from the server do not.
 */
import http from 'node:http';
import {
  type Alert,
  type DispatchInfo,
  type FailedElectron,
  type WorkflowsSample,
  emptyWorkflows,
} from '../../../shared/snapshot';
import { formatDuration } from '../../../shared/format';
import { alertOf } from '../alert-of';
import { httpGet } from '../dask/http-get';
import { isLoopbackHost } from '../loopback';
import {
  type DispatchList,
  type Totals,
  failedElectron,
  parseDispatchList,
  parseFailedNodes,
  parseOverview,
} from './dispatch-json';

export const WORKFLOW_POLL = {
  /** While a dispatch runs: its progress and runtime move. */
  runningMs: 2_000,
  idleMs: 5_000,
  /** While the server does not answer: from this, doubling… */
  downMinMs: 2_000,
  /** …up to this. */
  downMaxMs: 30_000,
};
export const WORKFLOW_TIMEOUT_MS = 2_000;
/** Running dispatches listed (the count of all is the overview's). */
export const RUNNING_SHOWN = 20;
/** Ended dispatches listed, the latest first. */
export const RECENT_SHOWN = 10;
/** Failed electrons named in a failure's alert. */
export const FAILED_NAMED = 3;
/** Body limits, bytes: a page of 99 items is about 30 kB; a graph of a few thousand electrons a few MB. */
const LIMITS = { overview: 16 * 1024, list: 512 * 1024, graph: 4 * 1024 * 1024, stderr: 256 * 1024 };
/** An ending this long before the watch first heard from the server is old news, whatever list shows it. */
const BASELINE_SLACK_MS = 60_000;
/** A kept connection idle this long is closed (below uvicorn's 5 s keep-alive). */
const IDLE_SOCKET_MS = 4_000;
/** Dispatch ids remembered (as notified, or by name for the workers' alerts). */
const REMEMBERED = 500;

const ENDED_KIND = {
  COMPLETED: 'workflow-completed',
  FAILED: 'workflow-failed',
  POSTPROCESSING_FAILED: 'workflow-failed',
  CANCELLED: 'workflow-cancelled',
} as const satisfies Partial<Record<DispatchInfo['status'], Alert['kind']>>;

const isEnded = (d: DispatchInfo): d is DispatchInfo & { status: keyof typeof ENDED_KIND } =>
  d.status in ENDED_KIND && d.endedAt !== null;

export interface WorkflowsWatchOptions {
  timeoutMs?: number;
  now?: () => number;
  /** Dispatches found ended, as alerts, as soon as they are found. */
  onEnded?: (alerts: Alert[]) => void;
}

export interface WorkflowsWatch {
  /** The server's address from the config (covalentUiUrl); another address starts afresh. */
  follow(url: URL | null): void;
  /** Polls on the watch's own schedule until stop(). */
  start(): void;
  stop(): void;
  /** One round now, unless one is under way (then waits for it): for `status` and the tests. */
  poll(): Promise<void>;
  sample(): WorkflowsSample;
  /** The lattice name of a dispatch the server has listed, by id; null when it has not. */
  nameOf(dispatchId: string): string | null;
  /**
   * Dispatches Dask runs tasks of (from their keys): one the server has not listed yet makes a
   * round now, once, so that a worker's alert can name its workflow.
   */
  hint(dispatchIds: readonly string[]): void;
  /** Delay before the next round, as the schedule has it now (for tests and the benchmark). */
  nextDelayMs(): number;
}

type Got = { ok: true; json: unknown } | { ok: false; problem: string; down: boolean };
type Fetched = { ok: true; text: string } | { ok: false; problem: string; down: boolean };

/** Bounded map: the oldest entries go first. */
function remember<K, V>(map: Map<K, V>, key: K, value: V) {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED) map.delete(map.keys().next().value as K);
}

function endedMessage(d: DispatchInfo, failed: FailedElectron[] | null): string {
  const runtime = d.runtimeMs !== null ? formatDuration(d.runtimeMs) : null;
  if (d.status === 'COMPLETED') return `Workflow ${d.name} completed${runtime ? ` in ${runtime}` : ''}`;
  if (d.status === 'CANCELLED') return `Workflow ${d.name} was cancelled${runtime ? ` after ${runtime}` : ''}`;
  const head = `Workflow ${d.name} failed${runtime ? ` after ${runtime}` : ''}`;
  if (failed === null) return `${head}; Covalent's server did not say which electron`;
  if (failed.length === 0) return `${head}; Covalent names no failed electron`;
  const names = failed.map((f) => (f.error ? `${f.name} (${f.error})` : f.name)).join(', ');
  return `${head}: electron ${names}`;
}

export function createWorkflowsWatch(options: WorkflowsWatchOptions = {}): WorkflowsWatch {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? WORKFLOW_TIMEOUT_MS;
  // Uvicorn closes a connection idle for 5 s (its timeout_keep_alive), the idle schedule's period:
  // an idle socket is closed here first, so that a round never writes into one it is closing.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, timeout: IDLE_SOCKET_MS });
  let base: URL | null = null;

  let generation = 0;
  let state: WorkflowsSample = emptyWorkflows(null);
  let totals: Totals | null = null;
  let downStreak = 0;
  let baselineAt: number | null = null;
  const notified = new Map<string, true>();
  const seenRunning = new Map<string, true>();
  const names = new Map<string, string>();
  const hinted = new Map<string, true>();
  /** What the last list of endings said was wrong with it (kept between the rounds that do not ask it). */
  let recentProblems: string[] = [];
  let inFlight: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running = false;

  async function fetchText(path: string, maxBytes: number, json: boolean): Promise<Fetched> {
    if (!base) return { ok: false, problem: 'no server to ask', down: true };
    const r = await httpGet(new URL(path, base), { timeoutMs, maxBytes, agent });
    if (r.kind === 'failed')
      return { ok: false, problem: r.message, down: r.reason === 'unreachable' || r.reason === 'timeout' };
    const where = `/${path.split('?')[0]}`;
    if (r.status !== 200) return { ok: false, problem: `it answered HTTP ${r.status} to ${where}`, down: false };
    if (json && !/^application\/json\b/i.test(r.contentType))
      return {
        ok: false,
        problem: `it answered ${where} with ${r.contentType.split(';')[0] || 'no content type'}, not JSON: not Covalent's server?`,
        down: false,
      };
    return { ok: true, text: r.body };
  }

  async function getJson(path: string, maxBytes: number): Promise<Got> {
    const r = await fetchText(path, maxBytes, true);
    if (!r.ok) return r;
    try {
      return { ok: true, json: JSON.parse(r.text) };
    } catch {
      return { ok: false, problem: `its answer to /${path.split('?')[0]} is not JSON`, down: false };
    }
  }

  const listPath = (query: string) => `api/v1/dispatches/list?${query}`;

  async function getList(query: string): Promise<DispatchList | string> {
    const r = await getJson(listPath(query), LIMITS.list);
    if (!r.ok) return r.problem;
    return parseDispatchList(r.json) ?? "its dispatch list is not in Covalent's shape";
  }

  /** The failed electrons of a dispatch, with the last line of each one's stderr; null when the graph did not come. */
  async function failedOf(id: string): Promise<FailedElectron[] | null> {
    const g = await getJson(`api/v1/dispatches/${id}/graph`, LIMITS.graph);
    const nodes = g.ok ? parseFailedNodes(g.json, FAILED_NAMED) : null;
    if (!nodes) return null;
    const out: FailedElectron[] = [];
    for (const n of nodes) {
      // Covalent 0.240's own error field comes back empty; the electron's stderr holds the traceback.
      const log = await fetchText(`api/v0/files/${id}/node_${n.nodeId}/stderr.log`, LIMITS.stderr, false);
      out.push(failedElectron(n, log.ok ? log.text : null));
    }
    return out;
  }

  async function endedAlerts(recent: DispatchInfo[], at: number, askedUnder: number): Promise<Alert[]> {
    const fresh = recent.filter(isEnded).filter((d) => !notified.has(d.id));
    for (const d of fresh) remember(notified, d.id, true);
    if (baselineAt === null) {
      // The first answer: what has ended is history, not news.
      baselineAt = at;
      return [];
    }
    const since = baselineAt - BASELINE_SLACK_MS;
    const news = fresh.filter((d) => seenRunning.has(d.id) || Date.parse(d.endedAt!) >= since).reverse();
    const alerts: Alert[] = [];
    for (const d of news) {
      const kind = ENDED_KIND[d.status];
      const failed = kind === 'workflow-failed' ? await failedOf(d.id) : [];
      if (askedUnder !== generation) return [];
      alerts.push(
        alertOf(kind, null, endedMessage(d, failed), now(), {
          dispatch: d,
          ...(kind === 'workflow-failed' && failed ? { failedElectrons: failed } : {}),
        }),
      );
    }
    return alerts;
  }

  function down(problem: string, answered: boolean) {
    downStreak++;
    totals = null;
    state = {
      ...state,
      reachable: false,
      problem: answered ? problem : `Covalent's server does not answer: ${problem}`,
      totals: null,
      running: [],
      runningCount: 0,
    };
  }

  /** One list, checked: its items, or why there are none, and what in it was dropped. */
  async function askList(query: string): Promise<{ items: DispatchInfo[] | null; problems: string[] }> {
    const list = await getList(query);
    if (typeof list === 'string') return { items: null, problems: [list] };
    return { items: list.items, problems: list.dropped.map((d) => `dropped ${d}`) };
  }

  async function round(): Promise<void> {
    const askedUnder = generation;
    const at = now();
    const mine = () => askedUnder === generation;
    const ov = await getJson('api/v1/dispatches/overview', LIMITS.overview);
    if (!mine()) return;
    const next = ov.ok ? parseOverview(ov.json) : null;
    if (!ov.ok || !next) {
      down(ov.ok ? "it answers, but its overview is not Covalent's" : ov.problem, ov.ok || !ov.down);
      return;
    }
    downStreak = 0;
    const moved =
      !totals ||
      next.all !== totals.all ||
      next.completed !== totals.completed ||
      next.failed !== totals.failed ||
      next.cancelled !== totals.cancelled;

    // What runs: asked at every round while anything does (its progress and runtime move).
    const running =
      next.running > 0
        ? await askList(`count=${RUNNING_SHOWN}&offset=0&sort_by=started_at&sort_direction=DESC&status_filter=RUNNING`)
        : { items: [], problems: [] };
    if (!mine()) return;
    const runningList = (running.items ?? []).filter((d) => d.status === 'RUNNING');
    for (const d of runningList) {
      remember(seenRunning, d.id, true);
      remember(names, d.id, d.name);
    }

    // What ended: asked when the counts moved or a running one left the list, and kept until then.
    const vanished = state.running.some((d) => !runningList.some((r) => r.id === d.id));
    let recent = state.recent;
    let alerts: Alert[] = [];
    let recentFailed = false;
    if (moved || vanished || baselineAt === null) {
      const ended = await askList(`count=${RECENT_SHOWN}&offset=0&sort_by=ended_at&sort_direction=DESC`);
      if (!mine()) return;
      recentProblems = ended.problems;
      recentFailed = ended.items === null;
      if (ended.items) {
        recent = ended.items.filter(isEnded);
        for (const d of recent) remember(names, d.id, d.name);
        alerts = await endedAlerts(recent, at, askedUnder);
        if (!mine()) return;
      }
    }
    // A list that failed keeps the old totals, so that the next round asks again.
    if (running.items !== null && !recentFailed) totals = next;
    const problems = [...running.problems, ...recentProblems];
    state = {
      url: state.url,
      reachable: true,
      problem: problems.length > 0 ? `Covalent's server: ${problems.join('; ')}` : null,
      at: new Date(at).toISOString(),
      totals: next,
      running: runningList,
      runningCount: Math.max(next.running, runningList.length),
      recent,
    };
    if (alerts.length > 0) options.onEnded?.(alerts);
  }

  function nextDelayMs(): number {
    if (state.reachable === false)
      return Math.min(WORKFLOW_POLL.downMaxMs, WORKFLOW_POLL.downMinMs * 2 ** Math.max(0, downStreak - 1));
    return state.runningCount > 0 ? WORKFLOW_POLL.runningMs : WORKFLOW_POLL.idleMs;
  }

  function poll(): Promise<void> {
    if (!base) return Promise.resolve();
    if (inFlight) return inFlight;
    const p: Promise<void> = round()
      .catch((err: unknown) => {
        // A round must never end the watch; say what went wrong and carry on.
        state = { ...state, problem: `Covalent's server: ${(err as Error).message}` };
      })
      .finally(() => {
        if (inFlight === p) inFlight = null;
      });
    inFlight = p;
    return p;
  }

  function loop() {
    timer = null;
    if (!running) return;
    void poll().then(() => {
      if (running && !timer) timer = setTimeout(loop, nextDelayMs());
    });
  }

  return {
    follow(url) {
      const href = url?.href ?? null;
      if (href === state.url) return;
      generation++;
      inFlight = null;
      totals = null;
      downStreak = 0;
      baselineAt = null;
      recentProblems = [];
      seenRunning.clear();
      agent.destroy();
      const refusal = url && !isLoopbackHost(url.hostname) ? `not asked: ${url.host} is not this machine` : null;
      base = url && !refusal ? url : null;
      state = { ...emptyWorkflows(href), problem: refusal };
      if (running && base) {
        if (timer) clearTimeout(timer);
        loop();
      }
    },
    start() {
      if (running) return;
      running = true;
      loop();
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      agent.destroy();
    },
    poll,
    sample: () => state,
    nameOf: (id) => names.get(id) ?? null,
    hint(ids) {
      const unknown = ids.filter((id) => !names.has(id) && !hinted.has(id));
      if (unknown.length === 0 || !base) return;
      for (const id of unknown) remember(hinted, id, true);
      void poll();
    },
    nextDelayMs,
  };
}
