/**
 * The built panel in Chromium, over the real monitoring core watching a real Covalent-style Dask
 * cluster, checked against ground truth read apart from the monitor: the config as Python's toml
 * reads it, /proc, and Dask's own client. Only the transport differs from Electron.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type Locator, type Page, expect, test } from '@playwright/test';
import { CONFIG_FIELDS } from '../shared/config-fields';
import {
  type ClusterFixture,
  daskPythonOrSkip,
  pressWorker,
  startCluster,
  streamTasks,
} from '../testing/cluster-fixture';
import { daskWorkers, readConfigWithPython } from '../testing/dask-truth';
import { workerProcesses } from '../testing/proc-truth';
import { ensureBuilt, openPanel, type PanelHarness } from './panel-harness';

const SCREENSHOTS = path.join(__dirname, 'screenshots');
const VIEWPORT = { width: 380, height: 560 };
const python = daskPythonOrSkip();

/** cacheDir → cache_dir: the config file's key for a field. */
const tomlKey = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

const field = (page: Page, key: string) => page.locator(`.field[data-key="${key}"]`);
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

async function newPanelPage(browser: Browser): Promise<Page> {
  return browser.newPage({ viewport: VIEWPORT });
}

/** The element's background colour, as Chromium computes it. */
function backgroundOf(locator: Locator): Promise<string> {
  return locator.evaluate((el) => getComputedStyle(el).backgroundColor);
}

/** A screenshot of the panel scrolled where it is. */
async function screenshotHere(page: Page, name: string, scheme: 'light' | 'dark') {
  await page.emulateMedia({ colorScheme: scheme });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${scheme}.png`) });
}

async function screenshot(page: Page, name: string, scheme: 'light' | 'dark', scrollTo: 'top' | 'bottom' = 'top') {
  await page.emulateMedia({ colorScheme: scheme });
  await page.locator('.panel__body').evaluate((el, to) => el.scrollTo(0, to === 'top' ? 0 : el.scrollHeight), scrollTo);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${scheme}.png`) });
}

