/** For the tests: give a new process a chosen pid, as the kernel does when it reuses a stale one. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';

const NS_LAST_PID = '/proc/sys/kernel/ns_last_pid';

/** Whether this process may choose the next pid (root, Linux). */
export function canChoosePid(): boolean {
  try {
    fs.accessSync(NS_LAST_PID, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Starts `sleep` under `pid`: the kernel hands out ns_last_pid + 1 next, unless another process wins the race. */
export async function spawnWithPid(pid: number): Promise<ChildProcess> {
  for (let attempt = 0; attempt < 50; attempt++) {
    fs.writeFileSync(NS_LAST_PID, String(pid - 1));
    const child = spawn('sleep', ['120'], { stdio: 'ignore' });
    if (child.pid === pid) return child;
    child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`pid ${pid} did not come round in 50 attempts`);
}
