/**
 * The soak (programs/soak.ts, `npm run soak` runs it for 10 minutes) for 80 seconds: `watch` against
 * a fixture cluster restarted every 20 s while workers are killed at random. No crash, bounded
 * memory, every restart and every replaced worker reported.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { daskPythonOrSkip } from '../../testing/cluster-fixture';

const SOAK = path.resolve(__dirname, '..', '..', 'dist', 'soak.js');
const d = daskPythonOrSkip() ? describe : describe.skip;

interface Report {
  ok: boolean;
  failures: string[];
  restarts: { from: number; to: number; stoppedSeen: boolean; startedSeen: boolean }[];
  kills: { pid: number; replacement: number | null; seen: boolean }[];
  rssMb: { max: number; earlyMedian: number; lateMedian: number; samples: number };
  watchExitCode: number | null;
  watchStderr: string;
}

d('the soak, 80 seconds', () => {
  it('survives cluster restarts and worker kills, and reports every one', async () => {
    expect(fs.existsSync(SOAK), `${SOAK} missing: run node tools/build.mjs`).toBe(true);
    const child = spawn(process.execPath, [SOAK, '--duration', '80', '--restart-every', '20', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    let report: Report;
    try {
      report = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Report;
    } catch {
      throw new Error(`the soak printed no report (exit ${code}):\n${stdout}\n${stderr}`);
    }
    expect(report.failures, stderr).toEqual([]);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.watchExitCode).toBe(0);
    expect(report.watchStderr).toBe('');
    expect(report.restarts.length).toBeGreaterThanOrEqual(2);
    expect(report.restarts.every((r) => r.stoppedSeen && r.startedSeen)).toBe(true);
    const replaced = report.kills.filter((k) => k.replacement !== null);
    expect(replaced.length).toBeGreaterThanOrEqual(1);
    expect(replaced.every((k) => k.seen)).toBe(true);
    expect(report.rssMb.samples).toBeGreaterThanOrEqual(10);
    expect(report.rssMb.max).toBeLessThan(150);
  }, 240_000);
});
