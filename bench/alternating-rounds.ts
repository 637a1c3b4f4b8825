/**
 * Runs variants of one measurement in rounds: each round runs every variant once, in an order
 * shuffled afresh each round (from a fixed seed, so runs repeat), so drift hits all variants alike
 * and none always follows the same other one and pays for its aftermath (its garbage, its children).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Cost, measure } from './cpu-clock';
import { formatMs } from './report';
import { type Summary, summarize } from './stats';

export interface Variant {
  key: string;
  label: string;
  /** One sample; sets `problem` when what it sampled is not the real thing. */
  run(): Promise<void>;
  /** Why the last run did not measure what it should (null: it did). Starts non-null: not run yet. */
  problem: string | null;
  /** Least time from the end of one run of this variant to the start of its next. */
  spacingMs?: number;
  costs: Cost[];
  /** Recorded runs that had a problem (a timed-out poll on a busy machine): reported, and kept. */
  flawed: number;
}

export function variant(
  key: string,
  label: string,
  run: (self: Variant) => Promise<void>,
  spacingMs?: number,
): Variant {
  const v: Variant = { key, label, run: () => run(v), problem: 'not run yet', costs: [], flawed: 0, spacingMs };
  return v;
}

/**
 * Idle time before each run. The monitor samples once a second and idles in between, and a process
 * that just ran does the same work for less CPU (warm caches: on the 2-core VM a Dask poll costs
 * half as much 5 ms after the last one as 100 ms or more after it). So each run follows 200 ms
 * of idleness, past which the cost no longer changes, and each variant runs about once a second.
 */
export const IDLE_BEFORE_RUN_MS = 200;

export interface RoundOptions {
  rounds: number;
  /** Unrecorded rounds first (JIT, caches, keep-alive sockets); more while a variant has a problem. */
  warmupRounds: number;
  /** Longest warm-up before a variant that still has a problem counts as broken. */
  warmupLimitMs: number;
}

function problems(variants: readonly Variant[]): string {
  return variants
    .filter((v) => v.problem)
    .map((v) => `${v.key}: ${v.problem}`)
    .join('; ');
}

/** mulberry32: a small seeded generator, enough to shuffle a handful of variants. */
function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runAlternating(variants: readonly Variant[], options: RoundOptions): Promise<void> {
  const freeAt = new Map<Variant, number>();
  const random = seededRandom(5);
  async function round(record: boolean) {
    const order = [...variants];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const v of order) {
      await sleep(IDLE_BEFORE_RUN_MS);
      await sleep(Math.max(0, (freeAt.get(v) ?? 0) - performance.now()));
      const cost = await measure(v.run);
      if (v.spacingMs) freeAt.set(v, performance.now() + v.spacingMs);
      if (!record) continue;
      v.costs.push(cost);
      if (v.problem) v.flawed++;
    }
  }
  const deadline = performance.now() + options.warmupLimitMs;
  for (let r = 0; r < options.warmupRounds || variants.some((v) => v.problem); r++) {
    if (performance.now() > deadline)
      throw new Error(`a variant does not measure the real thing: ${problems(variants)}`);
    await round(false);
  }
  for (let r = 0; r < options.rounds; r++) await round(true);
  // A few flawed runs are the machine's doing; most of them means the benchmark no longer measures.
  const broken = variants.filter((v) => v.flawed > options.rounds / 2);
  if (broken.length) throw new Error(`a variant stopped measuring the real thing: ${problems(broken)}`);
}

/** Each variant's CPU or wall time, summed up, by key. */
export function summaries(variants: readonly Variant[], pick: 'cpuMs' | 'wallMs'): Record<string, Summary> {
  return Object.fromEntries(variants.map((v) => [v.key, summarize(v.costs.map((c) => c[pick]))]));
}

/** A table row's first cells: the variant, then CPU and wall, median and p95. */
export function costCells(cost: Variant, cpu: Record<string, Summary>, wall: Record<string, Summary>): string[] {
  return [
    `${cost.key}: ${cost.label}`,
    formatMs(cpu[cost.key]!.median),
    formatMs(cpu[cost.key]!.p95),
    formatMs(wall[cost.key]!.median),
    formatMs(wall[cost.key]!.p95),
  ];
}
