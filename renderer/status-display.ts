/** The words on the status pill. */
import type { ClusterStatus } from '../shared/snapshot';

export const STATUS_LABELS: Record<ClusterStatus, string> = {
  running: 'Running',
  degraded: 'Degraded',
  stopped: 'Stopped',
  'no-cluster': 'No cluster',
  'not-configured': 'Not configured',
  'config-error': 'Config error',
};
