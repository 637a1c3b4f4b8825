/**
 * The machine as Dask sizes it: distributed.system.MEMORY_LIMIT (total RAM, capped by the cgroup
 * limit and RLIMIT_RSS) and dask.system.CPU_COUNT (CPUs, capped by affinity and the cgroup quota).
 */
import fs from 'node:fs';
import os from 'node:os';
import si from 'systeminformation';
import type { MachineMemory } from '../memory-limit';

function readNumber(file: string): number | null {
  try {
    const n = Number(fs.readFileSync(file, 'latin1').trim());
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/** Count of CPUs in a Linux list such as "0-3,8,10-11". */
export function countCpuList(list: string): number {
  let count = 0;
  for (const part of list.trim().split(',')) {
    if (!/^\d/.test(part)) continue;
    const [a, b] = part.split('-').map(Number);
    if (a === undefined || !Number.isInteger(a)) continue;
    count += b !== undefined && Number.isInteger(b) && b >= a ? b - a + 1 : 1;
  }
  return count;
}

/**
 * Linux's caps on what Dask sees, read for the scheduler process `pid` where it matters (its
 * affinity and RLIMIT_RSS); the cgroup files are the fixed paths Dask itself reads.
 */
function linuxCaps(pid: number | null): { memory: number[]; cpus: number[] } {
  const memory: number[] = [];
  for (const file of [
    '/sys/fs/cgroup/memory/memory.limit_in_bytes',
    '/sys/fs/cgroup/memory/memory.soft_limit_in_bytes',
    '/sys/fs/cgroup/memory.max',
    '/sys/fs/cgroup/memory.high',
  ]) {
    const n = readNumber(file); // "max" reads as NaN → null, as Dask's int() fails and skips it
    if (n !== null && n > 0) memory.push(n);
  }
  const cpus: number[] = [];
  const who = pid ?? 'self';
  try {
    const limits = fs.readFileSync(`/proc/${who}/limits`, 'latin1');
    const m = /^Max resident set\s+\S+\s+(\S+)/m.exec(limits);
    const hard = m ? Number(m[1]) : NaN;
    if (Number.isFinite(hard) && hard > 0) memory.push(hard);
  } catch {
    // no such process, or not ours to read: Dask's own default (no RLIMIT_RSS) then
  }
  try {
    const status = fs.readFileSync(`/proc/${who}/status`, 'latin1');
    const m = /^Cpus_allowed_list:\s*(\S+)/m.exec(status);
    if (m) cpus.push(countCpuList(m[1]!));
  } catch {
    // as above
  }
  for (const dir of ['cpuacct,cpu', 'cpu,cpuacct']) {
    const quota = readNumber(`/sys/fs/cgroup/${dir}/cpu.cfs_quota_us`);
    const period = readNumber(`/sys/fs/cgroup/${dir}/cpu.cfs_period_us`);
    if (quota !== null && period) {
      const n = Math.ceil(quota / period);
      if (n > 0) cpus.push(n);
      break;
    }
  }
  return { memory, cpus };
}

let totalMemory: Promise<number> | null = null;

/** Dask's MEMORY_LIMIT and CPU_COUNT for a cluster whose scheduler is `pid`. */
export async function readMachine(pid: number | null): Promise<MachineMemory> {
  totalMemory ??= si.mem().then((m) => m.total);
  let total = await totalMemory;
  let cpuCount = os.cpus().length || 1;
  if (process.platform === 'linux') {
    const caps = linuxCaps(pid);
    total = Math.min(total, ...caps.memory);
    cpuCount = Math.min(cpuCount, ...caps.cpus.filter((n) => n > 0));
  }
  return { totalBytes: total, cpuCount };
}
