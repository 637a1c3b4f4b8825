/** The workers the nanny restarted lately: which, when, why, and what each was running. */
import { formatClock } from '../shared/format';
import type { Alert } from '../shared/snapshot';
import { recentRestarts, restartCauseText, restartTasksText } from './restart-display';

export function RecentRestarts({ alerts }: { alerts: readonly Alert[] }) {
  const shown = recentRestarts(alerts);
  if (shown.length === 0) return null;
  return (
    <section class="restarts" aria-labelledby="restarts-title">
      <div class="section-head">
        <h2 id="restarts-title">Recent restarts</h2>
      </div>
      <ol class="restarts__list">
        {shown.map((a) => (
          <li key={`${a.at} ${a.restart.oldPid}`} class="restart" data-cause={a.restart.cause}>
            <div class="restart__head">
              <time class="alert__time" dateTime={a.at}>
                {formatClock(a.at)}
              </time>
              <span class="restart__worker">
                worker {a.worker} · pid {a.restart.oldPid} → {a.restart.newPid}
              </span>
            </div>
            <p class="restart__cause">{restartCauseText(a.restart)}</p>
            <p class="restart__tasks">{restartTasksText(a.restart, a.workflows)}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
