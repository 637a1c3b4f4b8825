/** The cluster's status as a coloured pill, with the one sentence that explains it. */
import type { ClusterStatus } from '../shared/snapshot';
import { STATUS_LABELS } from './status-display';

export interface StatusPillProps {
  /** null until the first snapshot arrives. */
  status: ClusterStatus | null;
  reason: string;
}

export function StatusPill({ status, reason }: StatusPillProps) {
  return (
    <div class="status" role="status" aria-live="polite" data-status={status ?? 'waiting'}>
      <span class={`pill pill--${status ?? 'waiting'}`}>{status ? STATUS_LABELS[status] : 'Waiting'}</span>
      <p class="status__reason" title={reason}>
        {reason}
      </p>
    </div>
  );
}
