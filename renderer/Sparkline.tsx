/** Total worker memory over the last 10 minutes, as a line, with its latest and highest figures. */
import { formatBytes } from '../shared/format';
import type { MemoryPoint } from '../shared/memory-point';
import { sparklinePath, summarizeMemory } from './sparkline-path';

const WIDTH = 356;
const HEIGHT = 36;
// Room above and below the line for its stroke.
const VIEW_BOX = `0 -2 ${WIDTH} ${HEIGHT + 4}`;

export function Sparkline({ points }: { points: readonly MemoryPoint[] }) {
  const { now, peak } = summarizeMemory(points);
  const figures = `now ${formatBytes(now)} · peak ${formatBytes(peak)}`;
  const line = sparklinePath(points, WIDTH, HEIGHT);
  return (
    <section class="sparkline" aria-labelledby="sparkline-title">
      <div class="section-head">
        <h2 id="sparkline-title">Worker memory</h2>
        <span class="section-head__aside">{figures}</span>
      </div>
      <svg
        class="sparkline__chart"
        viewBox={VIEW_BOX}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Total worker memory over the last 10 minutes: ${figures}`}
      >
        <path class="sparkline__line" d={line} />
      </svg>
      <div class="sparkline__axis" aria-hidden="true">
        <span>10 min ago</span>
        <span>now</span>
      </div>
    </section>
  );
}
