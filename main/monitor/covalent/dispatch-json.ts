/**
 * What Covalent's server answers about its workflows, checked field by field (covalent_ui/api/v1:
 * routes/end_points/summary_routes.py, data_layer/summary_dal.py, graph_dal.py; shapes checked
 * against a real `covalent start`, 0.240.0). Times come as UTC without a zone; runtime in ms, to
 * the second. A dispatch whose figures cannot be right is dropped and counted, never shown wrong.
 */
import { DISPATCH_ID } from '../../../shared/ipc-contract';
import {
  DISPATCH_STATUSES,
  type DispatchInfo,
  type DispatchStatus,
  type FailedElectron,
  type WorkflowsSample,
} from '../../../shared/snapshot';

/** Longer names are cut: a lattice name is a Python function's name. */
const MAX_NAME = 120;
/** More electrons than this in one workflow is not a figure to believe. */
const MAX_ELECTRONS = 1_000_000;
/** Covalent's list answers at most 99 items (count < 100). */
export const MAX_LIST_ITEMS = 99;
const MAX_RUNTIME_MS = 10 * 365 * 24 * 3600 * 1000;

export type Totals = NonNullable<WorkflowsSample['totals']>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const count = (v: unknown, max: number): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max ? v : null;

/** "2026-12-01T15:04:38.344660" (UTC, no zone) or with a space, as Covalent writes them → ISO 8601. */
export function covalentTime(v: unknown): string | null | undefined {
  if (v === null) return null;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d{1,6})?(Z|[+-]00:00)?$/.exec(v);
  if (!m) return undefined;
  const ms = m[3] ? m[3].slice(0, 4).padEnd(4, '0') : '.000';
  const iso = `${m[1]}T${m[2]}${ms}Z`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

/** Text as it may be shown: control characters gone, cut to `max`. */
export function plainText(v: string, max: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = v.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export function parseOverview(json: unknown): Totals | null {
  if (!isRecord(json)) return null;
  const all = count(json.total_jobs, Number.MAX_SAFE_INTEGER);
  const running = count(json.total_jobs_running, Number.MAX_SAFE_INTEGER);
  const completed = count(json.total_jobs_completed, Number.MAX_SAFE_INTEGER);
  const failed = count(json.total_jobs_failed, Number.MAX_SAFE_INTEGER);
  const cancelled = count(json.total_jobs_cancelled, Number.MAX_SAFE_INTEGER);
  if (all === null || running === null || completed === null || failed === null || cancelled === null) return null;
  // The parts never add up to more than the whole (new objects are the rest).
  if (running + completed + failed + cancelled > all) return null;
  return { all, running, completed, failed, cancelled };
}

/** One list item, or why it was dropped. */
export function parseDispatch(v: unknown): DispatchInfo | string {
  if (!isRecord(v)) return 'an item that is not an object';
  const id = v.dispatch_id;
  if (typeof id !== 'string' || !DISPATCH_ID.test(id)) return 'a dispatch id that is not a UUID';
  const status = v.status;
  if (typeof status !== 'string' || !(DISPATCH_STATUSES as readonly string[]).includes(status))
    return `a status this monitor does not know (${JSON.stringify(String(status).slice(0, 40))})`;
  if (typeof v.lattice_name !== 'string') return 'a dispatch without a name';
  const electrons = v.total_electrons === null ? null : count(v.total_electrons, MAX_ELECTRONS);
  const done = v.total_electrons_completed === null ? null : count(v.total_electrons_completed, MAX_ELECTRONS);
  if ((electrons === null && v.total_electrons !== null) || (done === null && v.total_electrons_completed !== null))
    return 'electron counts that are not counts';
  if (electrons !== null && done !== null && done > electrons) return 'more electrons completed than it has';
  const startedAt = covalentTime(v.started_at);
  const endedAt = covalentTime(v.ended_at);
  if (startedAt === undefined || endedAt === undefined) return 'a time that is not a time';
  if (startedAt && endedAt && Date.parse(endedAt) < Date.parse(startedAt)) return 'an end before its start';
  const runtime = v.runtime === null || v.runtime === undefined ? null : count(v.runtime, MAX_RUNTIME_MS);
  if (runtime === null && v.runtime !== null && v.runtime !== undefined) return 'a runtime that is not one';
  return {
    id,
    name: plainText(v.lattice_name, MAX_NAME) || '(unnamed)',
    status: status as DispatchStatus,
    electrons,
    electronsDone: done,
    startedAt,
    endedAt,
    runtimeMs: runtime,
  };
}

export interface DispatchList {
  items: DispatchInfo[];
  total: number;
  /** Why items were dropped, one line each kind. */
  dropped: string[];
}

export function parseDispatchList(json: unknown): DispatchList | null {
  if (!isRecord(json) || !Array.isArray(json.items)) return null;
  const total = count(json.total_count, Number.MAX_SAFE_INTEGER);
  if (total === null) return null;
  const items: DispatchInfo[] = [];
  const dropped = new Set<string>();
  // More than Covalent ever sends for one page is not its answer: the rest is not read.
  for (const raw of json.items.slice(0, MAX_LIST_ITEMS)) {
    const d = parseDispatch(raw);
    if (typeof d === 'string') dropped.add(d);
    else items.push(d);
  }
  if (json.items.length > MAX_LIST_ITEMS) dropped.add(`${json.items.length - MAX_LIST_ITEMS} items past a page`);
  return { items, total: Math.max(total, items.length), dropped: [...dropped] };
}

/** The failed electrons of a dispatch's graph (its functions, not its parameters), from /graph. */
export function parseFailedNodes(json: unknown, max: number): { name: string; nodeId: number }[] | null {
  if (!isRecord(json) || !isRecord(json.graph) || !Array.isArray(json.graph.nodes)) return null;
  const failed: { name: string; nodeId: number }[] = [];
  for (const n of json.graph.nodes) {
    if (!isRecord(n) || n.status !== 'FAILED' || n.type === 'parameter') continue;
    const nodeId = count(n.node_id, MAX_ELECTRONS);
    if (nodeId === null || typeof n.name !== 'string') continue;
    failed.push({ name: plainText(n.name, MAX_NAME), nodeId });
    if (failed.length >= max) break;
  }
  return failed;
}

/** The last line of an electron's stderr.log that says what was raised ("ValueError: boom"). */
export function lastErrorLine(text: string): string | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]) return plainText(lines[i]!, 200);
  return null;
}

export function failedElectron(node: { name: string; nodeId: number }, stderr: string | null): FailedElectron {
  return { ...node, error: stderr === null ? null : lastErrorLine(stderr) };
}
