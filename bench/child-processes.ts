/** The processes the benchmark starts itself: each is remembered so that exactly those are stopped, by pid. */
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function track<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Asks `child` to end (SIGTERM), and kills it if it has not within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Last resort on the way out (an error, Ctrl-C): kills whatever the benchmark started and still runs. */
export function killTracked(): void {
  for (const child of running) if (!hasExited(child)) child.kill('SIGKILL');
}