test.beforeAll(() => {
  ensureBuilt();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

test.describe('the panel over a running cluster (4 workers, mem_per_worker "400MB")', () => {
  test.describe.configure({ mode: 'serial' });
  test.skip(!python, 'no Python with dask distributed and toml (see the warning above)');

  let cluster: ClusterFixture;
  let page: Page;
  let panel: PanelHarness;

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    cluster = await startCluster({ workers: 4, memoryLimit: '400MB' });
    page = await newPanelPage(browser);
    panel = await openPanel(page, { configPath: cluster.configPath });
    await expect(page.locator('.status')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
  });

  test.afterAll(async () => {
    await panel?.close();
    await page?.close();
    await cluster?.dispose();
  });

  test('shows every field of the Dask Cluster page as the config file holds it', async () => {
    const file = readConfigWithPython(cluster);
    await expect(page.locator('.field__label')).toHaveText(CONFIG_FIELDS.map((f) => f.label));
    for (const f of CONFIG_FIELDS) {
      const value = file.dask![tomlKey(f.key)];
      expect(value, f.key).not.toBeUndefined();
      await expect(field(page, f.key).locator('.field__value'), f.label).toHaveText(String(value));
      await expect(field(page, f.key)).toHaveAttribute('data-state', 'value');
      await expect(field(page, f.key).locator('.tag--stale')).toHaveCount(0);
    }
    expect(file.sdk!.no_cluster).toBe('false');
    await expect(page.locator('[data-note="no-cluster"]')).toHaveCount(0);
    await expect(page.locator('.config__path')).toHaveText(cluster.configPath);
  });

  test('shows one row per worker, with the names Dask gives and the pids /proc has', async () => {
    const dask = daskWorkers(cluster);
    const procPids = workerProcesses(cluster.pid).map((c) => c.pid);
    expect(dask.map((w) => w.pid)).toEqual(procPids);
    const rows = page.locator('.worker');
    await expect(rows).toHaveCount(4);
    const shown = await rows.evaluateAll((els) =>
      els.map((el) => ({
        name: el.querySelector('.worker__name')!.textContent,
        pid: Number(el.querySelector('.worker__pid')!.textContent!.replace('pid ', '')),
      })),
    );
    expect(shown.sort((a, b) => a.pid - b.pid)).toEqual(dask.map((w) => ({ name: w.name, pid: w.pid })));
    for (const w of dask) {
      const row = page.locator(`.worker[data-pid="${w.pid}"]`);
      const meter = row.getByRole('meter', { name: `Memory of worker ${w.name}` });
      await expect(meter).toHaveAttribute('aria-valuemax', String(w.memoryLimit));
      await expect(meter).toHaveAttribute('aria-valuemin', '0');
      await expect(meter).toHaveAttribute('aria-valuetext', /^[\d.]+ [kMG]?B of 400 MB, \d+ %$/);
      await expect(row.locator('.worker__bytes')).toHaveText(/ \/ 400 MB$/);
      await expect(row.locator('.worker__status')).toHaveText('running');
      await expect(row.locator('.meter__mark')).toHaveCount(4);
    }
    await expect(page.locator('.workers__count')).toHaveText('4 of 4');
    await expect(page.locator('.summary__row[data-key="scheduler"] dd > span').first()).toHaveText(
      `pid ${cluster.pid}`,
    );
  });

  test('fits 380 × 560 without horizontal scrolling, and the body scrolls inside', async () => {
    const sizes = await page.evaluate(() => {
      const body = document.querySelector('.panel__body')!;
      return {
        docWidth: document.documentElement.scrollWidth,
        docHeight: document.documentElement.scrollHeight,
        bodyScrollWidth: body.scrollWidth,
        bodyClientWidth: body.clientWidth,
      };
    });
    expect(sizes.docWidth).toBeLessThanOrEqual(VIEWPORT.width);
    expect(sizes.docHeight).toBeLessThanOrEqual(VIEWPORT.height);
    expect(sizes.bodyScrollWidth).toBeLessThanOrEqual(sizes.bodyClientWidth);
  });

  test('moves nothing between samples: header, summary, sparkline and worker rows keep their boxes', async () => {
    const boxes = () =>
      page.locator('.panel__header, .summary, .sparkline, .workers__legend, .worker').evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return `${el.className} ${r.x},${r.y} ${r.width}×${r.height}`;
        }),
      );
    const before = await boxes();
    const panelRoot = page.locator('.panel');
    for (let i = 0; i < 3; i++) {
      const sampled = await panelRoot.getAttribute('data-sampled-at');
      await expect(panelRoot).not.toHaveAttribute('data-sampled-at', sampled!);
    }
    expect(await boxes()).toEqual(before);
  });

  test('reaches every action by keyboard, with a visible focus', async () => {
    await page.locator('.panel__title').click();
    const reached = new Map<string, { outline: string; focusVisible: boolean }>();
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body || el.tagName !== 'BUTTON') return null;
        return {
          name: el.getAttribute('aria-label') ?? el.textContent!,
          outline: getComputedStyle(el).outlineStyle,
          focusVisible: el.matches(':focus-visible'),
        };
      });
      if (focused) reached.set(focused.name, focused);
    }
    const actions = [
      'Scheduler logs',
      'Logs of worker 0',
      'Logs of worker 1',
      'Logs of worker 2',
      'Logs of worker 3',
      'Restart workers…',
      'Copy Cache Directory',
      'Open Cache Directory',
      'Copy Log Directory',
      'Open Log Directory',
      'Copy Scheduler Address',
      'Copy Dashboard Link',
      'Open Dashboard Link',
      'Open Covalent UI',
    ];
    expect([...reached.keys()].sort()).toEqual([...actions].sort());
    for (const [name, f] of reached) {
      expect(f.focusVisible, name).toBe(true);
      expect(f.outline, name).not.toBe('none');
    }

    const file = readConfigWithPython(cluster);
    const before = panel.calls.length;
    await button(page, 'Copy Scheduler Address').focus();
    await page.keyboard.press('Enter');
    await button(page, 'Open Dashboard Link').focus();
    await page.keyboard.press(' ');
    await expect
      .poll(() => panel.calls.slice(before))
      .toEqual([
        { action: 'writeClipboard', value: file.dask!.scheduler_address },
        { action: 'openExternal', value: file.dask!.dashboard_link },
      ]);
  });

  test('copies and opens through the preload API, with the values from the config', async () => {
    const file = readConfigWithPython(cluster);
    const dask = file.dask as Record<string, string>;
    const ui = file.user_interface as { address: string; port: number };
    const notice = page.locator('.notice');

    const expectCalls = async (act: () => Promise<void>, calls: PanelHarness['calls']) => {
      const before = panel.calls.length;
      await act();
      await expect.poll(() => panel.calls.slice(before)).toEqual(calls);
    };

    await expectCalls(
      () => button(page, 'Copy Cache Directory').click(),
      [{ action: 'writeClipboard', value: dask.cache_dir! }],
    );
    await expect(notice).toHaveText('Copied Cache Directory');
    await expectCalls(
      () => button(page, 'Copy Log Directory').click(),
      [{ action: 'writeClipboard', value: dask.log_dir! }],
    );
    await expectCalls(
      () => button(page, 'Copy Dashboard Link').click(),
      [{ action: 'writeClipboard', value: dask.dashboard_link! }],
    );
    await expectCalls(
      () => button(page, 'Open Covalent UI').click(),
      [{ action: 'openExternal', value: `http://${ui.address}:${ui.port}/` }],
    );
    await expect(page.locator('.panel__ui-address')).toHaveText(`${ui.address}:${ui.port}`);

    // Main opens only folders that exist: the panel shows its refusal as it is.
    if (!fs.existsSync(dask.log_dir!)) {
      await button(page, 'Open Log Directory').click();
      await expect(notice).toHaveText(`${dask.log_dir} does not exist`);
      await expect(notice).toHaveClass(/notice--error/);
      fs.mkdirSync(dask.log_dir!, { recursive: true });
    }
    fs.mkdirSync(dask.cache_dir!, { recursive: true });
    await expectCalls(() => button(page, 'Open Log Directory').click(), [{ action: 'openPath', value: dask.log_dir! }]);
    await expect(notice).toHaveText('Opened Log Directory');
    await expectCalls(
      () => button(page, 'Open Cache Directory').click(),
      [{ action: 'openPath', value: dask.cache_dir! }],
    );
  });

  test('Esc hides the panel', async () => {
    const before = panel.calls.length;
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.calls.slice(before)).toEqual([{ action: 'hidePanel' }]);
  });

  test('a worker pushed over 80 % turns its bar to the warning colour, and an alert appears', async () => {
    test.setTimeout(120_000);
    const row = page.locator('.worker[data-worker="1"]');
    const calm = page.locator('.worker[data-worker="0"]');
    await expect(row).toHaveAttribute('data-level', 'normal');
    const normalColour = await backgroundOf(calm.locator('.meter__fill'));

    const pressure = pressWorker(cluster, '1', 0.86, 15);
    try {
      await expect(row).toHaveAttribute('data-level', 'warning', { timeout: 60_000 });
      await expect(row.locator('.meter')).toHaveClass(/meter--warning/);
      expect(await backgroundOf(row.locator('.meter__fill'))).not.toBe(normalColour);
      await expect(calm).toHaveAttribute('data-level', 'normal');
      expect(await backgroundOf(calm.locator('.meter__fill'))).toBe(normalColour);
      await expect(row.getByRole('meter')).toHaveAttribute('aria-valuetext', /of 400 MB, (8\d|9[0-4]) %$/);

      const alert = page.locator('.alert[data-kind="worker-memory-high"]').first();
      await expect(alert).toContainText('Dask worker 1 is at ');
      await expect(page.locator('.status')).toHaveAttribute('data-status', 'degraded');

      await screenshot(page, 'panel-pressure', 'light');
      await screenshot(page, 'panel-pressure', 'dark');
      await screenshot(page, 'panel-fields', 'light', 'bottom');
      await screenshot(page, 'panel-fields', 'dark', 'bottom');
      await page.emulateMedia({ colorScheme: 'light' });
    } finally {
      pressure.stop();
      await pressure.done;
    }
  });

  test('a running workflow shows in Workflows with its bar, its tasks on the workers by its name, then ends in the recent', async () => {
    test.setTimeout(120_000);
    test.skip(cluster.kind !== 'covalent', 'workflows need the real covalent start');
    const run = streamTasks(cluster, 8, 4);
    try {
      const dispatch = page.locator('.workflows .dispatch[data-status="RUNNING"]').first();
      await expect(dispatch.locator('.dispatch__name')).toHaveText('many_naps', { timeout: 60_000 });
      await expect(dispatch.getByRole('progressbar')).toHaveAttribute('aria-valuetext', /^\d+ of \d+ electrons done$/);
      await expect(
        page
          .locator('.worker__tasks')
          .filter({ hasText: /of workflow many_naps/ })
          .first(),
      ).toBeVisible({
        timeout: 30_000,
      });
      await page.locator('.workflows').scrollIntoViewIfNeeded();
      await screenshotHere(page, 'panel-workflows', 'light');
      await screenshotHere(page, 'panel-workflows', 'dark');
      await page.emulateMedia({ colorScheme: 'light' });
      const result = await run.done;
      expect(result).toMatchObject({ done: true, status: 'COMPLETED' });
      const ended = page.locator(`.workflows .dispatch[data-dispatch-id="${result.dispatch_id}"]`);
      await expect(ended).toHaveAttribute('data-status', 'COMPLETED', { timeout: 30_000 });
      await expect(page.locator('.alert[data-kind="workflow-completed"]').first()).toContainText(
        /^.*Workflow many_naps completed in \d+ s/,
      );
    } finally {
      run.stop();
    }
  });

  test('stopping the cluster turns the pill to stopped and marks the runtime fields stale', async () => {
    await cluster.stop();
    const status = page.locator('.status');
    await expect(status).toHaveAttribute('data-status', 'stopped', { timeout: 30_000 });
    await expect(status.locator('.pill')).toHaveText('Stopped');
    await expect(status.locator('.status__reason')).toHaveText(
      `The Dask cluster is not running: process ${cluster.pid} has exited`,
    );
    await expect(page.locator('[data-note="stale"]')).toBeVisible();
    for (const f of CONFIG_FIELDS) {
      await expect(field(page, f.key).locator('.tag--stale'), f.label).toHaveCount(f.runtime ? 1 : 0);
      await expect(field(page, f.key)).toHaveClass(f.runtime ? /field--stale/ : /^(?!.*field--stale)/);
    }
    await expect(page.locator('.worker')).toHaveCount(0);
    await expect(page.locator('.workers__empty')).toHaveText('No cluster running');
    await expect(page.locator('.alert[data-kind="cluster-stopped"]').first()).toContainText(
      `The Dask cluster (process ${cluster.pid}) stopped`,
    );
    await screenshot(page, 'panel-stopped', 'light');
    await screenshot(page, 'panel-stopped', 'dark');
    await screenshot(page, 'panel-stopped-fields', 'light', 'bottom');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('made no request of its own and broke no CSP rule', () => {
    expect(panel.problems).toEqual([]);
  });
});

