/**
 * Windows process source over @vscode/windows-process-tree, a native library made for this (one
 * in-process Toolhelp snapshot, no WMI, no PowerShell), read only when probed-tree.ts asks. Facts
 * below are from microsoft/vscode-windows-process-tree @ 981b25738021d70d68f35390c4f02b14b2a44623
 * (v0.8.0): lib/index.ts, src/process.cc, src/process_worker.cc, src/cpu_worker.cc.
 *
 * What it lacks, and what is done about it:
 * - no start time: startedAtMs is null, so the stale-pid check falls back to the process tree
 *   (a Python process with multiprocessing children, scheduler-verdict.ts);
 * - no thread counts: threads is null (shown as —);
 * - memory is the working set as a 32-bit number (process.cc: (DWORD)WorkingSetSize), so above
 *   4 GiB it wraps: Dask's own figure for a worker is the one to trust there;
 * - CPU % only from getProcessCpuUsage, which sleeps 1 s on a libuv thread: it runs in the
 *   background after a read, and the next read carries its answer;
 * - at most 1,024 processes per snapshot (process.cc): on a busier machine the cluster may be
 *   missing from it; signal 0 still says it is alive and the last figures are kept, with why.
 */
import os from 'node:os';
import { type ProbedTreeOptions, type TreeReading, createProbedTree } from './probed-tree';
import type { ChildInfo, ProcInfo, ProcessSource } from './process-source';

/** The library's tree node (typings/windows-process-tree.d.ts IProcessTreeNode). */
export interface WinTreeNode {
  pid: number;
  name: string;
  /** Working set, bytes (only with ProcessDataFlag.Memory). */
  memory?: number;
  /** Only with ProcessDataFlag.CommandLine. */
  commandLine?: string;
  children: WinTreeNode[];
}

interface WinProcessInfo {
  pid: number;
  ppid: number;
  name: string;
}

/** The part of the library this source uses. */
export interface WindowsProcessTree {
  getProcessTree(rootPid: number, callback: (tree: WinTreeNode | undefined) => void, flags?: number): void;
  getProcessCpuUsage(list: WinProcessInfo[], callback: (list: (WinProcessInfo & { cpu?: number })[]) => void): void;
}

/** ProcessDataFlag.Memory | ProcessDataFlag.CommandLine (lib/index.ts). */
const MEMORY_AND_COMMAND_LINE = 1 | 2;

function bytes(memory: number | undefined): number | null {
  return typeof memory === 'number' && Number.isFinite(memory) && memory > 0 ? memory : null;
}

/** A process as the library describes it: no state, start, threads or CPU time. */
function infoOf(node: WinTreeNode, ppid: number, cpuPercent: number | null): ProcInfo {
  return {
    pid: node.pid,
    ppid,
    name: node.name,
    state: 'other',
    startedAtMs: null,
    rssBytes: bytes(node.memory),
    threads: null,
    cpuTimeMs: null,
    cpuPercent,
  };
}

/**
 * getProcessTree's answer as a reading: the root and its direct children (the tree's first level;
 * the node has no ppid, so it is the root's). The tree node has no parent pid of the root itself: 0.
 */
export function readingOf(tree: WinTreeNode | undefined, cpu: ReadonlyMap<string, number> = new Map()): TreeReading {
  if (!tree) return { root: null, children: [] };
  const percent = (n: WinTreeNode) => cpu.get(`${n.pid}:${n.name}`) ?? null;
  return {
    root: infoOf(tree, 0, percent(tree)),
    children: tree.children.map(
      (c): ChildInfo => ({
        ...infoOf(c, tree.pid, percent(c)),
        cmdline: c.commandLine?.replace(/^\\\\\?\\/, '') ?? '',
      }),
    ),
  };
}

/** Loads the native library: on Windows only (elsewhere it loads, but every call throws). */
function loadLibrary(): WindowsProcessTree {
  // Required here, not imported: the package is an optional dependency with a Windows-only binary.
  return require('@vscode/windows-process-tree') as WindowsProcessTree;
}

export interface WinSourceOptions extends Omit<ProbedTreeOptions, 'reader'> {
  library?: WindowsProcessTree;
  cpuCount?: number;
}

/** Throws when the library cannot be loaded (no prebuilt binary for this machine): the caller falls back. */
export function createWinSource(options: WinSourceOptions = {}): ProcessSource {
  const lib = options.library ?? loadLibrary();
  const cpuCount = options.cpuCount ?? (os.cpus().length || 1);
  // CPU % by pid:name from the last background getProcessCpuUsage; the library gives % of the
  // whole machine (Δ process time ÷ Δ system time, cpu_worker.cc), the monitor shows % of one core.
  let cpu = new Map<string, number>();
  let cpuRunning = false;

  function measureCpu(list: WinProcessInfo[]) {
    if (cpuRunning || list.length === 0) return;
    cpuRunning = true;
    try {
      lib.getProcessCpuUsage(list, (withCpu) => {
        cpuRunning = false;
        cpu = new Map(
          withCpu.filter((p) => typeof p.cpu === 'number').map((p) => [`${p.pid}:${p.name}`, p.cpu! * cpuCount]),
        );
      });
    } catch {
      cpuRunning = false;
    }
  }

  function read(pid: number): Promise<TreeReading> {
    return new Promise((resolve, reject) => {
      try {
        lib.getProcessTree(
          pid,
          (tree) => {
            const reading = readingOf(tree, cpu);
            if (tree) {
              measureCpu([
                { pid: tree.pid, ppid: 0, name: tree.name },
                ...tree.children.map((c) => ({ pid: c.pid, ppid: tree.pid, name: c.name })),
              ]);
            }
            resolve(reading);
          },
          MEMORY_AND_COMMAND_LINE,
        );
      } catch (err) {
        reject(new Error(`windows-process-tree failed: ${(err as Error).message}`));
      }
    });
  }

  const tree = createProbedTree({ ...options, reader: { read } });
  return {
    kind: 'windows',
    sampleTree: tree.sampleTree,
    relistChildren: tree.relistChildren,
    listeningPorts: () => undefined,
  };
}
