/** The CLI's human output: a short aligned block for `status`, one line per event for `watch`. */
import { escapeControls } from '../monitor/config/config-parse';
import { formatBytes, formatClock, formatCpu, formatDuration, formatFraction } from '../../shared/format';
import { CONFIG_FIELDS } from '../../shared/config-fields';
import type { Alert, DispatchInfo, Snapshot, WorkerSample, WorkflowsSample } from '../../shared/snapshot';
import { totalWorkerMemory, workerCountText, workerLabel, workflowsRunningText } from '../../shared/worker-summary';

function table(rows: string[][], indent: string): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map(
    (r) =>
      indent +
      r
        .map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!)))
        .join('  ')
        .trimEnd(),
  );
}

function workerRow(w: WorkerSample): string[] {
  const limit = w.memoryLimitBytes !== null ? formatBytes(w.memoryLimitBytes) : w.memoryLimitSource ? 'no limit' : '—';
  return [
    workerLabel(w),
    w.pid === null ? '—' : String(w.pid),
    formatBytes(w.rssBytes),
    formatFraction(w.memoryFraction),
    limit,
    w.threads === null ? '—' : String(w.threads),
    formatCpu(w.cpuPercent),
    w.status ?? '—',
  ];
}

export function renderStatus(snapshot: Snapshot): string {
  const lines = [`Covalent Dask cluster: ${snapshot.status} — ${snapshot.reason}`, ''];
  const info: string[][] = [['Config', snapshot.configPath]];
  if (snapshot.scheduler?.alive) {
    const sc = snapshot.scheduler;
    info.push([
      'Scheduler',
      `pid ${sc.pid} · ${formatBytes(sc.rssBytes)} · ${sc.threads ?? '—'} threads · ${formatCpu(sc.cpuPercent)} CPU${sc.suspended ? ' · suspended' : ''}`,
    ]);
  }
  if (snapshot.dashboard.tasks) {
    const t = snapshot.dashboard.tasks;
    info.push(['Tasks', `${t.total} known · ${t.processing} processing · ${t.waiting} waiting · ${t.erred} erred`]);
  }
  if (snapshot.config) {
    const stale = snapshot.runtimeKeysStale ? ' (stale: left from a cluster that is not running)' : '';
    for (const { label, key, runtime } of CONFIG_FIELDS) {
      const issue = snapshot.configIssues.find((i) => i.key === key);
      const value = snapshot.config[key];
      const text = issue ? `invalid: ${issue.value}` : value === null ? 'not set' : String(value);
      info.push([label, value !== null && runtime ? text + stale : text]);
    }
    if (snapshot.config.noCluster)
      info.push(['No Cluster', 'true: Covalent uses its local executor and starts no Dask cluster']);
  }
  lines.push(...table(info, ''));
  for (const issue of snapshot.configIssues) lines.push(`  ! ${issue.message}`);
  if (snapshot.configFromLastGood) lines.push('  ! these are the last values read: the file cannot be read now');
  if (snapshot.workers.length > 0) {
    lines.push('', 'Workers');
    lines.push(
      ...table(
        [
          ['name', 'pid', 'memory', 'of limit', 'limit', 'threads', 'cpu', 'status'],
          ...snapshot.workers.map(workerRow),
        ],
        '  ',
      ),
    );
  }
  if (snapshot.workerMatching) lines.push(`  ${snapshot.workerMatching}`);
  lines.push(...workflowLines(snapshot.workflows));
  if (snapshot.alerts.length > 0) {
    lines.push('', 'Alerts');
    for (const a of snapshot.alerts) lines.push(`  ${a.at}  ${a.message}`);
  }
  return lines.map(escapeControls).join('\n');
}

function dispatchRow(d: DispatchInfo): string[] {
  const progress =
    d.electrons !== null && d.electronsDone !== null ? `${d.electronsDone}/${d.electrons} electrons` : '—';
  const when =
    d.status === 'RUNNING'
      ? `running ${formatDuration(d.runtimeMs)}`
      : `${d.endedAt ? `ended ${formatClock(d.endedAt)}` : ''}${d.runtimeMs !== null ? ` after ${formatDuration(d.runtimeMs)}` : ''}`;
  return [d.status.toLowerCase(), d.name, progress, when.trim(), d.id];
}

/** Covalent's server and its workflows: up or why not, the totals, what runs and what ended last. */
export function workflowLines(w: WorkflowsSample): string[] {
  if (!w.url) return [];
  const host = new URL(w.url).host;
  const state = w.reachable === true ? 'up' : w.reachable === false ? 'not answering' : 'not asked yet';
  const lines = ['', `Workflows (Covalent's server at ${host}: ${state})`];
  if (w.problem) lines.push(`  ! ${w.problem}`);
  if (w.totals) {
    const t = w.totals;
    lines.push(
      `  ${t.all} in all · ${t.running} running · ${t.completed} completed · ${t.failed} failed · ${t.cancelled} cancelled`,
    );
  }
  const rows = [...w.running, ...w.recent].map(dispatchRow);
  if (rows.length > 0) lines.push(...table(rows, '  '));
  if (w.runningCount > w.running.length) lines.push(`  (and ${w.runningCount - w.running.length} more running)`);
  return lines;
}

export function renderWatchLine(snapshot: Snapshot): string {
  const parts = [formatClock(snapshot.sampledAt), snapshot.status.padEnd(14)];
  if (snapshot.scheduler?.alive) {
    parts.push(workerCountText(snapshot.workers.length, snapshot.config?.numWorkers));
    parts.push(formatBytes(totalWorkerMemory(snapshot.workers)));
    const top = [...snapshot.workers]
      .filter((w) => w.memoryFraction !== null)
      .sort((a, b) => b.memoryFraction! - a.memoryFraction!)[0];
    if (top) parts.push(`highest ${formatFraction(top.memoryFraction)} (worker ${workerLabel(top)})`);
  } else {
    parts.push(snapshot.reason);
  }
  const w = snapshot.workflows;
  if (w.runningCount > 0) parts.push(workflowsRunningText(w.runningCount));
  else if (w.reachable === false) parts.push("Covalent's server not answering");
  return escapeControls(parts.join('  '));
}

export function renderAlertLine(alert: Alert): string {
  return escapeControls(`${formatClock(alert.at)}  ALERT ${alert.kind}: ${alert.message}`);
}
