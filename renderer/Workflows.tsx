/** Covalent's workflows: what runs (electrons done as a bar, for how long), what ended last, the totals; each opens its page in the Covalent UI. */
import { formatClock, formatDuration } from '../shared/format';
import type { DispatchInfo, WorkflowsSample } from '../shared/snapshot';

export interface WorkflowsProps {
  workflows: WorkflowsSample;
  /** The sample's time: how long a running workflow has run. */
  sampledAt: string;
  onOpen(dispatch: DispatchInfo): void;
}

const STATUS_WORDS: Record<DispatchInfo['status'], string> = {
  NEW_OBJECT: 'new',
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  POSTPROCESSING: 'postprocessing',
  PENDING_POSTPROCESSING: 'pending postprocessing',
  POSTPROCESSING_FAILED: 'postprocessing failed',
};

/** The head's summary: what runs and how the rest ended, or why the server is not heard. */
export function workflowsAside(w: WorkflowsSample): string {
  if (w.reachable === false) return "Covalent's server does not answer";
  if (!w.totals) return w.reachable === null ? 'asking Covalent’s server…' : '';
  const t = w.totals;
  // Short enough for the head: failures and cancellations only where there are any.
  return [
    t.running > 0 ? `${t.running} running` : null,
    `${t.completed} completed`,
    t.failed > 0 ? `${t.failed} failed` : null,
    t.cancelled > 0 ? `${t.cancelled} cancelled` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

function runningFor(d: DispatchInfo, sampledAt: string): string {
  const ms = d.startedAt ? Date.parse(sampledAt) - Date.parse(d.startedAt) : d.runtimeMs;
  return `running ${formatDuration(ms !== null && ms >= 0 ? ms : d.runtimeMs)}`;
}

function Progress({ d }: { d: DispatchInfo }) {
  if (d.electrons === null || d.electronsDone === null || d.electrons === 0) return null;
  return (
    <div
      class="dispatch__bar"
      role="progressbar"
      aria-label={`Electrons of ${d.name} done`}
      aria-valuemin={0}
      aria-valuemax={d.electrons}
      aria-valuenow={d.electronsDone}
      aria-valuetext={`${d.electronsDone} of ${d.electrons} electrons done`}
      title="Covalent counts a workflow's parameters and its postprocessing as electrons too"
    >
      <div class="dispatch__fill" style={{ '--scale': d.electronsDone / d.electrons }} />
    </div>
  );
}

function Row({ d, detail, onOpen }: { d: DispatchInfo; detail: string; onOpen(d: DispatchInfo): void }) {
  return (
    <li class="dispatch" data-status={d.status} data-dispatch-id={d.id}>
      <button
        type="button"
        class="dispatch__open"
        title={`Open ${d.name} (${d.id}) in the Covalent UI`}
        onClick={() => onOpen(d)}
      >
        <span class="dispatch__name">{d.name}</span>
        <span class="dispatch__status">{STATUS_WORDS[d.status]}</span>
      </button>
      {d.status === 'RUNNING' && <Progress d={d} />}
      <p class="dispatch__detail">{detail}</p>
    </li>
  );
}

export function Workflows({ workflows: w, sampledAt, onOpen }: WorkflowsProps) {
  if (!w.url) return null;
  const more = w.runningCount - w.running.length;
  return (
    <section class="workflows" aria-labelledby="workflows-title">
      <div class="section-head">
        <h2 id="workflows-title">Workflows</h2>
        <span class="section-head__aside" data-reachable={String(w.reachable)}>
          {workflowsAside(w)}
        </span>
      </div>
      {w.problem && (
        <p class="note note--small" data-note="workflows-problem">
          {w.problem}
        </p>
      )}
      {w.totals?.all === 0 && <p class="note note--small">No workflow has been dispatched to this server yet.</p>}
      {(w.running.length > 0 || w.recent.length > 0) && (
        <ol class="workflows__list">
          {w.running.map((d) => (
            <Row
              key={d.id}
              d={d}
              onOpen={onOpen}
              detail={`${d.electronsDone ?? '—'} of ${d.electrons ?? '—'} electrons · ${runningFor(d, sampledAt)}`}
            />
          ))}
          {more > 0 && <li class="note note--small">and {more} more running</li>}
          {w.recent.map((d) => (
            <Row
              key={d.id}
              d={d}
              onOpen={onOpen}
              detail={`ended ${d.endedAt ? formatClock(d.endedAt) : '—'}${d.runtimeMs !== null ? ` · after ${formatDuration(d.runtimeMs)}` : ''}`}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
