/**
 * Restart the workers, or scale the cluster, through Covalent's admin server: each behind a
 * confirmation that says what will happen (shared/cluster-action-text.ts, the menu's words too).
 */
import { useState } from 'preact/hooks';
import { type Confirmation, restartConfirmation, scaleConfirmation } from '../shared/cluster-action-text';
import { MAX_SCALE_WORKERS } from '../shared/ipc-contract';

export interface ClusterActionsProps {
  workers: number;
  /** Why the actions cannot be taken now, if they cannot (no cluster, no admin server). */
  unavailable: string | null;
  onRestart(): void;
  onScale(size: number): void;
}

type Pending = { kind: 'restart'; text: Confirmation } | { kind: 'scale'; size: number; text: Confirmation };

export function ClusterActions({ workers, unavailable, onRestart, onScale }: ClusterActionsProps) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [size, setSize] = useState(Math.max(1, workers));
  const go = () => {
    if (pending?.kind === 'restart') onRestart();
    else if (pending?.kind === 'scale') onScale(pending.size);
    setPending(null);
  };
  return (
    <section class="cluster-actions" aria-labelledby="cluster-actions-title">
      <div class="section-head">
        <h2 id="cluster-actions-title">Cluster</h2>
        {unavailable && <span class="section-head__aside">{unavailable}</span>}
      </div>
      {pending ? (
        <div class="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-detail">
          <p id="confirm-title" class="confirm__title">
            {pending.text.title}
          </p>
          <p id="confirm-detail" class="confirm__detail">
            {pending.text.detail}
          </p>
          <div class="confirm__buttons">
            <button type="button" class="action action--primary" onClick={go}>
              {pending.text.confirm}
            </button>
            <button type="button" class="action" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div class="cluster-actions__buttons">
          <button
            type="button"
            class="action"
            disabled={unavailable !== null}
            onClick={() => setPending({ kind: 'restart', text: restartConfirmation(workers) })}
          >
            Restart workers…
          </button>
          <label class="cluster-actions__scale">
            <span>Workers</span>
            <input
              type="number"
              min={1}
              max={MAX_SCALE_WORKERS}
              step={1}
              value={size}
              disabled={unavailable !== null}
              onInput={(e) => setSize(Number((e.currentTarget as HTMLInputElement).value))}
            />
          </label>
          <button
            type="button"
            class="action"
            disabled={
              unavailable !== null ||
              !Number.isInteger(size) ||
              size < 1 ||
              size > MAX_SCALE_WORKERS ||
              size === workers
            }
            onClick={() => setPending({ kind: 'scale', size, text: scaleConfirmation(workers, size) })}
          >
            Scale…
          </button>
        </div>
      )}
    </section>
  );
}
