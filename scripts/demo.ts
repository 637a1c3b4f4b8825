/**
 * npm run demo: a Covalent-style Dask cluster in a temporary config folder, and the app watching
 * it — for anyone without Covalent. Quitting the app stops the cluster.
 *   --headless   run the CLI's `watch` instead of the app
 *   --pressure   every 30 s, push a worker's memory past 80 % for 10 s, to see the warning
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { type ClusterFixture, type Pressure, findDaskPython, pressWorker, startCluster } from './cluster-fixture';

const root = path.resolve(__dirname, '..');
const args = new Set(process.argv.slice(2));

async function main(): Promise<number> {
  const python = findDaskPython();
  if (!('python' in python)) {
    console.error(`demo: ${python.missing}`);
    return 1;
  }
  console.log('demo: starting a Dask cluster the way `covalent start` does (4 workers, 1GB each)…');
  const cluster: ClusterFixture = await startCluster({ workers: 4, memoryLimit: '1GB' });
  console.log(`demo: cluster up, pid ${cluster.pid}, dashboard ${cluster.dashboardLink}`);
  console.log(`demo: COVALENT_CONFIG_DIR=${cluster.configDir}`);

  let app: ChildProcess;
  if (args.has('--headless')) {
    app = spawn(process.execPath, [path.join(root, 'dist/cli.js'), 'watch'], { env: cluster.env, stdio: 'inherit' });
  } else {
    // The electron package resolves (and on first use downloads) the Electron binary.
    const electron = require('electron') as unknown as string;
    app = spawn(electron, [root], { env: cluster.env, stdio: 'inherit' });
  }

  let pressure: Pressure | null = null;
  const timer = args.has('--pressure')
    ? setInterval(() => {
        const name = String(Math.floor(Math.random() * 4));
        console.log(`demo: pushing worker ${name} to 86 % of its limit for 10 s`);
        pressure = pressWorker(cluster, name, 0.86, 10);
      }, 30_000)
    : null;

  const code = await new Promise<number>((resolve) => {
    app.once('exit', (c) => resolve(c ?? 0));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.kill(signal));
  });
  if (timer) clearInterval(timer);
  (pressure as Pressure | null)?.stop();
  console.log('demo: stopping the cluster…');
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
