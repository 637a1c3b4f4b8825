import { describe, expect, it } from 'vitest';
import { type TreeReading, createProbedTree } from './probed-tree';
import type { ChildInfo, ProcInfo } from './process-source';

// The OS is faked here, and only here, for what a real one cannot be made to do on cue (a clock
// that jumps 5 s, a read that fails); ps-source.test.ts runs the same code against real processes.

const info = (pid: number, ppid: number, cpuTimeMs = 0): ProcInfo => ({
  pid,
  ppid,
  name: 'python3',
  state: 'sleeping',
  startedAtMs: 1_000,
  rssBytes: 10 << 20,
  threads: 2,
  cpuTimeMs,
  cpuPercent: null,
});
const child = (pid: number, cpuTimeMs = 0): ChildInfo => ({ ...info(pid, 100, cpuTimeMs), cmdline: `worker ${pid}` });

function fakeOs() {
  const os = {
    clock: 0,
    alive: new Set([100, 11, 12]),
    cpu: new Map<number, number>(),
    fail: null as string | null,
    reads: [] as (readonly number[] | null)[],
    reader: {
      async read(pid: number, children: readonly number[] | null): Promise<TreeReading> {
        os.reads.push(children);
        if (os.fail) throw new Error(os.fail);
        const kids = (children ?? [...os.alive].filter((p) => p !== pid)).filter((p) => os.alive.has(p));
        return {
          root: os.alive.has(pid) ? info(pid, 1, os.cpu.get(pid)) : null,
          children: kids.map((k) => child(k, os.cpu.get(k))),
        };
      },
    },
  };
  const tree = createProbedTree({
    reader: os.reader,
    probe: (pid) => os.alive.has(pid),
    now: () => os.clock,
    figuresEveryMs: 5000,
    relistEveryMs: 30_000,
  });
  /** One monitor tick: the clock moves a second, then the sample. */
  const tick = async () => {
    os.clock += 1000;
    return tree.sampleTree(100);
  };
  return { os, tree, tick };
}

const pids = (t: { children: ChildInfo[] }) => t.children.map((c) => c.pid).sort((a, b) => a - b);

describe('createProbedTree', () => {
  it('lists and reads at the first look, then only probes until the figures are 5 s old', async () => {
    const { os, tree, tick } = fakeOs();
    const first = await tick();
    expect(os.reads).toEqual([null]); // listed
    expect(first.root).toMatchObject({ pid: 100, figuresAtMs: 1000 });
    expect(pids(first)).toEqual([11, 12]);
    for (let i = 0; i < 4; i++) expect((await tick()).root!.figuresAtMs).toBe(1000);
    expect(os.reads).toHaveLength(1);
    // 5 s old: read again in the background, this tick still has the old figures. The first listing
    // found new children (a cluster's workers start one by one), so this read lists them again.
    expect((await tick()).root!.figuresAtMs).toBe(1000);
    expect(os.reads).toEqual([null, null]);
    await tree.idle();
    expect((await tick()).root!.figuresAtMs).toBe(6000);
    // The same set twice: from now on only the known pids are read.
    for (let i = 0; i < 5; i++) await tick();
    await tree.idle();
    expect(os.reads).toEqual([null, null, [11, 12]]);
  });

  it('drops a pid that has gone at once, and lists the children again in that tick', async () => {
    const { os, tick } = fakeOs();
    await tick();
    os.alive.delete(12);
    os.alive.add(13); // its nanny's replacement
    const t = await tick();
    expect(pids(t)).toEqual([11, 13]);
    expect(os.reads).toEqual([null, null]);
    expect(t.root!.figuresAtMs).toBe(2000);
  });

  it('lists again when told (Dask has another set of workers), and otherwise only every 30 s', async () => {
    const { os, tree, tick } = fakeOs();
    await tick();
    os.alive.add(13);
    expect(pids(await tick())).toEqual([11, 12]); // nothing said the set changed
    tree.relistChildren();
    expect(pids(await tick())).toEqual([11, 12, 13]);
    // The set had just changed: the next background read lists again, in case it is still changing.
    for (let i = 0; i < 5; i++) await tick();
    await tree.idle();
    expect(os.reads.at(-1)).toBeNull();
    // Then it settles: reads of the known pids, until the 30 s backstop.
    const from = os.reads.length;
    for (let i = 0; i < 35; i++) {
      await tick();
      await tree.idle();
    }
    expect(os.reads.slice(from).filter((r) => r === null)).toHaveLength(1);
  });

  it('says the process has gone as soon as signal 0 does', async () => {
    const { os, tick } = fakeOs();
    await tick();
    os.alive.delete(100);
    expect(await tick()).toEqual({ root: null, children: [] });
    expect(os.reads).toHaveLength(1);
  });

  it('gives CPU % of one core between two reads, never from figures that stood still', async () => {
    const { os, tree, tick } = fakeOs();
    os.cpu.set(100, 1000);
    const first = await tick();
    expect(first.root).toMatchObject({ cpuPercent: null, cpuTimeMs: null });
    os.cpu.set(100, 1500); // 500 ms of CPU over the 5 s to the next read
    for (let i = 0; i < 5; i++) await tick();
    await tree.idle();
    expect((await tick()).root).toMatchObject({ cpuPercent: 10, cpuTimeMs: null, figuresAtMs: 6000 });
  });

  it('keeps the last figures with the reason when a read fails, and tries again 5 s later', async () => {
    const { os, tree, tick } = fakeOs();
    await tick();
    os.fail = '/bin/ps gave no answer within 2000 ms';
    for (let i = 0; i < 5; i++) await tick();
    await tree.idle();
    const t = await tick();
    expect(t).toMatchObject({ problem: '/bin/ps gave no answer within 2000 ms', root: { figuresAtMs: 1000 } });
    expect(os.reads).toHaveLength(2);
    for (let i = 0; i < 3; i++) await tick();
    expect(os.reads).toHaveLength(2); // not every tick
    os.fail = null;
    await tick();
    await tree.idle();
    const back = await tick();
    expect(back.problem).toBeUndefined();
    expect(back.root!.figuresAtMs).toBe(11_000);
  });

  it('rejects with the reason when there is nothing to show yet (no start time, no name to judge by)', async () => {
    const { os, tick } = fakeOs();
    os.fail = '/bin/ps -o … exited with status 2';
    await expect(tick()).rejects.toThrow('no figures for process 100: /bin/ps -o … exited with status 2');
    await expect(tick()).rejects.toThrow(/status 2/);
    expect(os.reads).toHaveLength(1); // the retry waits its 5 s
  });
});
