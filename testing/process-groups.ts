/** Ending what a test cluster started: whole process groups, and stragglers by pid and start time. */
import fs from 'node:fs';

/** Process groups of every cluster started and not yet stopped. */
export const liveGroups = new Set<number>();
// If the runner exits without stopping them (a crash, a timeout), take the clusters' groups along.
process.once('exit', () => killGroups([...liveGroups]));

export function killGroups(groups: readonly number[]): void {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Start time (clock ticks since boot) of a process, to tell it from a later one with the same pid. */
export function startTicks(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

export interface ProcessMark {
  pid: number;
  start: string | null;
}

export function markOf(pid: number): ProcessMark {
  return { pid, start: startTicks(pid) };
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/** The process is the one marked, still running (not a zombie, not a later process under its pid). */
export function stillRuns(mark: ProcessMark): boolean {
  return mark.start !== null && startTicks(mark.pid) === mark.start && !isZombie(mark.pid);
}

/** SIGKILL to each marked process that still runs, then waits (up to `ms`) until they are gone. */
export async function killMarked(marks: readonly ProcessMark[], ms = 5000): Promise<boolean> {
  const left = marks.filter(stillRuns);
  for (const m of left) {
    try {
      process.kill(m.pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (left.every((m) => !stillRuns(m))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
