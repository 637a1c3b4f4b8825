/**
 * Which Covalent workflows a worker's alert concerns: the dispatches its task keys name
 * ("dask_job_<dispatch id>:<electron>"), by the names Covalent's server listed them under. A key
 * that names no dispatch, or one the server has not listed, adds nothing: never a guess.
 */
import type { Alert, WorkerSample, WorkflowRef } from '../../../shared/snapshot';
import { describeTask } from '../../../shared/task-names';

export function workflowsOf(keys: readonly string[], nameOf: (dispatchId: string) => string | null): WorkflowRef[] {
  const refs: WorkflowRef[] = [];
  for (const { dispatchId } of keys.map(describeTask)) {
    if (dispatchId === null || refs.some((r) => r.id === dispatchId)) continue;
    const name = nameOf(dispatchId);
    if (name !== null) refs.push({ id: dispatchId, name });
  }
  return refs;
}

/** The dispatches whose tasks the workers run, by their keys. */
export function dispatchesOf(workers: readonly Pick<WorkerSample, 'tasks'>[]): string[] {
  const ids = new Set<string>();
  for (const w of workers)
    for (const key of w.tasks ?? []) {
      const id = describeTask(key).dispatchId;
      if (id !== null) ids.add(id);
    }
  return [...ids];
}

export function workflowsText(refs: readonly WorkflowRef[]): string {
  return `${refs.length === 1 ? 'workflow' : 'workflows'} ${refs.map((r) => r.name).join(', ')}`;
}

/** The task keys a worker's alert names: what it runs, or ran when it was restarted. */
export function taskKeysOf(alert: Alert): string[] {
  if (alert.worker === null) return [];
  return alert.kind === 'worker-restarted' ? (alert.restart?.tasks ?? []) : (alert.tasks ?? []);
}

/** Whether an alert names a dispatch whose workflow the server has not named yet. */
export function namesMissing(alert: Alert, nameOf: (dispatchId: string) => string | null): boolean {
  return taskKeysOf(alert).some((key) => {
    const id = describeTask(key).dispatchId;
    return id !== null && nameOf(id) === null;
  });
}

/** A worker's alert with the workflows its tasks belong to, in its fields and its message. */
export function withWorkflows(alert: Alert, nameOf: (dispatchId: string) => string | null): Alert {
  const refs = workflowsOf(taskKeysOf(alert), nameOf);
  if (refs.length === 0) return alert;
  return { ...alert, workflows: refs, message: `${alert.message} (${workflowsText(refs)})` };
}
