/** The copy and open buttons beside the config fields, each one call of the preload API. */
import type { CopyTarget, PathTarget } from '../shared/ipc-contract';
import type { ConfigKey } from '../shared/snapshot';

export type FieldAction =
  | { kind: 'copy'; target: CopyTarget }
  | { kind: 'open-path'; target: PathTarget }
  | { kind: 'open-dashboard' };

/** The fields issue 4 names: copy the scheduler address and paths, open the dashboard, the log and cache folders. */
export const FIELD_ACTIONS: Partial<Record<ConfigKey, readonly FieldAction[]>> = {
  cacheDir: [
    { kind: 'copy', target: 'cacheDir' },
    { kind: 'open-path', target: 'cacheDir' },
  ],
  logDir: [
    { kind: 'copy', target: 'logDir' },
    { kind: 'open-path', target: 'logDir' },
  ],
  schedulerAddress: [{ kind: 'copy', target: 'schedulerAddress' }],
  dashboardLink: [{ kind: 'copy', target: 'dashboardLink' }, { kind: 'open-dashboard' }],
};

/** The button's visible word. */
export function actionVerb(action: FieldAction): 'Copy' | 'Open' {
  return action.kind === 'copy' ? 'Copy' : 'Open';
}
