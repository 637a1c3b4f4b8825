/**
 * The monitor's JS heap after many samples against after few, in a child Node run with
 * --expose-gc so every reading follows a full collection. A second child, run alongside, takes a
 * heap snapshot at the first and the last reading instead, to split the heap into what the program
 * keeps (objects, arrays, strings, closures) and what V8 keeps for itself (compiled code, its
 * feedback and weak lists), which grows for a while as V8 optimises. Snapshots disturb heapUsed,
 * hence two children.
 */
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import v8 from 'node:v8';
import { formatBytes } from '../shared/format';
import { createMonitor } from '../main/monitor/monitor';
import type { ClusterFixture } from '../testing/cluster-fixture';
import { track } from './child-processes';
import type { PartResult } from './report';
import { fitLine } from './stats';

export const HEAP_CHILD_FLAG = '--heap-child';

interface Checkpoint {
  samples: number;
  heapUsed: number;
}

interface SnapshotCheckpoint {
  samples: number;
  /** Self sizes of the heap snapshot's nodes that are the program's values. */
  objects: number;
  /** Self sizes of V8's own nodes: code, object shapes, hidden and synthetic nodes. */
  internal: number;
}

interface HeapSnapshotJson {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
}

const V8_INTERNAL = new Set(['code', 'hidden', 'object shape', 'synthetic']);

async function splitHeap(): Promise<{ objects: number; internal: number }> {
  const chunks: Buffer[] = [];
  for await (const chunk of v8.getHeapSnapshot()) chunks.push(Buffer.from(chunk as Uint8Array));
  const snap = JSON.parse(Buffer.concat(chunks).toString('utf8')) as HeapSnapshotJson;
  const fields = snap.snapshot.meta.node_fields;
  const typeNames = snap.snapshot.meta.node_types[0];
  const [width, typeAt, sizeAt] = [fields.length, fields.indexOf('type'), fields.indexOf('self_size')];
  let objects = 0;
  let internal = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const size = snap.nodes[i + sizeAt]!;
    if (V8_INTERNAL.has(typeNames[snap.nodes[i + typeAt]!]!)) internal += size;
    else objects += size;
  }
  return { objects, internal };
}

/** The child's side: samples the cluster `total` times, printing a checkpoint every `every`. */
export async function runHeapChild(args: readonly string[]): Promise<void> {
  const [configPath, total, every, snapshots] = [args[0]!, Number(args[1]), Number(args[2]), args[3] === 'snapshots'];
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error(`${HEAP_CHILD_FLAG} needs node --expose-gc`);
  const monitor = createMonitor({ location: { path: configPath, source: '--config' } });
  const first = await monitor.sampleOnce();
  process.stdout.write(
    `${JSON.stringify({ status: first.status, reason: first.reason, workers: first.workers.length })}\n`,
  );
  for (let i = 2; i <= total; i++) {
    await monitor.sampleOnce();
    if (i % every === 0 && (!snapshots || i === every || i + every > total)) {
      // Let closed sockets and timers finish before collecting, so only what is kept remains.
      await new Promise((resolve) => setImmediate(resolve));
      gc();
      gc();
      const checkpoint: Checkpoint | SnapshotCheckpoint = snapshots
        ? { samples: i, ...(await splitHeap()) }
        : { samples: i, heapUsed: process.memoryUsage().heapUsed };
      process.stdout.write(`${JSON.stringify(checkpoint)}\n`);
    }
  }
  monitor.stop();
}

export interface HeapOptions {
  workers: number;
  samples: number;
  every: number;
  judge: boolean;
}

const signed = (b: number) => `${b < 0 ? '−' : '+'}${formatBytes(Math.abs(b))}`;

