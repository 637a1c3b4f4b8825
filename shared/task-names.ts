/**
 * Dask task keys as the panel and the alerts name them, shortened the way Dask's dashboard does
 * (key_split: the name before its token); Covalent's keys ("dask_job_<dispatch id>:<electron>",
 * covalent/executor/executor_plugins/dask.py) say which dispatch and electron they run. Tuple
 * keys arrive as the text of their Python repr (main/monitor/dask/comm/task-keys.ts).
 */

export interface TaskName {
  /** The key as Dask has it. */
  key: string;
  /** A short name: "inc", "from_sequence-slow3 (15)", "electron 2". */
  label: string;
  /** Covalent's dispatch and electron (its node id, the task group id when task packing is off), when the key says. */
  dispatchId: string | null;
  electron: number | null;
}

const COVALENT_JOB = /^dask_job_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(\d{1,9})$/;
const TOKEN = /^(?:[0-9a-f]{8,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const TUPLE_TEXT = /^\('((?:[^'\\]|\\.)*)',?\s*(.*)\)$/;

/** dask.utils.key_split: the name before its tokens ("inc-9ab2…" → "inc", "from_sequence-slow3-8b24…" → "from_sequence-slow3"). */
export function keySplit(name: string): string {
  const words = name.split('-');
  const kept = [words[0]!];
  for (const w of words.slice(1)) {
    if (TOKEN.test(w) || /^\d+$/.test(w)) break;
    kept.push(w);
  }
  return kept.join('-');
}

export function describeTask(key: string): TaskName {
  const covalent = COVALENT_JOB.exec(key);
  if (covalent)
    return { key, label: `electron ${covalent[2]}`, dispatchId: covalent[1]!, electron: Number(covalent[2]) };
  const tuple = TUPLE_TEXT.exec(key);
  if (tuple) {
    const rest = tuple[2]!.trim();
    return {
      key,
      label: rest ? `${keySplit(tuple[1]!)} (${rest})` : keySplit(tuple[1]!),
      dispatchId: null,
      electron: null,
    };
  }
  // Covalent's older executor submits io_wrapper (or, before, dask_wrapper): an electron, which one unknown.
  const label = keySplit(key);
  return {
    key,
    label: /^(io_wrapper|dask_wrapper)$/.test(label) ? 'a Covalent electron' : label,
    dispatchId: null,
    electron: null,
  };
}

/**
 * "electrons 0 and 3 of dispatch 7203c495", "inc, sum (and 2 more)": the tasks a worker runs, in a
 * few words; a dispatch by its workflow's name where Covalent's server gave it.
 */
export function tasksText(
  keys: readonly string[],
  count: number = keys.length,
  workflows: readonly { id: string; name: string }[] = [],
): string {
  if (count === 0) return 'no task';
  const byDispatch = new Map<string, number[]>();
  const others: string[] = [];
  for (const t of keys.map(describeTask)) {
    if (t.dispatchId !== null && t.electron !== null)
      byDispatch.set(t.dispatchId, [...(byDispatch.get(t.dispatchId) ?? []), t.electron]);
    else if (!others.includes(t.label)) others.push(t.label);
  }
  const parts = [
    ...[...byDispatch].map(([id, electrons]) => {
      const sorted = [...electrons].sort((a, b) => a - b);
      const list =
        sorted.length === 1
          ? `electron ${sorted[0]}`
          : `electrons ${sorted.slice(0, -1).join(', ')} and ${sorted.at(-1)}`;
      const workflow = workflows.find((w) => w.id === id);
      return `${list} of ${workflow ? `workflow ${workflow.name}` : `dispatch ${id.slice(0, 8)}`}`;
    }),
    ...others,
  ];
  const shown = parts.slice(0, 3).join(', ');
  const more = count - keys.length + Math.max(0, parts.length - 3);
  return more > 0 ? `${shown} (and ${more} more)` : shown;
}
