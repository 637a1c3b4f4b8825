/**
 * macOS process source over `ps` for just the watched pids (never the whole machine): one
 * `ps -o … -p LIST` for the figures, `ps -M -p LIST` for the threads, `pgrep -P` for the children
 * and `ps -o pid,command` once per new process, each only when probed-tree.ts asks for a read.
 * The same runs on Linux over procps-ng for the benchmark and the tests (flavour 'procps').
 */
import { execFile } from 'node:child_process';
import { type ProbedTreeOptions, type TreeReading, createProbedTree } from './probed-tree';
import type { ChildInfo, ProcInfo, ProcessSource } from './process-source';
import { countThreads, figuresOf, parsePgrep, parsePsTable, type PsFigures } from './ps-parse';

/**
 * Which ps: Apple's has no nlwp keyword and counts threads with -M; procps has nlwp, and its -M
 * is a security-label column (procps src/ps/parser.c). Both take -o KW,… -p LIST alike.
 */
export type PsFlavour = 'darwin' | 'procps';

/** Absolute paths, no shell: the same binaries whatever PATH the app was started with. */
const PS = '/bin/ps';
const PGREP = '/usr/bin/pgrep';

/** ucomm last: it may hold spaces. lstart, not etime: a start that does not move between reads. */
const FIGURES: Record<PsFlavour, readonly string[]> = {
  darwin: ['pid', 'ppid', 'rss', 'time', 'stat', 'lstart', 'ucomm'],
  procps: ['pid', 'ppid', 'rss', 'time', 'stat', 'nlwp', 'lstart', 'ucomm'],
};
const COMMAND = ['pid', 'command'];

/** What running a program gave: its output and exit status (an error only when it could not say). */
export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}
export type RunProgram = (file: string, args: readonly string[]) => Promise<RunResult>;

export const RUN_TIMEOUT_MS = 2000;
const MAX_OUTPUT_BYTES = 1 << 20;

/**
 * execFile with LC_ALL=C (ps follows the locale in lstart and %cpu: ps.c calls setlocale), a
 * timeout and an output cap; an exit status is a result, a timeout or a missing binary an error.
 */
export const runProgram: RunProgram = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { env: { ...process.env, LC_ALL: 'C' }, timeout: RUN_TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true },
      (err, stdout, stderr) => {
        if (!err) return resolve({ stdout, stderr, code: 0 });
        const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: string | null };
        const what = `${file} ${args.join(' ')}`;
        if (e.killed || e.signal) reject(new Error(`${what} gave no answer within ${RUN_TIMEOUT_MS} ms`));
        else if (typeof e.code === 'number') resolve({ stdout, stderr, code: e.code });
        else reject(new Error(`${what} failed: ${e.message}`));
      },
    );
  });

export interface PsSourceOptions extends Omit<ProbedTreeOptions, 'reader'> {
  flavour: PsFlavour;
  run?: RunProgram;
}

export interface PsSource extends ProcessSource {
  /** Resolves once no ps runs in the background. */
  idle(): Promise<void>;
}

/**
 * Exit 1 and nothing on stderr is "none matched" for both ps (ps.c) and pgrep (pkill.1); Apple's
 * ps also exits 1 after warning of an unknown keyword, so anything on stderr is a failure.
 */
function output(result: RunResult, what: string): string {
  const said = result.stderr.trim();
  if (result.code > 1 || (result.code === 1 && said)) {
    throw new Error(`${what} exited with status ${result.code}${said ? `: ${said.slice(0, 200)}` : ''}`);
  }
  return result.stdout;
}

export function createPsSource(options: PsSourceOptions): PsSource {
  const run = options.run ?? runProgram;
  const fields = FIGURES[options.flavour];
  // Command lines never change for a process: read once per (pid, start time).
  const commands = new Map<number, { startedAtMs: number | null; line: string }>();

  async function commandsOf(rows: readonly PsFigures[]): Promise<void> {
    const fresh = rows.filter((r) => commands.get(r.pid)?.startedAtMs !== r.startedAtMs);
    if (fresh.length === 0) return;
    const list = fresh.map((r) => r.pid).join(',');
    const text = output(await run(PS, ['-o', COMMAND.join(','), '-p', list]), `ps -o pid,command -p ${list}`);
    const lines = new Map(parsePsTable(text, COMMAND).map((r) => [Number(r.pid), r.command ?? ''] as const));
    for (const r of fresh)
      if (lines.has(r.pid)) commands.set(r.pid, { startedAtMs: r.startedAtMs, line: lines.get(r.pid)! });
  }

  async function read(pid: number, known: readonly number[] | null): Promise<TreeReading> {
    const children = known ?? parsePgrep(output(await run(PGREP, ['-P', String(pid)]), `pgrep -P ${pid}`));
    const list = [pid, ...children].join(',');
    const [table, threads] = await Promise.all([
      run(PS, ['-o', fields.join(','), '-p', list]),
      options.flavour === 'darwin' ? run(PS, ['-M', '-p', list]) : null,
    ]);
    const rows = parsePsTable(output(table, `ps -o ${fields.join(',')} -p ${list}`), fields)
      .map(figuresOf)
      .filter((r): r is PsFigures => r !== null);
    const counts = threads ? countThreads(output(threads, `ps -M -p ${list}`)) : null;
    const info = (r: PsFigures): ProcInfo => ({
      ...r,
      threads: counts ? (counts.get(r.pid) ?? null) : r.threads,
      cpuPercent: null,
    });
    const kids = rows.filter((r) => r.pid !== pid && r.ppid === pid);
    await commandsOf(kids);
    for (const p of commands.keys()) if (!kids.some((k) => k.pid === p)) commands.delete(p);
    const root = rows.find((r) => r.pid === pid);
    return {
      root: root ? info(root) : null,
      children: kids.map((k): ChildInfo => ({ ...info(k), cmdline: commands.get(k.pid)?.line ?? '' })),
    };
  }

  const tree = createProbedTree({ ...options, reader: { read } });
  return {
    kind: 'ps',
    sampleTree: tree.sampleTree,
    relistChildren: tree.relistChildren,
    // No socket is tied to a process here (no /proc; lsof would list the machine's files).
    listeningPorts: () => undefined,
    idle: tree.idle,
  };
}
