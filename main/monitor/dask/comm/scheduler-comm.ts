/**
 * What the monitor asks Dask's scheduler over its comm protocol (distributed/scheduler.py
 * handlers): `identity` (the workers: names, status, limits, memory), `processing` (the tasks each
 * worker runs), `events` for the nanny's memory kills, and `get_logs` / `worker_logs`. Nothing
 * else is ever sent. Every reply is checked as identity.json is: a wrong figure is dropped, never
 * shown as right.
 */
import { type DaskIdentity, parseIdentity } from '../dask-json';
import { type CommClient, type CommEndpoint, createCommClient } from './comm-client';
import { taskKeyText } from './task-keys';

export const SCHEDULER_OPS = ['identity', 'processing', 'events', 'get_logs', 'worker_logs', 'versions'] as const;

export type Failed = { ok: false; reason: string; reachable: boolean };
export type Answer<T> = ({ ok: true } & T) | Failed;

/** Current Dask's nanny, killing a worker over its memory limit (worker_memory.py): the authoritative cause. */
export interface MemoryKill {
  /** Unix time, ms. */
  at: number;
  /** The worker's address when it was killed. */
  worker: string;
  pid: number;
  rssBytes: number;
}

export interface LogLine {
  level: string;
  text: string;
}

export interface SchedulerComm {
  identity(): Promise<Answer<{ identity: DaskIdentity }>>;
  /** Task keys each worker (by address) is running, as text (task-keys.ts). */
  processing(): Promise<Answer<{ byWorker: Map<string, string[]> }>>;
  /** Every memory kill the scheduler was told of (empty on 2022.12, which never tells). */
  memoryKills(): Promise<Answer<{ kills: MemoryKill[] }>>;
  /** Whether this scheduler's Dask reports memory kills at all (distributed 2024.4.2 on); null when it cannot be told. */
  reportsMemoryKills(): Promise<boolean | null>;
  /** The last `n` log lines of the scheduler, or of one worker (by address), oldest first. */
  logs(of: 'scheduler' | { worker: string }, n: number): Promise<Answer<{ lines: LogLine[] }>>;
  stats: CommClient['stats'];
  close(): void;
}

/** The text fields of a log line, shortened: a log line is shown as text, never as markup. */
const MAX_LINE = 2000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** [level, line] pairs (get_logs), checked and made oldest first: 2022.12 sends oldest first, current Dask newest first. */
export function parseLogLines(v: unknown, newestFirst: boolean): LogLine[] | null {
  if (!Array.isArray(v)) return null;
  const lines: LogLine[] = [];
  for (const entry of v) {
    if (!Array.isArray(entry) || entry.length < 2) continue;
    const [level, text] = entry.length === 3 ? entry.slice(1) : entry;
    if (typeof level !== 'string' || typeof text !== 'string') continue;
    lines.push({ level: level.slice(0, 16), text: text.length > MAX_LINE ? `${text.slice(0, MAX_LINE - 1)}…` : text });
  }
  return newestFirst ? lines.reverse() : lines;
}

export function parseMemoryKills(v: unknown): MemoryKill[] | null {
  if (!Array.isArray(v)) return null;
  const kills: MemoryKill[] = [];
  for (const entry of v) {
    if (!Array.isArray(entry) || entry.length !== 2 || typeof entry[0] !== 'number' || !isRecord(entry[1])) continue;
    const { worker, pid, rss } = entry[1];
    if (typeof worker !== 'string' || !Number.isInteger(pid) || typeof rss !== 'number' || rss < 0) continue;
    kills.push({ at: Math.round(entry[0] * 1000), worker, pid: pid as number, rssBytes: rss });
  }
  return kills;
}

export function parseProcessing(v: unknown): Map<string, string[]> | null {
  if (!isRecord(v)) return null;
  const byWorker = new Map<string, string[]>();
  for (const [address, keys] of Object.entries(v)) {
    if (!Array.isArray(keys)) continue;
    byWorker.set(
      address,
      keys.map(taskKeyText).filter((k): k is string => k !== null),
    );
  }
  return byWorker;
}

/** The nanny logs a worker-restart-memory event from distributed 2024.4.2 (dask/distributed#8617). */
export const KILL_EVENTS_SINCE = '2024.4.2';

/** Calendar versions ("2026.8.0", "2022.12.1"), compared part by part; a suffix ("rc1") is ignored. */
export function versionAtLeast(version: string, floor: string): boolean {
  const parts = (v: string) => v.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const [a, b] = [parts(version), parts(floor)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

export function createSchedulerComm(
  endpoint: CommEndpoint,
  timeouts: { connectMs: number; requestMs: number },
): SchedulerComm {
  const client = createCommClient({
    endpoint,
    ops: SCHEDULER_OPS,
    connectTimeoutMs: timeouts.connectMs,
    requestTimeoutMs: timeouts.requestMs,
  });
  /** Current Dask (2023.1.1 on) sends logs newest first; its identity has n_workers (2025.4 on), and both come with it. */
  let newestFirstLogs: boolean | null = null;
  let reportsKills: Promise<boolean | null> | null = null;

  async function ask<T>(
    op: string,
    args: Record<string, unknown>,
    parse: (v: unknown) => T | null,
    what: string,
    timeoutMs?: number,
  ): Promise<Answer<{ value: T }>> {
    const r = await client.request(op, args, { timeoutMs });
    if (!r.ok) return r;
    const value = parse(r.value);
    return value === null
      ? { ok: false, reason: `Dask's ${what} reply is not what Dask sends`, reachable: true }
      : { ok: true, value };
  }

  return {
    async identity() {
      const r = await client.request('identity');
      if (!r.ok) return r;
      if (isRecord(r.value)) newestFirstLogs ??= Object.hasOwn(r.value, 'n_workers');
      const parsed = parseIdentity(r.value, "Dask's identity reply");
      return 'error' in parsed ? { ok: false, reason: parsed.error, reachable: true } : { ok: true, identity: parsed };
    },
    async processing() {
      const r = await ask('processing', {}, parseProcessing, 'processing');
      return r.ok ? { ok: true, byWorker: r.value } : r;
    },
    async memoryKills() {
      const r = await ask('events', { topic: 'worker-restart-memory' }, parseMemoryKills, 'events');
      return r.ok ? { ok: true, kills: r.value } : r;
    },
    async reportsMemoryKills() {
      reportsKills ??= client.request('versions').then((r) => {
        const v = r.ok && isRecord(r.value) && isRecord(r.value.packages) ? r.value.packages.distributed : null;
        if (typeof v !== 'string') {
          reportsKills = null; // ask again next time
          return null;
        }
        return versionAtLeast(v, KILL_EVENTS_SINCE);
      });
      return reportsKills;
    },
    async logs(of, n) {
      if (newestFirstLogs === null) await this.identity();
      const newest = newestFirstLogs ?? false;
      // 2022.12 takes the oldest n: ask for all it keeps (distributed.admin.log-length) and keep the last n.
      const args = newest ? { n } : {};
      const r =
        of === 'scheduler'
          ? await ask('get_logs', args, (v) => parseLogLines(v, newest), 'logs')
          : await ask(
              'worker_logs',
              { ...args, workers: [of.worker] },
              (v) => (isRecord(v) && Object.hasOwn(v, of.worker) ? parseLogLines(v[of.worker], newest) : null),
              'worker logs',
              10_000,
            );
      return r.ok ? { ok: true, lines: r.value.slice(-n) } : r;
    },
    stats: client.stats,
    close: client.close,
  };
}