/** Runs one heap child to its end and returns its checkpoints. */
async function runChild<T>(fixture: ClusterFixture, options: HeapOptions, mode: 'heap' | 'snapshots'): Promise<T[]> {
  const child = track(
    spawn(
      process.execPath,
      [
        '--expose-gc',
        process.argv[1]!,
        HEAP_CHILD_FLAG,
        fixture.configPath,
        String(options.samples),
        String(options.every),
        mode,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    ),
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const lines: string[] = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the heap child (${mode}) exited with ${code}: ${stderr}`);
  const head = JSON.parse(lines[0] ?? '{}') as { status?: string; reason?: string; workers?: number };
  if (head.status !== 'running' || head.workers !== options.workers) {
    throw new Error(
      `the heap child did not sample the cluster: ${head.status} (${head.reason}), ${head.workers} workers`,
    );
  }
  const points = lines.slice(1).map((l) => JSON.parse(l) as T);
  const expected = mode === 'heap' ? Math.floor(options.samples / options.every) : 2;
  if (points.length !== expected)
    throw new Error(`the heap child (${mode}) reported ${points.length} checkpoints:\n${stderr}`);
  return points;
}

export async function measureHeapGrowth(fixture: ClusterFixture, options: HeapOptions): Promise<PartResult> {
  const [points, split] = await Promise.all([
    runChild<Checkpoint>(fixture, options, 'heap'),
    runChild<SnapshotCheckpoint>(fixture, options, 'snapshots'),
  ]);
  const first = points[0]!;
  const last = points.at(-1)!;
  const xs = points.map((p) => p.samples);
  const heapFit = fitLine(
    xs,
    points.map((p) => p.heapUsed),
  );
  const growth = last.heapUsed - first.heapUsed;
  const objectGrowth = split.at(-1)!.objects - split[0]!.objects;
  const internalGrowth = split.at(-1)!.internal - split[0]!.internal;
  // Noise: how far heapUsed readings stray from their own trend, and never less than 1 % of the heap.
  const noise = Math.max(3 * heapFit.residualStd, 0.01 * first.heapUsed);
  const n = (k: number) => k.toLocaleString('en');
  const met = objectGrowth <= noise;
  let note = '';
  if (!options.judge) note = `quick: ${options.samples} samples, V8 still optimising`;
  else if (!met)
    note =
      'objects the monitor keeps grow with samples: compare heap snapshots (node --heapsnapshot-signal) at the two points to find which map or list';
  else if (growth > noise) {
    const mid = points[points.length >> 1]!;
    note = `heapUsed grows ${signed(growth)}, beyond its noise: the snapshots put it in V8's compiled code, feedback and weak lists (${signed(internalGrowth)}), not in the program's objects (${signed(objectGrowth)}); it slows as V8 finishes optimising (${signed(mid.heapUsed - first.heapUsed)} up to ${n(mid.samples)} samples, ${signed(last.heapUsed - mid.heapUsed)} after)`;
  }
  return {
    tables: [
      {
        title: `JS heap of the monitor after ${n(last.samples)} samples against after ${n(first.samples)} (${options.workers}-worker cluster)`,
        columns: ['measure', `after ${n(first.samples)}`, `after ${n(last.samples)}`, 'growth', 'noise band'],
        rows: [
          [
            'heapUsed after full GC',
            formatBytes(first.heapUsed),
            formatBytes(last.heapUsed),
            signed(growth),
            formatBytes(noise),
          ],
          [
            "the program's objects (heap snapshot)",
            formatBytes(split[0]!.objects),
            formatBytes(split.at(-1)!.objects),
            signed(objectGrowth),
            '',
          ],
          [
            "V8's code, feedback, shapes, weak lists (heap snapshot)",
            formatBytes(split[0]!.internal),
            formatBytes(split.at(-1)!.internal),
            signed(internalGrowth),
            '',
          ],
        ],
        notes: [
          `A child \`node --expose-gc\` runs createMonitor().sampleOnce() back to back against the real cluster (each sample reads /proc and asks Dask over HTTP) and every ${n(options.every)} samples reads process.memoryUsage().heapUsed after two full collections. A second child, run at the same time, takes a heap snapshot at the first and the last of those points instead and sums its nodes' self sizes, V8's own (types code, hidden, object shape, synthetic) apart from the rest.`,
          `Noise band: 3 σ of the heapUsed readings about their least-squares line, at least 1 % of the heap. heapUsed trend: ${signed(heapFit.slope * 1000)} per 1,000 samples (${signed(heapFit.slope * 86_400)} a day at 1 s, were it to go on).`,
          `heapUsed readings: ${points.map((p) => (p.heapUsed / 1e6).toFixed(3)).join(', ')} MB.`,
        ],
      },
    ],
    targets: [
      {
        target: 'no heap growth beyond noise',
        figure: `heapUsed ${signed(growth)}, the program's objects ${signed(objectGrowth)} (noise ${formatBytes(noise)}), ${n(first.samples)} → ${n(last.samples)} samples`,
        met: options.judge ? met : null,
        note,
      },
    ],
  };
}
