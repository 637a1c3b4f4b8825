/**
 * Which Python the cluster tests, the benchmark and the demo run Dask with. The project's own
 * environments come first (testing/setup-python.sh makes them in .venv/): `TRAY_DASK=current` (the
 * default) or `TRAY_DASK=oldest` picks one. Then $DASK_PYTHON, python3 on the PATH and
 * /usr/bin/python3, the first that imports distributed and toml.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type DaskEnvName = 'current' | 'oldest';

export interface DaskPythonFound {
  python: string;
  /** dask/distributed's version in that Python. */
  distributed: string;
  /** covalent's version, or null where Covalent is not installed (the imitation is used then). */
  covalent: string | null;
  /** Where it was found: one of the project's environments, or another Python. */
  from: DaskEnvName | 'DASK_PYTHON' | 'PATH';
}

export type DaskPython = DaskPythonFound | { missing: string };

/** The checkout's root, from wherever this module runs (source, or bundled into dist/). */
export const REPO_ROOT = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'testing', 'setup-python.sh'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`the checkout (testing/setup-python.sh) is not above ${__dirname}`);
  }
})();

export function projectEnvPython(name: DaskEnvName): string {
  return path.join(REPO_ROOT, '.venv', `dask-${name}`, 'bin', 'python');
}

const PROBE = `
import json, distributed, toml
try:
    import covalent
    cov = getattr(covalent, "__version__", None) or "unknown"
except Exception:
    cov = None
print(json.dumps({"distributed": distributed.__version__, "covalent": cov}))
`;

function probe(python: string): { distributed: string; covalent: string | null } | { error: string } {
  const r = spawnSync(python, ['-c', PROBE], { encoding: 'utf8', timeout: 60_000 });
  if (r.status === 0) return JSON.parse(r.stdout) as { distributed: string; covalent: string | null };
  return { error: r.error ? r.error.message : (r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`) };
}

function wantedEnv(): DaskEnvName {
  const v = process.env.TRAY_DASK ?? 'current';
  if (v !== 'current' && v !== 'oldest')
    throw new Error(`TRAY_DASK must be current or oldest, not ${JSON.stringify(v)}`);
  return v;
}

let found: DaskPython | null = null;

export function findDaskPython(): DaskPython {
  if (found) return found;
  const name = wantedEnv();
  const candidates: [string, DaskPythonFound['from']][] = [[projectEnvPython(name), name]];
  // Another Python stands in only for the default; asking for the oldest means that environment.
  if (name === 'current') {
    if (process.env.DASK_PYTHON) candidates.push([process.env.DASK_PYTHON, 'DASK_PYTHON']);
    else candidates.push(['python3', 'PATH'], ['/usr/bin/python3', 'PATH']);
  }
  const tried: string[] = [];
  for (const [python, from] of candidates) {
    if (path.isAbsolute(python) && !fs.existsSync(python)) {
      tried.push(`${python}: not there`);
      continue;
    }
    const p = probe(python);
    if (!('error' in p)) {
      found = { python, from, ...p };
      return found;
    }
    tried.push(`${python}: ${p.error}`);
  }
  found = {
    missing: `no Python with dask distributed and toml (tried ${tried.join('; ')}). Run testing/setup-python.sh, or set DASK_PYTHON`,
  };
  return found;
}

/** The Python to use, or a reason to skip; under CI=true a missing one is an error, not a skip. */
export function daskPythonOrSkip(): DaskPythonFound | null {
  const p = findDaskPython();
  if ('python' in p) return p;
  if (process.env.CI === 'true') throw new Error(p.missing);
  console.warn(`skipping cluster tests: ${p.missing}`);
  return null;
}

/** "current Dask (distributed 2026.8.0, covalent 0.240.0)", for test titles and reports. */
export function describeDaskPython(found: DaskPythonFound): string {
  const which =
    found.from === 'oldest'
      ? 'oldest supported Dask'
      : found.from === 'current'
        ? 'current Dask'
        : `Dask from ${found.from}`;
  return `${which} (distributed ${found.distributed}${found.covalent ? `, covalent ${found.covalent}` : ', no covalent'})`;
}
