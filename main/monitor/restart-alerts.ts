/**
 * A worker the nanny restarted: a worker process that vanished, paired with the one that replaced
 * it (by Dask's name, or alone), with why it died as far as can be known without guessing: Dask's
 * own report of a memory kill (current Dask's worker-restart-memory event), else what its last
 * samples show, said to be inferred.
 */
import { RESTART_TEXT } from '../../shared/dask-thresholds';
import { formatBytes, formatFraction } from '../../shared/format';
import type { Alert, RestartInfo, WorkerSample } from '../../shared/snapshot';
import { tasksText } from '../../shared/task-names';
import { alertOf } from './alert-of';

/** How long a vanished worker waits for its replacement before it is taken as lost, not restarted. */
const RESTART_WINDOW_MS = 30_000;
/** How long an unnamed new worker process waits for Dask to name it, when several were restarted at once. */
const NAMING_WAIT_MS = 5_000;
/**
 * How long a restart waits for Dask's report of the kill, where Dask makes them: the nanny sends it
 * as it kills, but it can reach the scheduler after the death is seen.
 */
export const KILL_REPORT_WAIT_MS = 3_000;

/** Dask's reports of memory kills: by the killed process's pid; `reported` false where this Dask never reports them. */
export interface KillReports {
  byPid: ReadonlyMap<number, { rssBytes: number }>;
  /** true: Dask reports memory kills (distributed 2024.4.2 on); false: it does not; null: not known (no protocol). */
  reported: boolean | null;
}

export const NO_KILL_REPORTS: KillReports = { byPid: new Map(), reported: null };

export interface RestartInput {
  now: number;
  workers: readonly WorkerSample[];
  alertFraction: number;
  /** The worker's memory episode is open: it was high when last seen. */
  isHigh(w: WorkerSample): boolean;
  kills: KillReports;
}

interface Seen {
  pid: number;
  name: string | null;
  fraction: number | null;
  rssBytes: number | null;
  limit: number | null;
  high: boolean;
  tasks: string[];
}

interface Vanished extends Seen {
  at: number;
}

export interface RestartAlerts {
  update(input: RestartInput, out: Alert[]): void;
  reset(): void;
}

/** Why it was restarted, from Dask's report if there is one, else from its last sample where Dask cannot report. */
export function restartCause(v: Seen, newPid: number, kills: KillReports): RestartInfo {
  const base = { oldPid: v.pid, newPid, limitBytes: v.limit, tasks: v.tasks };
  const kill = kills.byPid.get(v.pid);
  if (kill) return { ...base, cause: 'memory-killed', rssBytes: kill.rssBytes };
  // A Dask that reports memory kills and reported none for it: not memory, or not known why.
  if (v.high && kills.reported !== true) return { ...base, cause: 'memory-likely', rssBytes: v.rssBytes };
  return { ...base, cause: 'unknown', rssBytes: v.rssBytes };
}

export function restartMessage(label: string, r: RestartInfo): string {
  const head = `Dask worker ${label} was restarted (pid ${r.oldPid} → ${r.newPid})`;
  const running = r.tasks.length > 0 ? `; it was running ${tasksText(r.tasks)}` : '';
  const share = r.rssBytes !== null && r.limitBytes ? formatFraction(r.rssBytes / r.limitBytes) : '—';
  switch (r.cause) {
    case 'memory-killed':
      return `${head}: its nanny killed it for using ${share} of its ${formatBytes(r.limitBytes)} limit, as Dask reports${running}`;
    case 'memory-likely':
      return `${head}: most likely for memory — it was at ${share} of its ${formatBytes(r.limitBytes)} limit just before, and ${RESTART_TEXT} (inferred: this Dask does not report why)${running}`;
    case 'unknown':
      return `${head}${running}`;
  }
}

export function createRestartAlerts(): RestartAlerts {
  let seen = new Map<number, Seen>();
  let vanished: Vanished[] = [];
  let newcomers: { pid: number; at: number }[] = [];
  let haveBaseline = false;

  return {
    update(input, out) {
      const { now } = input;
      const current = new Map<number, WorkerSample>();
      for (const w of input.workers) if (w.pid !== null) current.set(w.pid, w);
      for (const [pid, s] of seen) if (!current.has(pid)) vanished.push({ ...s, at: now });
      // Workers present at the first look at a cluster are where it started, not replacements.
      if (haveBaseline) for (const pid of current.keys()) if (!seen.has(pid)) newcomers.push({ pid, at: now });

      vanished = vanished.filter((v) => now - v.at <= RESTART_WINDOW_MS);
      newcomers = newcomers.filter((n) => current.has(n.pid));
      const paired: typeof newcomers = [];
      for (const n of newcomers) {
        const name = current.get(n.pid)!.name;
        let i = name !== null ? vanished.findIndex((v) => v.name === name) : -1;
        if (i < 0 && vanished.length > 0) {
          const alone = vanished.length === 1 && newcomers.length - paired.length === 1;
          if (alone || now - n.at >= NAMING_WAIT_MS) i = 0;
          else if (name !== null) {
            paired.push(n); // Dask named it after no vanished worker: a new worker, not a restart
            continue;
          }
        }
        if (i < 0) continue;
        const candidate = vanished[i]!;
        if (
          input.kills.reported === true &&
          !input.kills.byPid.has(candidate.pid) &&
          now - candidate.at < KILL_REPORT_WAIT_MS
        ) {
          continue; // its kill may still be on its way to the scheduler
        }
        const [v] = vanished.splice(i, 1);
        paired.push(n);
        const label = v!.name ?? `pid ${v!.pid}`;
        const restart = restartCause(v!, n.pid, input.kills);
        out.push(alertOf('worker-restarted', label, restartMessage(label, restart), now, { restart }));
      }
      newcomers = newcomers.filter((n) => !paired.includes(n) && now - n.at < RESTART_WINDOW_MS);

      haveBaseline = true;
      const before = seen;
      seen = new Map();
      for (const [pid, w] of current) {
        seen.set(pid, {
          pid,
          // Dask drops a worker as it closes, before its process exits (the nanny's restart on 2022.12):
          // the process keeps the name it had, which its replacement is paired by.
          name: w.name ?? before.get(pid)?.name ?? null,
          fraction: w.memoryFraction,
          rssBytes: w.rssBytes,
          limit: w.memoryLimitBytes,
          high: input.isHigh(w) || (w.memoryFraction !== null && w.memoryFraction >= input.alertFraction),
          tasks: w.tasks ?? [],
        });
      }
    },
    reset() {
      seen = new Map();
      vanished = [];
      newcomers = [];
      haveBaseline = false;
    },
  };
}
