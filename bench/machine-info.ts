/** The machine and software a benchmark run measured, for the head of the results. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import si from 'systeminformation';
import { findDaskPython } from '../testing/cluster-fixture';

export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryBytes: number;
  os: string;
  kernel: string;
  node: string;
  python: string;
  dask: string;
  distributed: string;
  systeminformation: string;
  /** 1, 5 and 15 minute load averages when the run began: how busy the machine was. */
  loadAtStart: number[];
}

function osName(): string {
  try {
    const m = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(fs.readFileSync('/etc/os-release', 'utf8'));
    if (m) return m[1]!;
  } catch {
    // not every Linux has os-release: fall back to the kernel's name
  }
  return `${os.type()} ${os.release()}`;
}

/** Asks the Python that runs the clusters, as the fixture finds it, which dask it has. */
function daskVersions(): { python: string; dask: string; distributed: string } {
  const found = findDaskPython();
  if (!('python' in found)) throw new Error(found.missing);
  const r = spawnSync(
    found.python,
    [
      '-c',
      'import sys, dask, distributed; print(sys.version.split()[0]); print(dask.__version__); print(distributed.__version__)',
    ],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (r.status !== 0) throw new Error(`${found.python} could not report its dask version: ${r.stderr.trim()}`);
  const [python, dask, distributed] = r.stdout.trim().split('\n');
  return { python: `${found.python} ${python}`, dask: dask!, distributed: distributed! };
}

export function readMachineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryBytes: os.totalmem(),
    os: osName(),
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    ...daskVersions(),
    systeminformation: si.version(),
    loadAtStart: os.loadavg(),
  };
}
