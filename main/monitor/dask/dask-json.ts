/**
 * Checks what Dask's scheduler serves at /json/identity.json and /json/counts.json. Every figure is
 * type- and range-checked: a wrong one becomes null plus a problem, never a number shown as right.
 */
import { escapeControls } from '../config/config-parse';

export interface DaskWorkerInfo {
  /** identity.json's key, e.g. tcp://127.0.0.1:38765. */
  address: string;
  host: string;
  port: number;
  name: string | null;
  nthreads: number | null;
  /** Bytes; null with `unlimited` when Dask runs the worker without a limit, null alone when unknown. */
  memoryLimitBytes: number | null;
  unlimited: boolean;
  status: string | null;
  /** Dask's own reading of the worker's process memory (RSS), from its last heartbeat. */
  memoryBytes: number | null;
}

export interface DaskIdentity {
  workers: DaskWorkerInfo[];
  problems: string[];
}

export interface DaskCounts {
  total: number;
  processing: number;
  waiting: number;
  erred: number;
}

/** More than anything a laptop or workstation runs; a larger list is cut here. */
export const MAX_WORKERS = 10_000;
// 1 PiB: above any machine's memory, so a larger figure is garbage.
const MAX_BYTES = 2 ** 50;
const ADDRESS = /^[a-z][a-z0-9+.-]*:\/\/(\[[0-9a-fA-F:.]+\]|[^\s:/[\]@]+):(\d{1,5})$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function byteCount(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_BYTES ? Math.round(v) : null;
}

/** A figure as Dask sent it, for a problem message: short, and safe for any JSON (a deeply nested value would overflow JSON.stringify). */
function shown(v: unknown): string {
  if (Array.isArray(v)) return '[…]';
  if (typeof v === 'object' && v !== null) return '{…}';
  if (typeof v === 'string') return escapeControls(JSON.stringify(v.length > 60 ? `${v.slice(0, 58)}…` : v));
  return String(v);
}

function displayName(v: unknown): string | null {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.length > 0) return escapeControls(v.length > 200 ? `${v.slice(0, 199)}…` : v);
  return null;
}

/** Dask's identity (identity.json, or the identity op's reply: the same map); `source` names it in messages. */
export function parseIdentity(json: unknown, source = 'identity.json'): DaskIdentity | { error: string } {
  if (!isRecord(json)) return { error: `${source} is not an object` };
  if (json.type !== undefined && json.type !== 'Scheduler')
    return { error: `${source} does not describe a Dask scheduler` };
  if (!isRecord(json.workers)) return { error: `${source} has no workers table` };
  const problems: string[] = [];
  const workers: DaskWorkerInfo[] = [];
  const entries = Object.entries(json.workers);
  if (entries.length > MAX_WORKERS)
    problems.push(`Dask lists ${entries.length} workers; the first ${MAX_WORKERS} are shown`);
  for (const [address, w] of entries.slice(0, MAX_WORKERS)) {
    const m = ADDRESS.exec(address);
    if (!m || !isRecord(w)) {
      problems.push(`a worker entry ${JSON.stringify(escapeControls(address.slice(0, 60)))} is not a worker address`);
      continue;
    }
    const metrics = isRecord(w.metrics) ? w.metrics : {};
    const name = displayName(w.name);
    const label = name ?? address;

    let memoryLimitBytes: number | null = null;
    let unlimited = false;
    if (w.memory_limit === 0 || w.memory_limit === null) unlimited = true;
    else if (w.memory_limit !== undefined) {
      memoryLimitBytes = byteCount(w.memory_limit);
      if (memoryLimitBytes === null)
        problems.push(`worker ${label}: memory_limit ${shown(w.memory_limit)} is not a byte count`);
    }
    const memoryBytes = byteCount(metrics.memory);
    if (metrics.memory !== undefined && memoryBytes === null) {
      problems.push(`worker ${label}: memory ${shown(metrics.memory)} is not a byte count`);
    }
    const nthreads =
      typeof w.nthreads === 'number' && Number.isInteger(w.nthreads) && w.nthreads > 0 && w.nthreads <= 65536
        ? w.nthreads
        : null;
    const status = typeof w.status === 'string' && /^[a-z_-]{1,32}$/.test(w.status) ? w.status : null;
    workers.push({
      address,
      host: m[1]!,
      port: Number(m[2]),
      name,
      nthreads,
      memoryLimitBytes,
      unlimited,
      status,
      memoryBytes,
    });
  }
  return { workers, problems };
}

export function parseCounts(json: unknown): DaskCounts | null {
  if (!isRecord(json)) return null;
  const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
  const total = n(json.tasks);
  const processing = n(json.processing);
  const waiting = n(json.waiting);
  const erred = n(json.erred);
  if (total === null || processing === null || waiting === null || erred === null) return null;
  return { total, processing, waiting, erred };
}
