/**
 * The hostile-config corpus (testdata/config-corpus/manifest.json) through the monitor the CLI and
 * the tray run: each file's status and reason, no exception, the last good values kept where there
 * were any, and recovery once the good file is back. A part of it also runs through `status --json`.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runStatus } from '../../../testing/run-cli';
import { createMonitor } from '../monitor';
import { REWRITE_GRACE_MS } from './config-source';
import type { ClusterStatus, ConfigKey, Snapshot } from '../../../shared/snapshot';

type Make =
  | 'directory'
  | 'unreadable'
  | 'symlink-loop'
  | 'ten-megabytes'
  | 'fifo'
  | 'dev-zero'
  | 'dangling-symlink'
  | 'path-through-file'
  | 'symlink-to-good';

interface CorpusCase {
  name: string;
  file?: string;
  make?: Make;
  status: ClusterStatus;
  /** A regular expression; CONFIG stands for the config's path. */
  reason: string;
  issue?: { key: ConfigKey | null; value?: string };
  config?: Partial<Record<ConfigKey, unknown>>;
  lastGood: boolean;
  /** An empty file: after a good one, taken as Covalent's rewrite caught midway for REWRITE_GRACE_MS. */
  rewrite?: boolean;
  cli?: boolean;
  why: string;
}

const CORPUS = path.join(__dirname, 'testdata', 'config-corpus');
const manifest = JSON.parse(fs.readFileSync(path.join(CORPUS, 'manifest.json'), 'utf8')) as {
  good: string;
  cases: CorpusCase[];
};
const GOOD = path.join(CORPUS, manifest.good);
const TEN_MB = 10 * 1024 * 1024;
// The CLI's documented exit codes (README).
const EXIT: Record<ClusterStatus, number> = {
  running: 0,
  degraded: 0,
  'no-cluster': 0,
  stopped: 3,
  'not-configured': 4,
  'config-error': 5,
};
const NOBODY = { uid: 65534, gid: 65534 };
const isRoot = process.getuid?.() === 0;
/** Root reads a mode-000 file anyway: the unreadable case runs the CLI as nobody, if root may become nobody here. */
const asNobody = isRoot && !spawnSync(process.execPath, ['-e', ''], NOBODY).error;
const unreadableSkip = isRoot && !asNobody ? 'running as root, and cannot run the CLI as nobody (uid 65534)' : null;

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'config-corpus-'));
fs.chmodSync(root, 0o755); // traversable by nobody, for the CLI runs without root's privileges
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A fresh directory with the config path inside a subfolder (so path-through-file can replace the folder). */
function newPlace(name: string): { dir: string; config: string } {
  const dir = fs.mkdtempSync(path.join(root, `${name}-`));
  fs.mkdirSync(path.join(dir, 'cfg'));
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(path.join(dir, 'cfg'), 0o755);
  return { dir, config: path.join(dir, 'cfg', 'covalent.conf') };
}

/** Whatever stands at the config path (or is its folder) goes. */
function clear(config: string) {
  const folder = path.dirname(config);
  if (fs.lstatSync(folder, { throwIfNoEntry: false })?.isDirectory() !== true) {
    fs.rmSync(folder, { force: true });
    fs.mkdirSync(folder, { mode: 0o755 });
  }
  fs.rmSync(config, { recursive: true, force: true });
}

/** Writes the good config, dated in the past so the next version always has a new stamp. */
function putGood(config: string) {
  clear(config);
  fs.copyFileSync(GOOD, config);
  const past = Date.now() / 1000 - 3600;
  fs.utimesSync(config, past, past);
}

