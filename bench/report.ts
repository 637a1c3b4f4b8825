/** The benchmark's results as a table on the terminal and as bench/RESULTS.md. */
import os from 'node:os';
import { formatBytes } from '../shared/format';
import type { MachineInfo } from './machine-info';

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  notes: string[];
}

export interface TargetCheck {
  target: string;
  figure: string;
  /** null: the run could not judge it (say why in the note). */
  met: boolean | null;
  /** What the figure means, and for a miss what would close it. */
  note: string;
}

export interface PartResult {
  tables: Table[];
  targets: TargetCheck[];
}

export interface RunReport {
  machine: MachineInfo;
  quick: boolean;
  parts: PartResult[];
  failures: { part: string; error: string }[];
  durationS: number;
}

/** Milliseconds with the digits that matter at their size. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms).toString();
}

export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—';
  return `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(1)}×`;
}

function verdict(met: boolean | null): string {
  return met === null ? 'not judged' : met ? 'met' : 'MISSED';
}

function machineLines(r: RunReport): [string, string][] {
  const m = r.machine;
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' / ');
  return [
    ['Date', m.date],
    ['CPU', `${m.cpuModel}, ${m.cores} cores`],
    ['Memory', formatBytes(m.memoryBytes)],
    ['OS', `${m.os} (${m.kernel})`],
    ['Node', m.node],
    ['Python', m.python],
    ['dask / distributed', `${m.dask} / ${m.distributed}`],
    ['systeminformation', m.systeminformation],
    ['Load average (1/5/15 min)', `${load(m.loadAtStart)} at the start, ${load(os.loadavg())} at the end`],
    ['Mode', r.quick ? `--quick (tiny repetition counts: checks the benchmark works, not the figures)` : 'full'],
    ['Duration', `${Math.round(r.durationS)} s`],
  ];
}

function allTargets(r: RunReport): TargetCheck[] {
  return r.parts.flatMap((p) => p.targets);
}

function padTable(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function renderText(report: RunReport): string {
  const out: string[] = [];
  for (const [k, v] of machineLines(report)) out.push(`${k}: ${v}`);
  for (const part of report.parts) {
    for (const t of part.tables) {
      out.push('', `== ${t.title}`, ...padTable(t.columns, t.rows));
      for (const n of t.notes) out.push(`  * ${n}`);
    }
  }
  out.push(
    '',
    '== Targets',
    ...padTable(
      ['target', 'figure', 'result'],
      allTargets(report).map((t) => [t.target, t.figure, verdict(t.met)]),
    ),
  );
  for (const t of allTargets(report)) if (t.note) out.push(`  * ${t.target}: ${t.note}`);
  for (const f of report.failures) out.push('', `!! ${f.part} FAILED: ${f.error}`);
  return out.join('\n');
}

function mdRow(cells: string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

export function renderMarkdown(report: RunReport): string {
  const out: string[] = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/bench.ts); every figure below comes from one run on the machine described here.',
    '`npm run bench -- --quick` runs every part with tiny counts to check the benchmark works, and writes nothing here.',
    'Medians and p95 (nearest rank) over the repetitions shown; every ratio compares variants measured in the same run, alternating.',
    'The 8-worker sample target is judged on the mean over ticks (it carries the ticks that ask Dask), the other per-sample targets on the median (p95 beside each), alert latency on the p95.',
    '',
    mdRow(['Machine', '']),
    mdRow(['---', '---']),
    ...machineLines(report).map(([k, v]) => mdRow([k, v])),
  ];
  out.push('', '## Targets', '', mdRow(['Target', 'Figure', 'Result', 'Note']), mdRow(['---', '---', '---', '---']));
  for (const t of allTargets(report)) out.push(mdRow([t.target, t.figure, verdict(t.met), t.note]));
  for (const part of report.parts) {
    for (const t of part.tables) {
      out.push('', `## ${t.title}`, '', mdRow(t.columns), mdRow(t.columns.map((_, i) => (i === 0 ? '---' : '---:'))));
      for (const row of t.rows) out.push(mdRow(row));
      if (t.notes.length) out.push('', ...t.notes.map((n) => `- ${n}`));
    }
  }
  if (report.failures.length) {
    out.push('', '## Failures', '');
    for (const f of report.failures) out.push(`- ${f.part}: ${f.error.split('\n')[0]}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * The protocol's target, the same at every size: asking Dask's scheduler for its worker list over
 * the comm protocol (`protocol`, a variant key) costs no more CPU than the identity.json poll it
 * replaces (`http`).
 */
export function protocolTarget(
  workers: number,
  cpu: Record<string, { median: number }>,
  keys: { http: string; protocol: string; withTasks: string },
  judge: boolean,
  reuse: string,
): TargetCheck {
  const [http, protocol, withTasks] = [cpu[keys.http]!, cpu[keys.protocol]!, cpu[keys.withTasks]!];
  return {
    target: `${workers.toLocaleString('en')} workers: Dask's worker list over its protocol no dearer than over HTTP`,
    figure: `${keys.protocol} ${formatMs(protocol.median)} ms CPU median vs ${keys.http} ${formatMs(http.median)} ms (${formatRatio(protocol.median / http.median)}); with each worker's tasks (${keys.withTasks}) ${formatMs(withTasks.median)} ms`,
    met: judge ? protocol.median <= http.median : null,
    note: reuse,
  };
}