test.describe('the panel when Covalent is set to No Cluster', () => {
  test.skip(!python, 'no Python with dask distributed and toml (see the warning above)');

  test('says Covalent starts no Dask cluster and uses its local executor', async ({ browser }) => {
    const cluster = await startCluster({ noCluster: true });
    const page = await newPanelPage(browser);
    const panel = await openPanel(page, { configPath: cluster.configPath });
    try {
      await expect(page.locator('.status')).toHaveAttribute('data-status', 'no-cluster');
      await expect(page.locator('.pill')).toHaveText('No cluster');
      await expect(page.locator('[data-note="no-cluster"]')).toHaveText(
        'No Cluster is set: Covalent starts no Dask cluster and runs tasks with its local executor.',
      );
      for (const f of CONFIG_FIELDS.filter((x) => x.runtime)) {
        await expect(field(page, f.key).locator('.field__value')).toHaveText('not set');
        await expect(field(page, f.key)).toHaveAttribute('data-state', 'not-set');
      }
      await expect(button(page, 'Copy Scheduler Address')).toBeDisabled();
      expect(panel.problems).toEqual([]);
    } finally {
      await panel.close();
      await page.close();
      await cluster.dispose();
    }
  });
});

test.describe('the panel over configs with no cluster to watch', () => {
  let dir: string;
  test.beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-config-'));
  });
  test.afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('no config file: not configured, every field "not set"', async ({ browser }) => {
    const page = await newPanelPage(browser);
    const panel = await openPanel(page, { configPath: path.join(dir, 'missing', 'covalent.conf') });
    try {
      await expect(page.locator('.status')).toHaveAttribute('data-status', 'not-configured');
      await expect(page.locator('.status__reason')).toContainText('No Covalent config at');
      await expect(page.locator('.field__value')).toHaveText(CONFIG_FIELDS.map(() => 'not set'));
      await expect(page.getByRole('button', { name: 'Open Covalent UI' })).toBeDisabled();
      expect(panel.problems).toEqual([]);
    } finally {
      await panel.close();
      await page.close();
    }
  });

  test('shows a bad value as invalid with its raw text, and markup in values as text', async ({ browser }) => {
    const file = path.join(dir, 'covalent.conf');
    const markup = `<img src="https://example.invalid/x.png" onerror="document.title='pwned'"><b>bold</b>`;
    fs.writeFileSync(
      file,
      [
        '[sdk]',
        'no_cluster = "false"',
        '[dask]',
        `cache_dir = ${JSON.stringify(markup)}`,
        'log_dir = "/tmp"',
        'mem_per_worker = "lots"',
        'num_workers = 2',
        '[user_interface]',
        'address = "localhost"',
        'port = 48008',
        '',
      ].join('\n'),
    );
    const page = await newPanelPage(browser);
    const panel = await openPanel(page, { configPath: file });
    try {
      const mem = field(page, 'memPerWorker');
      await expect(mem).toHaveAttribute('data-state', 'invalid');
      await expect(mem.locator('.field__value')).toHaveText('"lots"');
      await expect(mem.locator('.tag--invalid')).toHaveText('invalid');
      const issue = panel.monitor.latest()!.configIssues.find((i) => i.key === 'memPerWorker')!;
      await expect(mem.locator('.field__issue')).toHaveText(issue.message);
      await expect(field(page, 'cacheDir').locator('.field__value')).toHaveText(markup);
      await expect(page.locator('.panel img, .panel b')).toHaveCount(0);
      expect(await page.title()).toBe('Covalent Dask');
      await expect(field(page, 'pid').locator('.field__value')).toHaveText('not set');
      expect(panel.problems).toEqual([]);
    } finally {
      await panel.close();
      await page.close();
    }
  });
});
