/**
 * npm run demo: Covalent with its Dask cluster, in a temporary HOME, and the app watching it.
 * The real `covalent start` where the project's Python environment (testing/setup-python.sh) or
 * the user's Python has Covalent; our imitation of it on plain Dask otherwise. It says which.
 * Quitting the app stops Covalent.
 *   --headless   run the CLI's `watch` instead of the app
 *   --pressure   every 30 s, dispatch a workflow that pushes a worker's memory past 80 % for 10 s
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import {
  type ClusterFixture,
  type Pressure,
  describeDaskPython,
  findDaskPython,
  growInWorkflow,
  pressWorker,
  startCluster,
} from '../testing/cluster-fixture';

const root = path.resolve(__dirname, '..');
const args = new Set(process.argv.slice(2));

async function main(): Promise<number> {
  const python = findDaskPython();
  if (!('python' in python)) {
    console.error(`demo: ${python.missing}`);
    return 1;
  }
  const how = python.covalent
    ? 'covalent start -n 4 -m 1GB'
    : 'our imitation of covalent start (no Covalent in this Python)';
  console.log(`demo: ${how}, on ${describeDaskPython(python)} (${python.python})…`);
  const cluster: ClusterFixture = await startCluster({ workers: 4, memoryLimit: '1GB' });
  console.log(`demo: cluster up, pid ${cluster.pid}, dashboard ${cluster.dashboardLink}`);
  console.log(`demo: config ${cluster.configPath}${cluster.serverUrl ? `; Covalent UI ${cluster.serverUrl}` : ''}`);

  let app: ChildProcess;
  if (args.has('--headless')) {
    app = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'watch'], { env: cluster.env, stdio: 'inherit' });
  } else {
    // The electron package resolves (and on first use downloads) the Electron binary.
    const electron = require('electron') as unknown as string;
    app = spawn(electron, [root], { env: cluster.env, stdio: 'inherit' });
  }

  let pressure: Pressure | null = null;
  const press = () => {
    if (cluster.kind === 'covalent') {
      console.log("demo: dispatching a workflow whose electron holds 86 % of its worker's limit for 10 s");
      return growInWorkflow(cluster, 0.86, 10);
    }
    const name = String(Math.floor(Math.random() * 4));
    console.log(`demo: pushing worker ${name} to 86 % of its limit for 10 s`);
    return pressWorker(cluster, name, 0.86, 10);
  };
  const timer = args.has('--pressure') ? setInterval(() => (pressure = press()), 30_000) : null;

  const code = await new Promise<number>((resolve) => {
    app.once('exit', (c) => resolve(c ?? 0));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.kill(signal));
  });
  if (timer) clearInterval(timer);
  (pressure as Pressure | null)?.stop();
  console.log(cluster.kind === 'covalent' ? 'demo: covalent stop…' : 'demo: stopping the cluster…');
  await cluster.dispose();
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`demo: ${(err as Error).message}`);
    process.exit(1);
  },
);
