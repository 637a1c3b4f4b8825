/**
 * The part of the ps and Windows sources that decides when to ask the OS: each sampleTree probes
 * the watched pids with signal 0 (no listing of the machine), drops a pid that has gone at once,
 * and re-reads the figures of just those pids every few seconds, or at once after a change (a new
 * process to watch, a pid gone, relistChildren). The children are listed again only then.
 */
import type { ChildInfo, ProcInfo, ProcessTree } from './process-source';

/** What one read of the OS gave: the process and its direct children, with fresh figures. */
export interface TreeReading {
  root: ProcInfo | null;
  children: ChildInfo[];
}

export interface TreeReader {
  /**
   * Figures for `pid` and its children: `children` are the pids already known (read just those),
   * or null to list them again. Rejects with a message that says what failed.
   */
  read(pid: number, children: readonly number[] | null): Promise<TreeReading>;
}

/** Whether a pid exists: signal 0 (kill(2); libuv's uv_kill on Windows). */
export type Probe = (pid: number) => boolean;

/**
 * process.kill(pid, 0): ESRCH is gone; EPERM is alive but another user's (Node docs, process.kill;
 * libuv src/unix/process.c and src/win/process.c uv_kill). A zombie is alive to it until reaped.
 */
export function probeSignal0(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ProbedTreeOptions {
  reader: TreeReader;
  probe?: Probe;
  now?: () => number;
  /** Age at which figures are read again, in the background. */
  figuresEveryMs?: number;
  /**
   * Longest time without listing the children again, while nothing said they changed: a backstop
   * for a child that appears with no pid gone and nobody calling relistChildren.
   */
  relistEveryMs?: number;
}

/** Five seconds: an OS figure shown at most that old; Dask's own memory figure comes every tick. */
export const FIGURES_EVERY_MS = 5000;
export const RELIST_EVERY_MS = 30_000;

interface Watched {
  pid: number;
  root: ProcInfo | null;
  children: Map<number, ChildInfo>;
  /** When the figures above were read; -Infinity before the first read. */
  at: number;
  /** Earliest next read after a failed one. */
  retryAt: number;
  relistNow: boolean;
  relistAfter: number;
  problem: string | null;
  /** Last two CPU readings per pid, for CPU % between reads. */
  cpu: Map<number, { startedAtMs: number | null; cpuTimeMs: number; at: number; percent: number | null }>;
}

export interface ProbedTree {
  sampleTree(pid: number): Promise<ProcessTree>;
  relistChildren(): void;
  /** Resolves once no read runs in the background (the benchmark waits for it). */
  idle(): Promise<void>;
}

/** States kept for this many pids at once: the sampler may look at the cluster it leaves too. */
const KEPT_PIDS = 4;

export function createProbedTree(options: ProbedTreeOptions): ProbedTree {
  const { reader } = options;
  const probe = options.probe ?? probeSignal0;
  const now = options.now ?? Date.now;
  const figuresEveryMs = options.figuresEveryMs ?? FIGURES_EVERY_MS;
  const relistEveryMs = options.relistEveryMs ?? RELIST_EVERY_MS;
  const watched = new Map<number, Watched>();
  const inflight = new Map<Watched, Promise<void>>();

  function watch(pid: number): Watched {
    let w = watched.get(pid);
    if (w) {
      watched.delete(pid); // re-inserted below: the Map's order is the order of use
    } else {
      w = {
        pid,
        root: null,
        children: new Map(),
        at: Number.NEGATIVE_INFINITY,
        retryAt: Number.NEGATIVE_INFINITY,
        relistNow: true,
        relistAfter: Number.NEGATIVE_INFINITY,
        problem: null,
        cpu: new Map(),
      };
    }
    watched.set(pid, w);
    while (watched.size > KEPT_PIDS) watched.delete(watched.keys().next().value!);
    return w;
  }

  /** CPU % of one core between this read and the last of the same process; null on its first. */
  function cpuPercent<T extends ProcInfo>(w: Watched, p: T, at: number): T {
    if (p.cpuPercent !== null || p.cpuTimeMs === null) return { ...p, cpuTimeMs: null };
    const prev = w.cpu.get(p.pid);
    const same = prev && prev.startedAtMs === p.startedAtMs && at > prev.at;
    const percent = same ? Math.max(0, ((p.cpuTimeMs - prev.cpuTimeMs) / (at - prev.at)) * 100) : null;
    w.cpu.set(p.pid, { startedAtMs: p.startedAtMs, cpuTimeMs: p.cpuTimeMs, at, percent });
    // cpuTimeMs is left out: between reads it stands still, and a sampler computing CPU % from it
    // tick by tick would see 0 % and then a burst.
    return { ...p, cpuTimeMs: null, cpuPercent: percent };
  }

  async function read(w: Watched): Promise<void> {
    const relist = w.relistNow || now() >= w.relistAfter;
    w.relistNow = false;
    const before = new Set(w.children.keys());
    let reading: TreeReading;
    try {
      reading = await reader.read(w.pid, relist ? null : [...before]);
    } catch (err) {
      w.problem = (err as Error).message;
      w.retryAt = now() + figuresEveryMs;
      if (relist) w.relistNow = true;
      return;
    }
    const at = now();
    w.problem = null;
    w.retryAt = Number.NEGATIVE_INFINITY;
    if (reading.root === null) {
      // Alive by signal 0 a moment ago, yet not in the OS's answer: it exited meanwhile (the next
      // probe says so), or the answer left it out (the Windows library reads 1,024 processes at most).
      w.problem = `the OS's answer did not include process ${w.pid}`;
      w.retryAt = at + figuresEveryMs;
      return;
    }
    w.at = at;
    w.root = cpuPercent(w, reading.root, at);
    w.children = new Map(
      reading.children.filter((c) => c.ppid === w.pid).map((c) => [c.pid, cpuPercent(w, c, at)] as const),
    );
    for (const pid of w.cpu.keys()) if (pid !== w.pid && !w.children.has(pid)) w.cpu.delete(pid);
    if (relist) {
      const changed = w.children.size !== before.size || [...w.children.keys()].some((p) => !before.has(p));
      // A set that just changed may still be changing (workers starting one by one): look again soon.
      w.relistAfter = at + (changed ? figuresEveryMs : relistEveryMs);
    } else if ([...before].some((p) => !w.children.has(p))) {
      w.relistNow = true; // one went between the probe and the read
    }
  }

  function start(w: Watched): Promise<void> {
    let p = inflight.get(w);
    if (!p) {
      p = read(w).finally(() => inflight.delete(w));
      inflight.set(w, p);
    }
    return p;
  }

  /** A read is awaited when the tick cannot do without it: nothing known yet, or a change to see. */
  const mustRead = (w: Watched) => (w.root === null || w.relistNow) && now() >= w.retryAt;

  function tree(w: Watched): ProcessTree {
    const out: ProcessTree = {
      root: { ...w.root!, figuresAtMs: w.at },
      children: [...w.children.values()].map((c) => ({ ...c, figuresAtMs: w.at })),
    };
    if (w.problem) out.problem = w.problem;
    return out;
  }

  return {
    async sampleTree(pid) {
      const w = watch(pid);
      if (!probe(pid)) {
        watched.delete(pid);
        return { root: null, children: [] };
      }
      for (const child of w.children.keys()) {
        if (!probe(child)) {
          w.children.delete(child);
          w.relistNow = true; // its nanny may start another: look for it now
        }
      }
      // At most twice: a background read in flight may not be the relisting this tick needs.
      for (let i = 0; i < 2 && mustRead(w); i++) await start(w);
      if (w.root === null) {
        throw new Error(`no figures for process ${pid}: ${w.problem ?? 'not read yet'}`);
      }
      if (now() - w.at >= figuresEveryMs && now() >= w.retryAt) void start(w);
      return tree(w);
    },
    relistChildren() {
      for (const w of watched.values()) w.relistNow = true;
    },
    async idle() {
      while (inflight.size > 0) await Promise.all(inflight.values());
    },
  };
}
