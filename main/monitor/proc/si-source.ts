/**
 * Portable process source over systeminformation.processes(), for macOS and Windows. It lists
 * every process on each call (and caches for 500 ms); it has no thread counts and cannot see
 * which process owns a socket.
 */
import si from 'systeminformation';
import type { ChildInfo, ProcInfo, ProcState, ProcessSource, ProcessTree } from './process-source';

type SiProcess = si.Systeminformation.ProcessesProcessData;

function toState(state: string): ProcState {
  switch (state) {
    case 'running':
      return 'running';
    case 'sleeping':
    case 'blocked':
      return 'sleeping';
    case 'stopped':
      return 'stopped';
    case 'zombie':
      return 'zombie';
    default:
      return 'other';
  }
}

function toInfo(p: SiProcess): ProcInfo {
  // systeminformation formats the start as local "YYYY-MM-DD HH:MM:SS".
  const started = Date.parse(p.started.replace(' ', 'T'));
  return {
    pid: p.pid,
    ppid: p.parentPid,
    name: p.name,
    state: toState(p.state),
    startedAtMs: Number.isFinite(started) ? started : null,
    rssBytes: Number.isFinite(p.memRss) ? p.memRss * 1024 : null,
    threads: null,
    cpuTimeMs: null,
    cpuPercent: Number.isFinite(p.cpu) ? p.cpu : null,
  };
}

export function createSiSource(): ProcessSource {
  async function sampleTree(pid: number): Promise<ProcessTree> {
    const { list } = await si.processes();
    const root = list.find((p) => p.pid === pid);
    if (!root) return { root: null, children: [] };
    const children: ChildInfo[] = list
      .filter((p) => p.parentPid === pid)
      .map((p) => ({ ...toInfo(p), cmdline: `${p.command} ${p.params}`.trim() }));
    return { root: toInfo(root), children };
  }
  return { kind: 'systeminformation', sampleTree, listeningPorts: () => undefined };
}
