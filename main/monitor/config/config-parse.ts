/** Parses covalent.conf (TOML) into the values the Dask Cluster page shows, checking each one. */
import toml from 'toml';
import { parseMemoryLimit } from '../memory-limit';
import type { ConfigError, ConfigIssue, ConfigKey, CovalentConfig } from '../../../shared/snapshot';

export type ConfigParse =
  | { ok: true; config: CovalentConfig; issues: ConfigIssue[] }
  | { ok: false; error: ConfigError };

type Check = (value: unknown) => { value: CovalentConfig[ConfigKey] } | { message: string };

const MAX_TEXT = 4096;
// C0 and C1 controls: a config value must not be able to drive a terminal or a layout.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

function text(value: unknown): ReturnType<Check> {
  if (typeof value !== 'string') return { message: `should be a string, not ${describeType(value)}` };
  if (value.length > MAX_TEXT)
    return { message: `is ${value.length} characters long; at most ${MAX_TEXT} are accepted` };
  if (CONTROL_CHARS.test(value)) return { message: 'contains control characters' };
  return { value };
}

function integer(min: number, max: number, what: string): Check {
  return (value) => {
    // TOML integers arrive as BigInt (see parseCovalentConfig); a whole float such as 4.0 is taken too.
    const n =
      typeof value === 'bigint' ? value : typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : null;
    if (n === null) return { message: `should be ${what} (a whole number), not ${describeType(value)}` };
    if (n < BigInt(min) || n > BigInt(max)) return { message: `should be ${what} between ${min} and ${max}` };
    return { value: Number(n) };
  };
}

function memPerWorker(value: unknown): ReturnType<Check> {
  if (typeof value === 'bigint') {
    if (!isSafe(value)) return { message: `${value} is too large a number to be read exactly` };
    value = Number(value);
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    return { message: `should be "auto", a size such as "4GB", or a number, not ${describeType(value)}` };
  }
  if (typeof value === 'string') {
    const t = text(value);
    if ('message' in t) return t;
  }
  // Any machine will do: only the form of the value is checked here.
  const limit = parseMemoryLimit(value, 1, { totalBytes: 2 ** 40, cpuCount: 1 });
  if (limit.kind === 'invalid') return { message: limit.message };
  return { value };
}

const ADDRESS = /^[a-z][a-z0-9+.-]*:\/\/(?:\[[0-9a-f:.]+\]|[^\s:/[\]@]+):(\d{1,5})$/i;

function schedulerAddress(value: unknown): ReturnType<Check> {
  const t = text(value);
  if ('message' in t) return t;
  const m = ADDRESS.exec(value as string);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > 65535) {
    return { message: 'should look like tcp://HOST:PORT' };
  }
  return t;
}

