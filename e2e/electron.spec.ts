/**
 * The packaged app's main process, driven by Playwright's Electron support against a real
 * Covalent-style cluster. Runs wherever an Electron binary is installed; skipped, saying why,
 * where none is (CI cannot download one).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ElectronApplication, type Page, _electron, expect, test } from '@playwright/test';
import type {} from '../main/electron/test-hook';
import { XWAYLAND_FLAG } from '../main/tray/xwayland';
import { type ClusterFixture, findDaskPython, pressWorker, startCluster } from '../testing/cluster-fixture';
import { descendantsOf } from '../testing/proc-truth';

const root = path.resolve(__dirname, '..');

/** The Electron binary, found without the electron package's lazy download. */
function findElectron(): { executable: string } | { skip: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return { executable: path.join(override, process.platform === 'win32' ? 'electron.exe' : 'electron') };
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathTxt = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathTxt)) {
    return {
      skip: 'no Electron binary installed (node_modules/electron/path.txt is missing: installed with ELECTRON_SKIP_BINARY_DOWNLOAD, or offline). `npx install-electron` fetches it.',
    };
  }
  const executable = path.join(pkg, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
  return fs.existsSync(executable) ? { executable } : { skip: `the Electron binary ${executable} is missing` };
}

const electron = findElectron();
const python = findDaskPython();
const skipReason = 'skip' in electron ? electron.skip : 'missing' in python ? python.missing : null;
if (skipReason) console.log(`electron e2e skipped: ${skipReason}`);
test.skip(skipReason !== null, skipReason ?? '');

/**
 * Linux without a display: an Xvfb for the app, ready before the app starts. `-displayfd 3` has
 * Xvfb pick a free display and write its number to fd 3 once it listens (Xserver(1)), so there is
 * no race with the launch and no clash with a display already in use.
 */
let xvfb: { process: ChildProcess; display: Promise<string> } | null = null;
function startXvfb(): Promise<string> {
  const child = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1920x1080x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const display = new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display number in 20 s:\n${err}`)), 20_000);
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdio[3]?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    child.once('error', (e) => reject(e));
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it listened:\n${err}`)));
  });
  xvfb = { process: child, display };
  return display;
}
async function display(): Promise<NodeJS.ProcessEnv> {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return {};
  return { DISPLAY: await (xvfb?.display ?? startXvfb()) };
}
test.afterAll(() => {
  xvfb?.process.kill();
});

async function launch(env: NodeJS.ProcessEnv): Promise<{ app: ElectronApplication; userData: string }> {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'tray-user-data-'));
  // Electron applies --user-data-dir itself. Under X11 as the packaged app runs (and not
  // relaunched into it, which Playwright would lose: main/tray/xwayland.ts).
  const args = [root, `--user-data-dir=${userData}`, XWAYLAND_FLAG];
  const app = await _electron.launch({
    executablePath: 'executable' in electron ? electron.executable : '',
    args,
    env: { ...env, ...(await display()), COVALENT_DASK_TRAY_TEST_HOOK: '1' },
    // Playwright adds --no-sandbox on Linux unless this is set (playwright-core
    // src/server/electron/electron.ts:186-187), which would leave the sandboxed preload untested.
    // Chromium's sandbox cannot run as root (CI containers): there it is off.
    chromiumSandbox: process.getuid?.() !== 0,
  });
  return { app, userData };
}

async function openPanel(app: ElectronApplication): Promise<Page> {
  await app.evaluate(() => globalThis.covalentDaskTrayTest!.clickTray());
  await expect.poll(() => app.evaluate(() => globalThis.covalentDaskTrayTest!.panelVisible())).toBe(true);
  const page = app.windows()[0] ?? (await app.firstWindow());
  await page.waitForLoadState('domcontentloaded');
  return page;
}

test.describe('the tray app on a running cluster', () => {
  let cluster: ClusterFixture;
  let app: ElectronApplication;
  let userData: string;

  test.beforeAll(async () => {
    cluster = await startCluster({ workers: 2, memoryLimit: '400MB' });
    ({ app, userData } = await launch(cluster.env));
  });
  test.afterAll(async () => {
    await app?.close().catch(() => undefined);
    await cluster?.dispose();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  test("a click on the tray icon shows the panel with the config's values", async () => {
    await expect.poll(() => app.evaluate(() => globalThis.covalentDaskTrayTest!.latest()?.status)).toBe('running');
    const page = await openPanel(app);
    const file = fs.readFileSync(cluster.configPath, 'utf8');
    for (const key of ['scheduler_address', 'dashboard_link', 'pid', 'admin_port']) {
      const value = new RegExp(`^${key} = "?([^"\\n]*)"?$`, 'm').exec(file)![1]!;
      await expect(page.getByText(value, { exact: false }).first()).toBeVisible();
    }
  });

  test('a worker pushed over 80 % gives exactly one notification', async () => {
    const press = pressWorker(cluster, '1', 0.86, 8);
    try {
      await expect
        .poll(() => app.evaluate(() => globalThis.covalentDaskTrayTest!.notifications.map((n) => n.alert.kind)), {
          timeout: 30_000,
        })
        .toEqual(['worker-memory-high']);
      await press.done;
      const notes = await app.evaluate(() => globalThis.covalentDaskTrayTest!.notifications);
      expect(notes).toHaveLength(1);
      expect(notes[0]!.text.body).toMatch(/^Dask worker 1 is at 8\d % of its 400 MB limit/);
    } finally {
      press.stop();
    }
  });

  test('Quit leaves no process behind', async () => {
    test.skip(process.platform !== 'linux', 'reads the process tree from /proc');
    const pid = app.process().pid!;
    const tree = [pid, ...descendantsOf(pid).map((p) => p.pid)];
    expect(tree.length).toBeGreaterThan(1);
    const closed = new Promise((resolve) => app.process().once('exit', resolve));
    // The process may be gone before the reply comes back; Playwright's own close catches it too (electron.ts:92).
    await app.evaluate(({ app: electronApp }) => electronApp.quit()).catch(() => undefined);
    await closed;
    await expect.poll(() => tree.filter((p) => fs.existsSync(`/proc/${p}`)), { timeout: 10_000 }).toEqual([]);
  });
});

test('without Covalent it runs, says not configured, and shows where it looked', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-covalent-'));
  const { app, userData } = await launch({ ...process.env, COVALENT_CONFIG_DIR: empty });
  try {
    await expect
      .poll(() => app.evaluate(() => globalThis.covalentDaskTrayTest!.latest()?.status))
      .toBe('not-configured');
    const page = await openPanel(app);
    await expect(page.getByText(path.join(empty, 'covalent.conf'), { exact: false }).first()).toBeVisible();
  } finally {
    await app.close();
    fs.rmSync(empty, { recursive: true, force: true });
    fs.rmSync(userData, { recursive: true, force: true });
  }
});
