/** The sparkline of total worker memory: an SVG path over the last minutes, and its figures. */
import { HISTORY_SPAN_MS, type MemoryPoint } from '../shared/memory-point';

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Path data for `points` in a width × height box: time runs left to right over the `spanMs` that end
 * at the newest point, bytes bottom to top from 0 to the highest value. A gap (no cluster) breaks
 * the line; a lone point becomes a dot (a zero-length segment drawn with round caps).
 */
export function sparklinePath(
  points: readonly MemoryPoint[],
  width: number,
  height: number,
  spanMs = HISTORY_SPAN_MS,
): string {
  const end = points.at(-1)?.t;
  if (end === undefined) return '';
  const start = end - spanMs;
  const shown = points.filter((p) => p.t >= start);
  const max = Math.max(1, ...shown.map((p) => p.bytes ?? 0));
  const parts: string[] = [];
  let open = false;
  for (const p of shown) {
    if (p.bytes === null) {
      open = false;
      continue;
    }
    const x = round(((p.t - start) / spanMs) * width);
    const y = round(height - (p.bytes / max) * height);
    parts.push(`${open ? 'L' : 'M'}${x} ${y}`);
    open = true;
  }
  // A segment of one point gets a zero-length line so that its round cap shows.
  return parts.map((part, i) => (part.startsWith('M') && !parts[i + 1]?.startsWith('L') ? `${part}h0` : part)).join('');
}

export interface MemorySummary {
  /** The newest total, null while no cluster runs. */
  now: number | null;
  /** The highest total in the span, null when there is none. */
  peak: number | null;
}

export function summarizeMemory(points: readonly MemoryPoint[], spanMs = HISTORY_SPAN_MS): MemorySummary {
  const last = points.at(-1);
  if (!last) return { now: null, peak: null };
  const values = points.filter((p) => p.t >= last.t - spanMs && p.bytes !== null).map((p) => p.bytes!);
  return { now: last.bytes, peak: values.length > 0 ? Math.max(...values) : null };
}
