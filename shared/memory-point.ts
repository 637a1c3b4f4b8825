/** Points of total worker memory over the last minutes, for the panel's sparkline: the shape, and how one is added. */
import type { Snapshot } from './snapshot';
import { totalWorkerMemory } from './worker-summary';

export interface MemoryPoint {
  /** ms since the epoch. */
  t: number;
  /** Sum of the workers' process memory; null while no cluster runs. */
  bytes: number | null;
}

export const HISTORY_SPAN_MS = 10 * 60 * 1000;

/** The point a snapshot adds to the history. */
export function memoryPointOf(snapshot: Snapshot): MemoryPoint {
  const running = snapshot.scheduler?.alive === true;
  const bytes = running ? totalWorkerMemory(snapshot.workers) : null;
  return { t: Date.parse(snapshot.sampledAt), bytes };
}

/** Appends `point` and drops what is older than the span (the list stays sorted by time). */
export function appendPoint(
  points: readonly MemoryPoint[],
  point: MemoryPoint,
  spanMs = HISTORY_SPAN_MS,
): MemoryPoint[] {
  const from = point.t - spanMs;
  let first = 0;
  while (first < points.length && points[first]!.t < from) first++;
  const last = points.at(-1);
  if (last && point.t < last.t) return points.slice(first); // out of order: ignore it
  return [...points.slice(first), point];
}
