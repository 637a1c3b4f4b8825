/** The user's preferences the panel can change: how often to look, when to warn, whether to notify. */
import { DASK_MEMORY } from '../shared/dask-thresholds';
import type { Prefs } from '../shared/prefs';

/** The choices offered; main accepts any value in range (shared/prefs.ts PREF_LIMITS). */
export const INTERVAL_CHOICES = [0.5, 1, 2, 5, 10, 30];
export const ALERT_CHOICES = [0.6, 0.7, 0.75, 0.8, 0.85, 0.9];
const WORKFLOW_ENDINGS = [
  ['notifyWorkflowCompleted', 'completes'],
  ['notifyWorkflowFailed', 'fails'],
  ['notifyWorkflowCancelled', 'is cancelled'],
] as const;

/** The choices, plus the current value if it is not one of them (set in the file by hand). */
function withCurrent(choices: readonly number[], current: number): number[] {
  return choices.includes(current) ? [...choices] : [...choices, current].sort((a, b) => a - b);
}

export function Preferences({ prefs, onChange }: { prefs: Prefs; onChange: (patch: Partial<Prefs>) => void }) {
  return (
    <details class="prefs">
      <summary class="prefs__summary">Preferences</summary>
      <div class="prefs__body">
        <label class="prefs__row">
          <span>Look every</span>
          <select
            value={String(prefs.intervalSeconds)}
            onChange={(e) => onChange({ intervalSeconds: Number(e.currentTarget.value) })}
          >
            {withCurrent(INTERVAL_CHOICES, prefs.intervalSeconds).map((s) => (
              <option key={s} value={String(s)}>
                {s} s
              </option>
            ))}
          </select>
        </label>
        <label class="prefs__row">
          <span>Warn at</span>
          <select
            value={String(prefs.alertFraction)}
            onChange={(e) => onChange({ alertFraction: Number(e.currentTarget.value) })}
          >
            {withCurrent(ALERT_CHOICES, prefs.alertFraction).map((f) => (
              <option key={f} value={String(f)}>
                {Math.round(f * 100)} % of the limit{f === DASK_MEMORY.pause ? ' (Dask pauses)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label class="prefs__row prefs__row--check">
          <input
            type="checkbox"
            checked={prefs.notifications}
            onChange={(e) => onChange({ notifications: e.currentTarget.checked })}
          />
          <span>Show notifications</span>
        </label>
        <fieldset class="prefs__group" disabled={!prefs.notifications}>
          <legend>Notify when a workflow</legend>
          {WORKFLOW_ENDINGS.map(([key, label]) => (
            <label key={key} class="prefs__row prefs__row--check">
              <input
                type="checkbox"
                checked={prefs[key]}
                onChange={(e) => onChange({ [key]: e.currentTarget.checked })}
              />
              <span>{label}</span>
            </label>
          ))}
        </fieldset>
      </div>
    </details>
  );
}
