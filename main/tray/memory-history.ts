/** Main's memory history: the points the panel's sparkline starts from when it opens. */
import { HISTORY_SPAN_MS, type MemoryPoint, appendPoint, memoryPointOf } from '../../shared/memory-point';
import type { Snapshot } from '../../shared/snapshot';

export interface MemoryHistory {
  add(s: Snapshot): void;
  points(): MemoryPoint[];
}

export function createMemoryHistory(spanMs = HISTORY_SPAN_MS): MemoryHistory {
  let points: MemoryPoint[] = [];
  return {
    add(s) {
      points = appendPoint(points, memoryPointOf(s), spanMs);
    },
    points: () => [...points],
  };
}
