import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childrenOf, isAlive, readStartMs, readTruth } from '../../../testing/proc-truth';
import { judgeScheduler } from '../scheduler-verdict';
import type { ProcessTree } from './process-source';
import { createPsSource } from './ps-source';

// The macOS path's code run on Linux over procps' ps and pgrep, against real processes, checked
// with /proc read apart from it (testing/proc-truth.ts).
const HAVE_PROCPS = process.platform === 'linux' && fs.existsSync('/bin/ps') && fs.existsSync('/usr/bin/pgrep');
const PYTHON = '/usr/bin/python3';

/** A Node process with `sleep` children; SIGUSR2 makes it start one more. It prints their pids. */
const PARENT = `
const { spawn } = require('node:child_process');
const start = () => spawn('sleep', ['600'], { stdio: 'ignore' });
for (let i = 0; i < 3; i++) start();
process.on('SIGUSR2', start);
setInterval(() => {}, 1000);
process.stdout.write('ready\\n');
`;

async function startParent(): Promise<ChildProcess> {
  const parent = spawn(process.execPath, ['-e', PARENT], { stdio: ['ignore', 'pipe', 'inherit'] });
  await once(parent.stdout!, 'data');
  return parent;
}

async function until<T>(read: () => T | Promise<T>, ok: (t: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const t = await read();
    if (ok(t) || Date.now() > end) return t;
    await sleep(50);
  }
}

const sorted = (pids: number[]) => [...pids].sort((a, b) => a - b);
const childPids = (t: ProcessTree) => sorted(t.children.map((c) => c.pid));

describe.runIf(HAVE_PROCPS)('createPsSource over procps, against real processes', () => {
  let parent: ChildProcess;
  beforeAll(async () => {
    parent = await startParent();
  });
  afterAll(() => {
    // The sleeps outlive a killed parent: end them by pid first.
    for (const c of childrenOf(parent.pid!)) process.kill(c.pid, 'SIGKILL');
    parent.kill('SIGKILL');
  });

  it('gives the pids, parent, RSS, threads, start times and command lines /proc has', async () => {
    const source = createPsSource({ flavour: 'procps' });
    const truthKids = childrenOf(parent.pid!);
    expect(truthKids).toHaveLength(3);
    const t = await source.sampleTree(parent.pid!);
    const root = readTruth(parent.pid!)!;
    expect(t.problem).toBeUndefined();
    expect(t.root).toMatchObject({ pid: parent.pid, ppid: process.pid, name: 'node', threads: root.threads });
    expect(Math.abs(t.root!.rssBytes! - root.rssBytes)).toBeLessThanOrEqual(0.1 * root.rssBytes);
    expect(childPids(t)).toEqual(truthKids.map((k) => k.pid));
    for (const p of [t.root!, ...t.children]) {
      // lstart is the start to the second, rounded down.
      const start = readStartMs(p.pid)!;
      expect(start - p.startedAtMs!).toBeGreaterThanOrEqual(0);
      expect(start - p.startedAtMs!).toBeLessThan(1000);
      expect(p.figuresAtMs).toBeGreaterThan(Date.now() - 5000);
    }
    for (const c of t.children) {
      const truth = truthKids.find((k) => k.pid === c.pid)!;
      expect(c).toMatchObject({ ppid: parent.pid, name: 'sleep', cmdline: truth.cmdline, threads: truth.threads });
      expect(Math.abs(c.rssBytes! - truth.rssBytes)).toBeLessThanOrEqual(0.1 * truth.rssBytes);
    }
  });

  it('drops a worker that died within one tick, and finds a new child when told to list again', async () => {
    const source = createPsSource({ flavour: 'procps' });
    const first = await source.sampleTree(parent.pid!);
    const victim = first.children[0]!.pid;
    process.kill(victim, 'SIGKILL');
    await until(
      () => isAlive(victim),
      (alive) => !alive,
    ); // reaped by its Node parent
    const next = await source.sampleTree(parent.pid!);
    expect(childPids(next)).not.toContain(victim);
    expect(childPids(next)).toEqual(sorted(childrenOf(parent.pid!).map((k) => k.pid)));

    parent.kill('SIGUSR2');
    await until(
      () => childrenOf(parent.pid!).length,
      (n) => n === 3,
    );
    expect(childPids(await source.sampleTree(parent.pid!))).toHaveLength(2); // nothing said the set changed
    source.relistChildren!();
    expect(childPids(await source.sampleTree(parent.pid!))).toEqual(sorted(childrenOf(parent.pid!).map((k) => k.pid)));
  });

  it('says a process has gone at the next look', async () => {
    const source = createPsSource({ flavour: 'procps' });
    const other = await startParent();
    expect((await source.sampleTree(other.pid!)).root).not.toBeNull();
    const kids = childrenOf(other.pid!);
    other.kill('SIGKILL');
    await once(other, 'exit');
    for (const k of kids) process.kill(k.pid, 'SIGKILL');
    expect(await source.sampleTree(other.pid!)).toEqual({ root: null, children: [] });
  });

  it('reads the figures again in the background once they are 5 s old', async () => {
    let clock = Date.now();
    const source = createPsSource({ flavour: 'procps', now: () => clock });
    const first = await source.sampleTree(parent.pid!);
    clock += 4000;
    expect((await source.sampleTree(parent.pid!)).root!.figuresAtMs).toBe(first.root!.figuresAtMs);
    clock += 1000;
    await source.sampleTree(parent.pid!);
    await source.idle();
    expect((await source.sampleTree(parent.pid!)).root!.figuresAtMs).toBe(clock);
  });

  it('gives a clear reason, not a crash, when ps cannot run', async () => {
    const source = createPsSource({
      flavour: 'procps',
      run: async () => {
        throw new Error('/bin/ps gave no answer within 2000 ms');
      },
    });
    await expect(source.sampleTree(parent.pid!)).rejects.toThrow(
      `no figures for process ${parent.pid}: /bin/ps gave no answer within 2000 ms`,
    );
  });
});

describe.runIf(HAVE_PROCPS && fs.existsSync(PYTHON))('the stale-pid checks on the ps source', () => {
  let python: ChildProcess;
  beforeAll(async () => {
    // Two processes from multiprocessing's spawn context, as a Dask LocalCluster starts its workers.
    const code = `
import multiprocessing as mp, sys, time
if __name__ == "__main__":
    ctx = mp.get_context("spawn")
    procs = [ctx.Process(target=time.sleep, args=(600,)) for _ in range(2)]
    for p in procs: p.start()
    print("ready", flush=True)
    time.sleep(600)
`;
    python = spawn(PYTHON, ['-c', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    await once(python.stdout!, 'data');
  });
  afterAll(() => {
    for (const c of childrenOf(python.pid!)) process.kill(c.pid, 'SIGKILL');
    python.kill('SIGKILL');
  });

  it('takes a Python process with multiprocessing children for the cluster, and a later start for a stale pid', async () => {
    const tree = await createPsSource({ flavour: 'procps' }).sampleTree(python.pid!);
    expect(tree.children.filter((c) => c.cmdline.includes('spawn_main'))).toHaveLength(2);
    const base = { pid: python.pid!, ...tree, schedulerPort: 8786, listening: undefined };
    const written = tree.root!.startedAtMs! + 500;
    expect(judgeScheduler({ ...base, pidWrittenAtMs: written })).toMatchObject({
      kind: 'cluster',
      evidence: 'process-tree',
    });
    expect(judgeScheduler({ ...base, pidWrittenAtMs: written - 60_000 })).toMatchObject({ kind: 'impostor' });
  });
});