/** Puts the case's file (or the thing git cannot hold) at the config path. */
function put(c: CorpusCase, config: string) {
  clear(config);
  const good = fs.readFileSync(GOOD);
  switch (c.make) {
    case undefined:
      fs.copyFileSync(path.join(CORPUS, c.file!), config);
      break;
    case 'directory':
      fs.mkdirSync(config);
      break;
    case 'unreadable':
      fs.writeFileSync(config, good);
      fs.chmodSync(config, 0o000);
      break;
    case 'symlink-loop':
      fs.symlinkSync(`${config}.loop`, config);
      fs.symlinkSync(config, `${config}.loop`);
      break;
    case 'ten-megabytes': {
      const line = Buffer.from(`#${'-'.repeat(1022)}\n`);
      const pad = Buffer.alloc(TEN_MB - good.length, line.toString('latin1'), 'latin1');
      pad[pad.length - 1] = 0x0a;
      fs.writeFileSync(config, Buffer.concat([good, pad]));
      break;
    }
    case 'fifo':
      execFileSync('mkfifo', [config]);
      break;
    case 'dev-zero':
      fs.symlinkSync('/dev/zero', config);
      break;
    case 'dangling-symlink':
      fs.symlinkSync(path.join(path.dirname(config), 'nowhere.conf'), config);
      break;
    case 'path-through-file': {
      const folder = path.dirname(config);
      fs.rmSync(folder, { recursive: true, force: true });
      fs.writeFileSync(folder, good);
      break;
    }
    case 'symlink-to-good': {
      const target = path.join(path.dirname(config), 'real.conf');
      fs.copyFileSync(GOOD, target);
      fs.symlinkSync(target, config);
      break;
    }
  }
}

function expectCase(c: CorpusCase, s: Snapshot, config: string) {
  expect(s.status, s.reason).toBe(c.status);
  expect(s.reason.split(config).join('CONFIG')).toMatch(new RegExp(c.reason));
  if (c.issue) {
    const issue = s.configIssues.find((i) => i.key === c.issue!.key);
    expect(issue, JSON.stringify(s.configIssues)).toBeDefined();
    if (c.issue.value !== undefined) expect(issue!.value).toBe(c.issue.value);
    expect(issue!.value.length).toBeLessThanOrEqual(120);
  }
  for (const [key, value] of Object.entries(c.config ?? {})) {
    expect(s.config?.[key as ConfigKey], key).toEqual(value);
  }
  // What the CLI prints and the panel receives: a bigint or a cycle here would throw.
  expect(() => JSON.stringify(s)).not.toThrow();
}

const skipInProcess = (c: CorpusCase) => c.make === 'unreadable' && isRoot;
const ROOT_READS = 'root reads a mode-000 file: this case runs through the CLI as nobody instead';

describe('the config corpus', () => {
  it('has at least 30 cases, every stored file listed once', () => {
    expect(manifest.cases.length).toBeGreaterThanOrEqual(30);
    const stored = fs
      .readdirSync(CORPUS)
      .filter((f) => f.endsWith('.conf'))
      .sort();
    expect(
      manifest.cases
        .filter((c) => c.file)
        .map((c) => c.file)
        .sort(),
    ).toEqual(stored);
    expect(new Set(manifest.cases.map((c) => c.name)).size).toBe(manifest.cases.length);
  });

  it.for(manifest.cases.map((c) => [c.name, c] as const))('%s: first read', async ([, c], { skip }) => {
    if (skipInProcess(c)) skip(ROOT_READS);
    const { config } = newPlace(c.name);
    put(c, config);
    const monitor = createMonitor({ location: { path: config, source: '--config' } });
    try {
      const s = await monitor.sampleOnce();
      expectCase(c, s, config);
      expect(s.configFromLastGood).toBe(false);
      if (c.status === 'config-error' && c.lastGood) expect(s.config).toBeNull();
    } finally {
      monitor.stop();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).pid).toBeUndefined();
  });

  it.for(manifest.cases.map((c) => [c.name, c] as const))(
    '%s: after a good config, and back to it',
    async ([, c], { skip }) => {
      if (skipInProcess(c)) skip(ROOT_READS);
      const { config } = newPlace(c.name);
      putGood(config);
      let t = Date.now();
      const monitor = createMonitor({ location: { path: config, source: '--config' }, now: () => t });
      try {
        const good = await monitor.sampleOnce();
        expect(good.configIssues).toEqual([]);
        put(c, config);
        if (c.rewrite) {
          const midway = await monitor.sampleOnce();
          expect(midway).toMatchObject({
            status: good.status,
            reason: good.reason,
            config: good.config,
            configFromLastGood: true,
          });
          expect(midway.configError?.message).toMatch(/is empty \(Covalent may be rewriting it\)$/);
          t += REWRITE_GRACE_MS;
        }
        const s = await monitor.sampleOnce();
        expectCase(c, s, config);
        expect(s.configFromLastGood).toBe(c.lastGood);
        if (c.lastGood) {
          expect(s.config).toEqual(good.config);
          expect(s.reason).toMatch(/; showing the last values read$/);
        }
        putGood(config);
        const back = await monitor.sampleOnce();
        expect(back).toMatchObject({
          status: good.status,
          reason: good.reason,
          config: good.config,
          configIssues: [],
          configFromLastGood: false,
          configError: null,
        });
      } finally {
        monitor.stop();
      }
    },
  );
});

