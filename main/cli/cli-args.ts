/** The CLI's command line: `status` or `watch`, and their options. */
import { DEFAULT_ALERT_FRACTION } from '../../shared/dask-thresholds';

export interface CliArgs {
  command: 'status' | 'watch' | 'help' | 'version';
  json: boolean;
  configPath: string | undefined;
  intervalMs: number | undefined;
  alertFraction: number | undefined;
}

export const USAGE = `Usage: covalent-dask-tray <command> [options]

Commands:
  status               Print one snapshot of Covalent's Dask cluster and exit
                       (0 running, degraded or no-cluster; 3 stopped; 4 not configured; 5 config error)
  watch                Print a line per snapshot and per alert until interrupted

Options:
  --json               Print JSON (one object per line for watch)
  --config PATH        Read this covalent.conf instead of Covalent's own
  --interval SECONDS   Time between samples for watch (default 1)
  --alert-fraction F   Warn when a worker's memory reaches this fraction of its limit (default ${DEFAULT_ALERT_FRACTION})
  -h, --help           Show this help
  -v, --version        Show the version`;

export class UsageError extends Error {}

export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    command: 'help',
    json: false,
    configPath: undefined,
    intervalMs: undefined,
    alertFraction: undefined,
  };
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--json':
        args.json = true;
        break;
      case '--config':
        args.configPath = value();
        break;
      case '--interval': {
        const seconds = Number(value());
        if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 3600)
          throw new UsageError('--interval takes seconds between 0.1 and 3600');
        args.intervalMs = Math.round(seconds * 1000);
        break;
      }
      case '--alert-fraction': {
        const f = Number(value());
        if (!Number.isFinite(f) || f <= 0 || f >= 1)
          throw new UsageError('--alert-fraction takes a number between 0 and 1, such as 0.8');
        args.alertFraction = f;
        break;
      }
      case '-h':
      case '--help':
        return { ...args, command: 'help' };
      case '-v':
      case '--version':
        return { ...args, command: 'version' };
      default:
        if (flag.startsWith('-')) throw new UsageError(`unknown option ${flag}`);
        if (command !== undefined) throw new UsageError(`unexpected argument ${flag}`);
        command = flag;
    }
  }
  if (command === undefined) return args;
  if (command !== 'status' && command !== 'watch') throw new UsageError(`unknown command ${command}`);
  if (command === 'status' && args.intervalMs !== undefined) throw new UsageError('--interval is for watch');
  return { ...args, command };
}
