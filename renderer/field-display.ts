/** How one field of Covalent's Dask Cluster settings page reads in the panel: value, "not set", invalid, stale. */
import type { CONFIG_FIELDS } from '../shared/config-fields';
import type { Snapshot } from '../shared/snapshot';

export type ConfigField = (typeof CONFIG_FIELDS)[number];

export const NOT_SET = 'not set';
export const STALE_TITLE = 'Left from a cluster that is not running: covalent stop leaves these keys in the file';

export type FieldDisplay =
  | { kind: 'value'; text: string; stale: boolean }
  | { kind: 'not-set'; text: typeof NOT_SET; stale: false }
  /** In the file but unusable: its raw text, and why. */
  | { kind: 'invalid'; text: string; message: string; stale: boolean };

export function displayField(
  snapshot: Pick<Snapshot, 'config' | 'configIssues' | 'runtimeKeysStale'>,
  field: ConfigField,
): FieldDisplay {
  const stale = field.runtime && snapshot.runtimeKeysStale;
  const issue = snapshot.configIssues.find((i) => i.key === field.key);
  if (issue) return { kind: 'invalid', text: issue.value, message: issue.message, stale };
  const value = snapshot.config?.[field.key] ?? null;
  if (value === null) return { kind: 'not-set', text: NOT_SET, stale: false };
  return { kind: 'value', text: String(value), stale };
}

/** Whether an action on the field has a value to act on (main checks again, and says why not). */
export function isActionable(display: FieldDisplay): boolean {
  return display.kind === 'value';
}
