/** Dask's own answers, asked through a Dask client in Python: ground truth for the tests. */
import { spawnSync } from 'node:child_process';
import type { ClusterFixture } from './cluster-fixture';

export interface DaskWorkerTruth {
  address: string;
  name: string;
  pid: number;
  memoryLimit: number;
  nthreads: number;
}

const SCRIPT = `
import json, os, sys
from dask.distributed import Client
with Client(sys.argv[1], timeout=30) as c:
    pids = c.run(os.getpid)
    info = c.scheduler_info()["workers"]
    print(json.dumps([{"address": a, "name": str(w["name"]), "pid": pids[a], "memoryLimit": w["memory_limit"], "nthreads": w["nthreads"]} for a, w in info.items()]))
`;

/** Each worker's address, name, pid (os.getpid() run inside it), memory limit and threads. */
export function daskWorkers(fixture: ClusterFixture): DaskWorkerTruth[] {
  const r = spawnSync(fixture.python.python, ['-c', SCRIPT, fixture.schedulerAddress], {
    env: fixture.env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`asking Dask failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as DaskWorkerTruth[]).sort((a, b) => a.pid - b.pid);
}

/** The config as Covalent's own parser (Python's toml) reads it. */
export function readConfigWithPython(
  fixture: ClusterFixture,
  file = fixture.configPath,
): Record<string, Record<string, unknown>> {
  const r = spawnSync(
    fixture.python.python,
    ['-c', 'import json, sys, toml; print(json.dumps(toml.load(sys.argv[1])))', file],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
}