function dashboardLink(value: unknown): ReturnType<Check> {
  const t = text(value);
  if ('message' in t) return t;
  let url: URL;
  try {
    url = new URL(value as string);
  } catch {
    return { message: 'is not a URL; shown as text, never opened' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { message: `is a ${url.protocol} link, not http(s); shown as text, never opened or fetched` };
  }
  if (url.username || url.password) return { message: 'carries a user name or password; never opened or fetched' };
  return t;
}

function noCluster(value: unknown): ReturnType<Check> {
  // Covalent writes the string "true"/"false" and tests `== "true"`; a TOML boolean is accepted too.
  if (value === 'true' || value === true) return { value: true };
  if (value === 'false' || value === false) return { value: false };
  return { message: 'should be "true" or "false"' };
}

interface Field {
  key: ConfigKey;
  table: 'dask' | 'sdk' | 'user_interface';
  name: string;
  check: Check;
  /** A bad value here stops the monitor from knowing the cluster's state: status config-error. */
  monitored: boolean;
}

const PID_MAX = 2 ** 31 - 1;
const FIELDS: readonly Field[] = [
  { key: 'cacheDir', table: 'dask', name: 'cache_dir', check: text, monitored: false },
  { key: 'logDir', table: 'dask', name: 'log_dir', check: text, monitored: false },
  { key: 'memPerWorker', table: 'dask', name: 'mem_per_worker', check: memPerWorker, monitored: true },
  {
    key: 'threadsPerWorker',
    table: 'dask',
    name: 'threads_per_worker',
    check: integer(1, 65536, 'a thread count'),
    monitored: true,
  },
  {
    key: 'numWorkers',
    table: 'dask',
    name: 'num_workers',
    check: integer(0, 65536, 'a worker count'),
    monitored: true,
  },
  { key: 'schedulerAddress', table: 'dask', name: 'scheduler_address', check: schedulerAddress, monitored: true },
  { key: 'dashboardLink', table: 'dask', name: 'dashboard_link', check: dashboardLink, monitored: true },
  { key: 'processInfo', table: 'dask', name: 'process_info', check: text, monitored: false },
  { key: 'pid', table: 'dask', name: 'pid', check: integer(1, PID_MAX, 'a process id'), monitored: true },
  { key: 'adminHost', table: 'dask', name: 'admin_host', check: text, monitored: false },
  { key: 'adminPort', table: 'dask', name: 'admin_port', check: integer(1, 65535, 'a port'), monitored: false },
  { key: 'noCluster', table: 'sdk', name: 'no_cluster', check: noCluster, monitored: true },
  { key: 'uiAddress', table: 'user_interface', name: 'address', check: text, monitored: false },
  { key: 'uiPort', table: 'user_interface', name: 'port', check: integer(1, 65535, 'a port'), monitored: false },
];

const MONITORED = new Set(FIELDS.filter((f) => f.monitored).map((f) => `${f.table}.${f.name}`));
MONITORED.add('dask').add('sdk');

/** Whether an issue stops the monitor from trusting what it needs (then the status is config-error). */
export function isMonitoredIssue(issue: ConfigIssue): boolean {
  return MONITORED.has(issue.tomlKey);
}

export function emptyConfig(): CovalentConfig {
  return {
    cacheDir: null,
    logDir: null,
    memPerWorker: null,
    threadsPerWorker: null,
    numWorkers: null,
    schedulerAddress: null,
    dashboardLink: null,
    processInfo: null,
    pid: null,
    adminHost: null,
    adminPort: null,
    noCluster: null,
    uiAddress: null,
    uiPort: null,
  };
}

/** Parses the file's text. Missing keys are null; present but unusable ones are null plus an issue. */
export function parseCovalentConfig(source: string): ConfigParse {
  let doc: Record<string, unknown>;
  try {
    // Integers as BigInt: a 64-bit value (valid TOML) is then a bad value of one key, not an unreadable file.
    doc = toml.parse(source, { bigint: true }) as Record<string, unknown>;
  } catch (err) {
    return { ok: false, error: describeTomlError(err) };
  }
  const config = emptyConfig();
  const issues: ConfigIssue[] = [];
  const tables = new Map<string, Record<string, unknown> | null>();
  for (const name of ['dask', 'sdk', 'user_interface'] as const) {
    const table = doc[name];
    if (table === undefined) {
      tables.set(name, null);
    } else if (isTable(table)) {
      tables.set(name, table);
    } else {
      tables.set(name, null);
      issues.push({ key: null, tomlKey: name, value: shortText(table), message: `[${name}] should be a table` });
    }
  }
  for (const field of FIELDS) {
    const table = tables.get(field.table);
    if (!table || !Object.hasOwn(table, field.name)) continue;
    const raw = table[field.name];
    const checked = field.check(raw);
    if ('message' in checked) {
      issues.push({
        key: field.key,
        tomlKey: `${field.table}.${field.name}`,
        value: shortText(raw),
        message: `[${field.table}] ${field.name} ${checked.message}`,
      });
    } else {
      (config as unknown as Record<ConfigKey, unknown>)[field.key] = checked.value;
    }
  }
  return { ok: true, config, issues };
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function describeType(value: unknown): string {
  if (typeof value === 'string') return `the text ${shortText(value)}`;
  if (typeof value === 'bigint') return `the number ${value}`;
  if (typeof value === 'number')
    return Number.isInteger(value)
      ? `the number ${value}`
      : Number.isFinite(value)
        ? `the fraction ${value}`
        : `the value ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (value instanceof Date) return 'a date';
  if (Array.isArray(value)) return 'an array';
  return 'a table';
}

/** The raw value as display text: quoted strings, bounded length, control characters escaped. */
export function shortText(value: unknown, max = 120): string {
  let s: string;
  if (value instanceof Date) s = value.toISOString();
  else if (typeof value === 'string') s = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') s = String(value);
  else
    s =
      JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? (isSafe(v) ? Number(v) : String(v)) : v)) ??
      String(value);
  return truncate(escapeControls(s), max);
}

function isSafe(n: bigint): boolean {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= -BigInt(Number.MAX_SAFE_INTEGER);
}

/** Control characters (and line separators) written as \uXXXX, so text cannot drive a terminal. */
export function escapeControls(value: string): string {
  return value.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function describeTomlError(err: unknown): ConfigError {
  const e = err as {
    message?: unknown;
    line?: unknown;
    column?: unknown;
    location?: { start?: { line?: unknown; column?: unknown } };
  };
  const line = typeof e.line === 'number' ? e.line : e.location?.start?.line;
  const column = typeof e.column === 'number' ? e.column : e.location?.start?.column;
  const message = typeof e.message === 'string' ? e.message : String(err);
  return {
    message: truncate(escapeControls(message), 300),
    line: typeof line === 'number' ? line : null,
    column: typeof column === 'number' ? column : null,
  };
}
