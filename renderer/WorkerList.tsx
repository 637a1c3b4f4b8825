/** The workers section: one row per worker (or the nearest their limit, and a count of the rest). */
import type { WorkerSample, WorkflowRef } from '../shared/snapshot';
import { DASK_THRESHOLDS } from '../shared/dask-thresholds';
import { WorkerRow } from './WorkerRow';
import { MAX_WORKER_ROWS, selectWorkerRows, workerKey } from './worker-view';

export interface WorkerListProps {
  workers: readonly WorkerSample[];
  /** Workers the config asks for (num_workers), if known. */
  expected: number | null;
  alertFraction: number;
  /** Whether a cluster runs: no rows then reads "no cluster running", not "no workers". */
  running: boolean;
  /** The snapshot's time and the sampling interval, for the age of Dask's word on each worker. */
  sampledAt: string;
  intervalMs: number;
  onLogs?(address: string, label: string): void;
  /** Covalent's workflows by dispatch id, to name the workflow a worker's task belongs to. */
  workflows?: readonly WorkflowRef[];
  maxRows?: number;
}

const LEGEND = DASK_THRESHOLDS.map((t) => `${Math.round(t.fraction * 100)} % ${t.name}`).join(' · ');

export function WorkerList({
  workers,
  expected,
  alertFraction,
  running,
  sampledAt,
  intervalMs,
  onLogs,
  workflows,
  maxRows = MAX_WORKER_ROWS,
}: WorkerListProps) {
  const view = selectWorkerRows(workers, maxRows);
  const count = expected !== null && running ? `${workers.length} of ${expected}` : String(workers.length);
  return (
    <section class="workers" aria-labelledby="workers-title">
      <div class="section-head">
        <h2 id="workers-title">Workers</h2>
        <span class="section-head__aside workers__count">{count}</span>
      </div>
      <p class="workers__legend" title="Dask's thresholds of process memory against the worker's limit">
        Marks: {LEGEND}
      </p>
      <ul class="workers__list" data-order={view.order} aria-label="Workers">
        {view.rows.map((w) => (
          <WorkerRow
            key={workerKey(w)}
            worker={w}
            alertFraction={alertFraction}
            sampledAt={sampledAt}
            intervalMs={intervalMs}
            onLogs={onLogs}
            workflows={workflows}
          />
        ))}
        {view.rows.length === 0 && <li class="workers__empty">{running ? 'No workers' : 'No cluster running'}</li>}
        {view.hidden > 0 && (
          <li class="workers__more" data-hidden={view.hidden}>
            and {view.hidden} more, further from their limit
          </li>
        )}
      </ul>
    </section>
  );
}