describe('status --json on part of the corpus', () => {
  const cliCases = manifest.cases.filter((c) => c.cli);
  it('covers reads and values both', () => {
    expect(cliCases.length).toBeGreaterThanOrEqual(10);
    expect(fs.existsSync(CLI), `${CLI} missing: run node tools/build.mjs`).toBe(true);
  });

  it.for(cliCases.map((c) => [c.name, c] as const))('%s', ([, c], { skip }) => {
    if (c.make === 'unreadable' && unreadableSkip) skip(unreadableSkip);
    const { config } = newPlace(c.name);
    put(c, config);
    const { code, snapshot, stderr } = runStatus(
      ['--config', config],
      process.env,
      c.make === 'unreadable' && asNobody ? NOBODY : undefined,
    );
    expect(stderr).toBe('');
    expectCase(c, snapshot, config);
    expect(code).toBe(EXIT[c.status]);
  });

  it('watch keeps the last good values while the file turns unreadable, and recovers', async ({ skip }) => {
    if (process.getuid === undefined) skip('no file modes to make a file unreadable on this platform');
    if (unreadableSkip) skip(unreadableSkip);
    const { config } = newPlace('watch-unreadable');
    putGood(config);
    const child = spawn(process.execPath, [CLI, 'watch', '--json', '--interval', '0.5', '--config', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(asNobody ? NOBODY : {}),
    });
    const seen = collect(child);
    try {
      const good = await seen.next((s) => s.status === 'stopped');
      fs.chmodSync(config, 0o000);
      const bad = await seen.next((s) => s.status === 'config-error');
      expect(bad.reason.split(config).join('CONFIG')).toMatch(
        /^The config cannot be read: CONFIG cannot be read: permission denied; showing the last values read$/,
      );
      expect(bad.configFromLastGood).toBe(true);
      expect(bad.config).toEqual(good.config);
      fs.chmodSync(config, 0o644);
      const back = await seen.next((s) => s.status === 'stopped');
      expect(back).toMatchObject({ reason: good.reason, configFromLastGood: false });
    } finally {
      child.kill('SIGINT');
    }
    expect(await seen.exit).toBe(0);
    expect(seen.stderr()).toBe('');
  });
});

/** Snapshots from a `watch --json` child, awaited one condition at a time. */
function collect(child: ChildProcess) {
  const snapshots: Snapshot[] = [];
  let stderr = '';
  let wake: () => void = () => undefined;
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const msg = JSON.parse(line) as { type: string };
    if (msg.type === 'snapshot') snapshots.push(msg as unknown as Snapshot);
    wake();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let from = 0;
  return {
    exit,
    stderr: () => stderr,
    async next(test: (s: Snapshot) => boolean, ms = 20_000): Promise<Snapshot> {
      const end = Date.now() + ms;
      for (;;) {
        const i = snapshots.slice(from).findIndex(test);
        if (i >= 0) {
          from += i + 1;
          return snapshots[from - 1]!;
        }
        if (Date.now() > end || child.exitCode !== null) {
          throw new Error(`no matching snapshot; last: ${JSON.stringify(snapshots.at(-1)?.reason)}; stderr: ${stderr}`);
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
      }
    },
  };
}
