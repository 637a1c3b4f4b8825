/**
 * Dask's per-worker memory limit, computed from Covalent's mem_per_worker exactly as
 * distributed.worker_memory.parse_memory_limit and dask.utils.parse_bytes do.
 */

export type MemoryLimit =
  | { kind: 'bytes'; bytes: number }
  | { kind: 'unlimited' }
  | { kind: 'invalid'; message: string };

export interface MachineMemory {
  /** Dask's system.MEMORY_LIMIT: the least of total RAM, the cgroup limit and RLIMIT_RSS. */
  totalBytes: number;
  /** Dask's CPU_COUNT. */
  cpuCount: number;
}

// dask.utils.byte_sizes, with the same derived short forms ("k", "m", "ki", "mi", …).
const BYTE_SIZES: ReadonlyMap<string, number> = (() => {
  const base: Record<string, number> = {
    kb: 1e3,
    mb: 1e6,
    gb: 1e9,
    tb: 1e12,
    pb: 1e15,
    kib: 2 ** 10,
    mib: 2 ** 20,
    gib: 2 ** 30,
    tib: 2 ** 40,
    pib: 2 ** 50,
    b: 1,
    '': 1,
  };
  const sizes = new Map(Object.entries(base));
  for (const [k, v] of Object.entries(base)) {
    if (k && !k.includes('i')) sizes.set(k[0]!, v);
  }
  for (const [k, v] of [...sizes]) {
    if (k?.includes('i')) sizes.set(k.slice(0, -1), v);
  }
  return sizes;
})();

// Python's float() grammar for finite decimals (digits may be grouped with underscores).
const DIGITS = String.raw`\d(?:_?\d)*`;
const PY_FLOAT = new RegExp(String.raw`^[+-]?(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
const PY_NONFINITE = /^[+-]?(?:inf|infinity|nan)$/i;

/** Python's float(str): a number, NaN/±Infinity for "nan"/"inf", or null where Python raises ValueError. */
export function parsePythonFloat(text: string): number | null {
  const s = text.trim();
  if (PY_NONFINITE.test(s)) {
    const lower = s.toLowerCase();
    if (lower.endsWith('nan')) return NaN;
    return lower.startsWith('-') ? -Infinity : Infinity;
  }
  if (!PY_FLOAT.test(s)) return null;
  return Number(s.replaceAll('_', ''));
}

/** dask.utils.parse_bytes: "4GB" → 4000000000, "1kiB" → 1024; throws with Dask's own message. */
export function parseBytes(input: string): number {
  let s = input.replaceAll(' ', '');
  if (!/\p{Nd}/u.test(s)) s = `1${s}`;
  let index = s.length;
  while (index > 0 && /\p{L}/u.test(s[index - 1]!)) index--;
  const prefix = s.slice(0, index);
  const suffix = s.slice(index);
  const n = parsePythonFloat(prefix);
  if (n === null) throw new Error(`Could not interpret '${prefix}' as a number`);
  const multiplier = BYTE_SIZES.get(suffix.toLowerCase());
  if (multiplier === undefined) throw new Error(`Could not interpret '${suffix}' as a byte unit`);
  const result = n * multiplier;
  if (!Number.isFinite(result)) throw new Error(`'${input}' is not a finite size`);
  return Math.trunc(result);
}

/**
 * distributed.worker_memory.parse_memory_limit for one worker with `nthreads` threads.
 * Where Dask would crash or use a negative limit, this says invalid instead.
 */
export function parseMemoryLimit(memPerWorker: string | number, nthreads: number, machine: MachineMemory): MemoryLimit {
  const total = machine.totalBytes;
  let value: string | number = memPerWorker;
  if (value === 'auto') value = Math.trunc(total * Math.min(1, nthreads / machine.cpuCount));

  const asFloat = typeof value === 'number' ? value : parsePythonFloat(value);
  let bytes: number;
  if (asFloat !== null) {
    if (Number.isNaN(asFloat) || !Number.isFinite(asFloat)) {
      return { kind: 'invalid', message: `${JSON.stringify(memPerWorker)} is not a finite memory size` };
    }
    bytes = asFloat <= 1 ? Math.trunc(asFloat * total) : Math.trunc(asFloat);
  } else {
    try {
      bytes = parseBytes(value as string);
    } catch (err) {
      return {
        kind: 'invalid',
        message: `${JSON.stringify(memPerWorker)} is not a memory size Dask understands (${(err as Error).message})`,
      };
    }
  }
  if (bytes === 0) return { kind: 'unlimited' };
  if (bytes < 0) return { kind: 'invalid', message: `${JSON.stringify(memPerWorker)} is a negative memory size` };
  return { kind: 'bytes', bytes: Math.min(bytes, total) };
}
