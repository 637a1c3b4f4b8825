/**
 * What a piece of work costs: CPU time of this process (all its threads, so GC and libuv count)
 * plus that of the child processes it ran and waited for, and wall time. Also CPU time and memory
 * of other processes, read from /proc.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseProcStat, readAuxv } from '../main/monitor/proc/procfs-source';

const { clockTicks } = readAuxv();

export interface Cost {
  /** CPU of this process and of the children it reaped meanwhile, ms. */
  cpuMs: number;
  /** The children's part of cpuMs, ms. */
  childCpuMs: number;
  wallMs: number;
}

/**
 * cutime + cstime of /proc/self/stat: CPU of the children (and their children) this process has
 * waited for. process.cpuUsage() leaves them out, and systeminformation.processes() spends most of
 * its CPU in the `ps`, `sh` and `cat` it starts. The kernel counts them exactly but reports whole
 * clock ticks (10 ms), so one reading is ±1 tick; sums over many are exact.
 */
function reapedChildrenCpuMs(): number {
  const text = fs.readFileSync('/proc/self/stat', 'latin1');
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[13]) + Number(f[14])) * 1000) / clockTicks;
}

/** Runs `work` and returns what it cost; everything `work` awaits counts, nothing after it. */
export async function measure(work: () => Promise<unknown>): Promise<Cost> {
  const children0 = reapedChildrenCpuMs();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const childCpuMs = reapedChildrenCpuMs() - children0;
  return { cpuMs: (cpu.user + cpu.system) / 1000 + childCpuMs, childCpuMs, wallMs };
}

/** utime + stime of a process, ms; null once it has gone. */
export function processCpuMs(pid: number): number | null {
  try {
    const stat = parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'));
    return stat ? (stat.cpuTicks * 1000) / clockTicks : null;
  } catch {
    return null;
  }
}

/**
 * utime + stime + cutime + cstime of a process, ms: its own CPU and that of the children it has
 * waited for (the `ps` a process source runs); null once it has gone.
 */
export function processTreeCpuMs(pid: number): number | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // proc(5) fields 14-17 (utime, stime, cutime, cstime), counted from field 3 after the comm.
    return ([11, 12, 13, 14].reduce((s, i) => s + Number(f[i]), 0) * 1000) / clockTicks;
  } catch {
    return null;
  }
}
