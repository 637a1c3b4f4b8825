/** covalent-dask-tray: the monitoring core on a terminal, no Electron. */
import os from 'node:os';
import { type CliArgs, parseCliArgs, USAGE, UsageError } from './cli-args';
import { renderAlertLine, renderStatus, renderWatchLine } from './render-text';
import { locateConfig } from '../monitor/config/config-path';
import { createMonitor } from '../monitor/monitor';
import type { ClusterStatus } from '../../shared/snapshot';

declare const __APP_VERSION__: string;

export const EXIT_CODES: Record<ClusterStatus, number> = {
  running: 0,
  degraded: 0,
  'no-cluster': 0,
  stopped: 3,
  'not-configured': 4,
  'config-error': 5,
};

// `watch | head` closes the pipe: that is the reader leaving, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

function write(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function main(argv: string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`covalent-dask-tray: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.command === 'help') {
    write(USAGE);
    return 0;
  }
  if (args.command === 'version') {
    write(__APP_VERSION__);
    return 0;
  }

  const location = locateConfig(process.env, os.homedir(), args.configPath);
  const monitor = createMonitor({ location, intervalMs: args.intervalMs, alertFraction: args.alertFraction });

  if (args.command === 'status') {
    // Two samples a moment apart: CPU % needs a time span, and a memory alert a confirming look.
    await monitor.sampleOnce();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const snapshot = await monitor.sampleOnce();
    monitor.stop();
    write(args.json ? JSON.stringify(snapshot, null, 2) : renderStatus(snapshot));
    return EXIT_CODES[snapshot.status];
  }

  monitor.onSnapshot((s) => write(args.json ? JSON.stringify({ type: 'snapshot', ...s }) : renderWatchLine(s)));
  monitor.onAlert((a) => write(args.json ? JSON.stringify({ type: 'alert', ...a }) : renderAlertLine(a)));
  monitor.start();
  return new Promise((resolve) => {
    const finish = () => {
      monitor.stop();
      resolve(0);
    };
    process.once('SIGINT', finish);
    process.once('SIGTERM', finish);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`covalent-dask-tray: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
