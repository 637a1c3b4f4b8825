/** The recent alerts, newest first. */
import type { Alert } from '../shared/snapshot';
import { formatClock } from '../shared/format';
import { alertTone, recentAlerts } from './alert-display';

export function AlertList({ alerts }: { alerts: readonly Alert[] }) {
  const shown = recentAlerts(alerts);
  return (
    <section class="alerts" aria-labelledby="alerts-title">
      <div class="section-head">
        <h2 id="alerts-title">Recent alerts</h2>
        {alerts.length > shown.length && (
          <span class="section-head__aside">
            newest {shown.length} of {alerts.length}
          </span>
        )}
      </div>
      {shown.length === 0 ? (
        <p class="alerts__empty">None</p>
      ) : (
        <ol class="alerts__list">
          {shown.map((a) => (
            <li
              key={`${a.at} ${a.kind} ${a.worker ?? ''} ${a.message}`}
              class={`alert alert--${alertTone(a.kind)}`}
              data-kind={a.kind}
            >
              <time class="alert__time" dateTime={a.at}>
                {formatClock(a.at)}
              </time>
              <span class="alert__message">{a.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
