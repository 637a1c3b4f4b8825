/** The CLI's human output: a short aligned block for `status`, one line per event for `watch`. */
import { escapeControls } from '../monitor/config/config-parse';
import { formatBytes, formatClock, formatCpu, formatFraction } from '../../shared/format';
import { CONFIG_FIELDS } from '../../shared/config-fields';
import type { Alert, Snapshot, WorkerSample } from '../../shared/snapshot';
import { totalWorkerMemory, workerCountText, workerLabel } from '../../shared/worker-summary';

function table(rows: string[][], indent: string): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => indent + r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ').trimEnd());
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

export function renderStatus(s: Snapshot): string {
  const lines = [`Covalent Dask cluster: ${s.status} — ${s.reason}`, ''];
  const info: string[][] = [['Config', s.configPath]];
  if (s.scheduler?.alive) {
    const sc = s.scheduler;
    info.push(['Scheduler', `pid ${sc.pid} · ${formatBytes(sc.rssBytes)} · ${sc.threads ?? '—'} threads · ${formatCpu(sc.cpuPercent)} CPU${sc.suspended ? ' · suspended' : ''}`]);
  }
  if (s.dashboard.tasks) {
    const t = s.dashboard.tasks;
    info.push(['Tasks', `${t.total} known · ${t.processing} processing · ${t.waiting} waiting · ${t.erred} erred`]);
  }
  if (s.config) {
    const stale = s.runtimeKeysStale ? ' (stale: left from a cluster that is not running)' : '';
    for (const { label, key, runtime } of CONFIG_FIELDS) {
      const issue = s.configIssues.find((i) => i.key === key);
      const value = s.config[key];
      const text = issue ? `invalid: ${issue.value}` : value === null ? 'not set' : String(value);
      info.push([label, value !== null && runtime ? text + stale : text]);
    }
    if (s.config.noCluster) info.push(['No Cluster', 'true: Covalent uses its local executor and starts no Dask cluster']);
  }
  lines.push(...table(info, ''));
  for (const issue of s.configIssues) lines.push(`  ! ${issue.message}`);
  if (s.configFromLastGood) lines.push('  ! these are the last values read: the file cannot be read now');
  if (s.workers.length > 0) {
    lines.push('', 'Workers');
    lines.push(...table([['name', 'pid', 'memory', 'of limit', 'limit', 'threads', 'cpu', 'status'], ...s.workers.map(workerRow)], '  '));
  }
  if (s.workerMatching) lines.push(`  ${s.workerMatching}`);
  if (s.alerts.length > 0) {
    lines.push('', 'Alerts');
    for (const a of s.alerts) lines.push(`  ${a.at}  ${a.message}`);
  }
  return lines.map(escapeControls).join('\n');
}

export function renderWatchLine(s: Snapshot): string {
  const parts = [formatClock(s.sampledAt), s.status.padEnd(14)];
  if (s.scheduler?.alive) {
    parts.push(workerCountText(s.workers.length, s.config?.numWorkers));
    parts.push(formatBytes(totalWorkerMemory(s.workers)));
    const top = [...s.workers].filter((w) => w.memoryFraction !== null).sort((a, b) => b.memoryFraction! - a.memoryFraction!)[0];
    if (top) parts.push(`highest ${formatFraction(top.memoryFraction)} (worker ${workerLabel(top)})`);
  } else {
    parts.push(s.reason);
  }
  return escapeControls(parts.join('  '));
}

export function renderAlertLine(a: Alert): string {
  return escapeControls(`${formatClock(a.at)}  ALERT ${a.kind}: ${a.message}`);
}
