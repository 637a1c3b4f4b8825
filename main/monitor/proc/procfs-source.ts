/**
 * Linux process source: a few small reads of /proc per watched pid, instead of listing every
 * process on the machine the way systeminformation.processes() does (it runs `ps`).
 */
import fs from 'node:fs';
import os from 'node:os';
import type { ChildInfo, ProcInfo, ProcState, ProcessSource, ProcessTree } from './process-source';

const AT_PAGESZ = 6;
const AT_CLKTCK = 17;

/** Page size and clock ticks per second, from the kernel's auxiliary vector; the usual values otherwise. */
export function readAuxv(procRoot = '/proc'): { pageSize: number; clockTicks: number } {
  const found = { pageSize: 4096, clockTicks: 100 };
  try {
    const buf = fs.readFileSync(`${procRoot}/self/auxv`);
    const wide = process.arch.includes('64');
    const size = wide ? 8 : 4;
    const le = os.endianness() === 'LE';
    const word = (at: number): number => {
      if (wide) return Number(le ? buf.readBigUInt64LE(at) : buf.readBigUInt64BE(at));
      return le ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
    };
    for (let at = 0; at + 2 * size <= buf.length; at += 2 * size) {
      const type = word(at);
      if (type === 0) break;
      if (type === AT_PAGESZ) found.pageSize = word(at + size);
      if (type === AT_CLKTCK) found.clockTicks = word(at + size);
    }
  } catch {
    // keep the defaults: 4 KiB pages and USER_HZ 100 hold on every mainstream Linux
  }
  return found;
}

export function readBootTimeMs(procRoot = '/proc'): number {
  const text = fs.readFileSync(`${procRoot}/stat`, 'latin1');
  const m = /^btime (\d+)$/m.exec(text);
  if (!m) throw new Error(`${procRoot}/stat has no btime line`);
  return Number(m[1]) * 1000;
}

export interface ProcStat {
  pid: number;
  comm: string;
  state: ProcState;
  ppid: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  threads: number;
  /** Start time in clock ticks since boot. */
  startTicks: number;
  rssPages: number;
}

const STATES: Record<string, ProcState> = {
  R: 'running',
  S: 'sleeping',
  D: 'sleeping',
  I: 'sleeping',
  T: 'stopped',
  t: 'stopped',
  Z: 'zombie',
  X: 'zombie',
};

/** Parses /proc/<pid>/stat; comm may hold spaces and parentheses, so fields are counted from the last ')'. */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const f = text.slice(close + 2).split(' ');
  if (f.length < 22) return null;
  const num = (i: number) => Number(f[i]);
  const stat: ProcStat = {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: STATES[f[0]!] ?? 'other',
    ppid: num(1),
    cpuTicks: num(11) + num(12),
    threads: num(17),
    startTicks: num(19),
    rssPages: num(21),
  };
  return Object.values(stat).every((v) => typeof v !== 'number' || Number.isFinite(v)) ? stat : null;
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export function createProcfsSource(procRoot = '/proc'): ProcessSource {
  const { pageSize, clockTicks } = readAuxv(procRoot);
  const bootMs = readBootTimeMs(procRoot);
  // Command lines never change for a process: read once per (pid, start time).
  const cmdlines = new Map<number, { startTicks: number; line: string }>();
  const hasChildrenFiles = fs.existsSync(`${procRoot}/self/task/${process.pid}/children`);

  function readStat(pid: number): ProcStat | null {
    const text = readText(`${procRoot}/${pid}/stat`);
    return text === null ? null : parseProcStat(text);
  }

  function toInfo(s: ProcStat): ProcInfo {
    return {
      pid: s.pid,
      ppid: s.ppid,
      name: s.comm,
      state: s.state,
      startedAtMs: bootMs + (s.startTicks * 1000) / clockTicks,
      rssBytes: s.rssPages * pageSize,
      threads: s.threads,
      cpuTimeMs: (s.cpuTicks * 1000) / clockTicks,
      cpuPercent: null,
    };
  }

  function cmdline(s: ProcStat): string {
    const known = cmdlines.get(s.pid);
    if (known?.startTicks === s.startTicks) return known.line;
    const raw = readText(`${procRoot}/${s.pid}/cmdline`) ?? '';
    const line = raw.split('\0').filter(Boolean).join(' ');
    cmdlines.set(s.pid, { startTicks: s.startTicks, line });
    return line;
  }

  function childPids(pid: number): number[] {
    if (hasChildrenFiles) {
      // Each thread lists the children it forked, so every task's file is read.
      const pids: number[] = [];
      let tids: string[];
      try {
        tids = fs.readdirSync(`${procRoot}/${pid}/task`);
      } catch {
        return [];
      }
      for (const tid of tids) {
        const text = readText(`${procRoot}/${pid}/task/${tid}/children`);
        if (text) for (const p of text.trim().split(' ')) if (p) pids.push(Number(p));
      }
      return pids;
    }
    // Kernels without CONFIG_PROC_CHILDREN: find the children by scanning every process's parent.
    const pids: number[] = [];
    for (const entry of fs.readdirSync(procRoot)) {
      if (!/^\d+$/.test(entry)) continue;
      const s = readStat(Number(entry));
      if (s && s.ppid === pid) pids.push(s.pid);
    }
    return pids;
  }

  async function sampleTree(pid: number): Promise<ProcessTree> {
    const rootStat = readStat(pid);
    if (!rootStat) return { root: null, children: [] };
    const children: ChildInfo[] = [];
    for (const child of childPids(pid)) {
      const s = readStat(child);
      if (!s || s.ppid !== pid) continue; // exited, or the pid was reused between the two reads
      children.push({ ...toInfo(s), cmdline: cmdline(s) });
    }
    if (cmdlines.size > children.length) {
      const live = new Set(children.map((c) => c.pid));
      for (const pid of cmdlines.keys()) if (!live.has(pid)) cmdlines.delete(pid);
    }
    return { root: toInfo(rootStat), children };
  }

  /** inode → port of every listening TCP socket in the network namespace of `pid`. */
  function listeningInodes(pid: number): Map<string, number> | null {
    const inodes = new Map<string, number>();
    let readAny = false;
    for (const table of ['tcp', 'tcp6']) {
      const text = readText(`${procRoot}/${pid}/net/${table}`);
      if (text === null) continue;
      readAny = true;
      for (const line of text.split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        // f[1] local address "0100007F:8D41", f[3] state ("0A" = LISTEN), f[9] inode
        if (f.length > 9 && f[3] === '0A') inodes.set(f[9]!, parseInt(f[1]!.slice(f[1]!.lastIndexOf(':') + 1), 16));
      }
    }
    return readAny ? inodes : null;
  }

  function listeningPorts(pids: readonly number[]): Map<number, number> | undefined {
    const ports = new Map<number, number>();
    if (pids.length === 0) return ports;
    const inodes = listeningInodes(pids[0]!);
    if (inodes === null) return undefined;
    for (const pid of pids) {
      let fds: string[];
      try {
        fds = fs.readdirSync(`${procRoot}/${pid}/fd`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // exited meanwhile
        return undefined; // not ours to look at
      }
      for (const fd of fds) {
        let target: string;
        try {
          target = fs.readlinkSync(`${procRoot}/${pid}/fd/${fd}`);
        } catch {
          continue;
        }
        if (!target.startsWith('socket:[')) continue;
        const port = inodes.get(target.slice(8, -1));
        if (port !== undefined) ports.set(port, pid);
      }
    }
    return ports;
  }

  return { kind: 'procfs', sampleTree, listeningPorts };
}
