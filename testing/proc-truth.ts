/**
 * Ground truth for the tests, read straight from /proc and written apart from the monitor's own
 * reader (main/monitor/proc/procfs-source.ts): /status instead of /stat, so a bug in one is not
 * copied into the other.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface ProcTruth {
  pid: number;
  ppid: number;
  rssBytes: number;
  threads: number;
  cmdline: string;
}

export function readTruth(pid: number): ProcTruth | null {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const field = (name: string) => {
    const line = status.split('\n').find((l) => l.startsWith(`${name}:`));
    return line ? line.slice(name.length + 1).trim() : '';
  };
  const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
  return {
    pid,
    ppid: Number(field('PPid')),
    rssBytes: Number(field('VmRSS').replace(/\s*kB$/, '')) * 1024,
    threads: Number(field('Threads')),
    cmdline,
  };
}

/** Children found by scanning every process's parent (not the children files the monitor reads). */
export function childrenOf(pid: number): ProcTruth[] {
  const out: ProcTruth[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = readTruth(Number(entry));
    if (t && t.ppid === pid) out.push(t);
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/** Every process under `pid`, at any depth. */
export function descendantsOf(pid: number): ProcTruth[] {
  return childrenOf(pid).flatMap((c) => [c, ...descendantsOf(c.pid)]);
}

/** The cluster's worker processes: its children but multiprocessing's resource tracker. */
export function workerProcesses(clusterPid: number): ProcTruth[] {
  return childrenOf(clusterPid).filter((c) => !c.cmdline.includes('multiprocessing.resource_tracker'));
}

export function isAlive(pid: number): boolean {
  return readTruth(pid) !== null;
}

/**
 * When the process started, ms since the epoch, as the kernel counts it: /proc/PID/stat field 22
 * (clock ticks since boot) over CLK_TCK after /proc/stat's btime (proc(5)); null once it has gone.
 */
export function readStartMs(pid: number): number | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return null;
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const btime = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'latin1'))?.[1]);
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  return (btime + Number(fields[19]) / clockTicks) * 1000;
}

let clockTicks: number | undefined;
