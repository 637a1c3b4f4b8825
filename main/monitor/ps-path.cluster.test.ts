/**
 * The macOS path on a real `covalent start`: the monitor over the ps source (procps' ps here, with
 * the -p/-o flags Apple's takes), which never lists the machine. No socket view, so each worker row
 * is Dask's own (its name and memory figure) and says so; the scheduler's figures are ps's, checked
 * against /proc; and when Dask's set of workers changes the source lists the children again at
 * once (not at its 30 s backstop), checked against /proc's children of the cluster.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/snapshot';
import { type ClusterFixture, daskPythonOrSkip, describeDaskPython, startCluster } from '../../testing/cluster-fixture';
import { readTruth, workerProcesses } from '../../testing/proc-truth';
import { locateConfig } from './config/config-path';
import { type Monitor, createMonitor } from './monitor';
import type { ProcessSource, ProcessTree } from './proc/process-source';
import { createPsSource } from './proc/ps-source';
import { NO_SOCKET_VIEW } from './worker-matcher';

const python = daskPythonOrSkip();
const d = python?.covalent ? describe : describe.skip;

d(
  `the ps source (macOS's path) on a real covalent start (2 workers) on ${python ? describeDaskPython(python) : ''}`,
  () => {
    let cluster: ClusterFixture;
    let monitor: Monitor;
    /** What the source last gave the sampler for the cluster's pid: recorded, not altered. */
    let lastTree: ProcessTree | null = null;
    let relists = 0;

    const waitFor = (test: (s: Snapshot) => boolean, ms: number): Promise<Snapshot> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          const s = monitor.latest();
          reject(new Error(`not within ${ms} ms; last: ${s?.status}: ${s?.reason}; ${s?.workers.length} workers`));
        }, ms);
        const off = monitor.onSnapshot((s) => {
          if (!test(s)) return;
          clearTimeout(timer);
          off();
          resolve(s);
        });
      });

    beforeAll(async () => {
      cluster = await startCluster({ workers: 2, memoryLimit: '400MB' });
      const ps = createPsSource({ flavour: 'procps' });
      const source: ProcessSource = {
        kind: ps.kind,
        sampleTree: async (pid) => {
          const tree = await ps.sampleTree(pid);
          if (pid === cluster.pid) lastTree = tree;
          return tree;
        },
        relistChildren: () => {
          relists++;
          ps.relistChildren?.();
        },
        listeningPorts: (pids) => ps.listeningPorts(pids),
      };
      monitor = createMonitor({ location: locateConfig(cluster.env, cluster.env.HOME!), source });
      monitor.start();
      await waitFor((s) => s.status === 'running' && s.workers.length === 2, 30_000);
    });
    afterAll(async () => {
      monitor?.stop();
      await cluster?.dispose();
    });

    it("shows each worker as Dask reports it, says why, and the scheduler's figures as /proc has them", async () => {
      const s = await waitFor((x) => x.workers.length === 2 && x.workers.every((w) => w.rssBytes !== null), 10_000);
      expect(s.workerMatching).toContain(NO_SOCKET_VIEW);
      expect(s.workers.map((w) => w.name).sort()).toEqual(['0', '1']);
      // Dask's own figure is each worker's RSS at its last heartbeat: the same order as /proc's.
      const procRss = workerProcesses(cluster.pid).map((p) => p.rssBytes);
      for (const w of s.workers) {
        expect(w.rssBytes!).toBeGreaterThan(Math.min(...procRss) * 0.5);
        expect(w.rssBytes!).toBeLessThan(Math.max(...procRss) * 1.5);
      }
      const truth = readTruth(cluster.pid)!;
      expect(s.scheduler!.pid).toBe(cluster.pid);
      expect(Math.abs(s.scheduler!.rssBytes! - truth.rssBytes) / truth.rssBytes).toBeLessThan(0.1);
      const listed = new Set(lastTree!.children.map((c) => c.pid));
      expect(workerProcesses(cluster.pid).every((p) => listed.has(p.pid))).toBe(true);
    });

    it("lists the children again when Dask's workers change, finding a new worker's process at once", async () => {
      const before = relists;
      expect(await monitor.actions.scaleWorkers(3)).toEqual({ ok: true });
      await waitFor((s) => s.workers.length === 3 && s.workers.every((w) => w.name !== null), 40_000);
      expect(relists).toBeGreaterThan(before);
      // The sampler told the source (above); within two more samples of Dask listing the worker, the
      // source has its process, as it may also by its own triggers (a listing that changed), never by
      // waiting for its 30 s backstop.
      let samples = 0;
      await waitFor(() => {
        samples++;
        const want = workerProcesses(cluster.pid).map((p) => p.pid);
        const have = new Set(lastTree?.children.map((c) => c.pid));
        return want.length === 3 && want.every((pid) => have.has(pid));
      }, 10_000);
      expect(samples).toBeLessThanOrEqual(3);
      expect(await monitor.actions.scaleWorkers(2)).toEqual({ ok: true });
      await waitFor((s) => s.workers.length === 2, 40_000);
    }, 120_000);
  },
);
