/**
 * The panel while hidden (issue 11): the renderer's CPU per minute when a snapshot is pushed every
 * second to the hidden panel (what the tray did), beside the same hidden panel sent nothing (what it
 * does now: main/tray/panel-feed.ts sends only while the panel is visible, and what it missed on show).
 * Chromium is started here and attached over CDP without Playwright's default overrides, whose focus
 * emulation keeps every page "visible"; a second tab in its window hides the panel, as win.hide()
 * does in Electron: background throttling on, no frames, IPC (here CDP) still delivered.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright';
import { BRIDGE_GLOBAL } from '../shared/ipc-contract';
import { DEFAULT_PREFS } from '../shared/prefs';
import { stopChild, track } from './child-processes';
import { type BenchHook, type BridgeData, DEBIAN_CHROMIUM, PANEL_HTML, VIEWPORT, installBridge } from './panel-update';
import { type PartResult, type Table, formatMs, formatRatio } from './report';
import { snapshotUpdate, syntheticHistory, syntheticSnapshot } from './synthetic-snapshot';

export interface HiddenPanelOptions {
  /** Cluster sizes, one Chromium each. */
  workerCounts: number[];
  /** How long each measurement runs. */
  windowMs: number;
  /** Rounds of (pushed, not pushed), alternating which goes first. */
  rounds: number;
  judge: boolean;
}

interface Window {
  cpuMs: number;
  taskMs: number;
  elapsedMs: number;
  pushes: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The renderer's cumulative process CPU time and main-thread task time, in ms (CDP Performance metrics). */
async function rendererTimes(cdp: CDPSession): Promise<{ cpuMs: number; taskMs: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
  return { cpuMs: value('ProcessTime'), taskMs: value('TaskDuration') };
}

/** One window: a snapshot every second (`push`) or nothing, measured from the renderer's own counters. */
async function measureWindow(cdp: CDPSession, push: boolean, windowMs: number): Promise<Window> {
  const before = await rendererTimes(cdp);
  const t0 = performance.now();
  let pushes = 0;
  while (performance.now() - t0 < windowMs) {
    if (push) {
      // What an IPC message does in the panel: arrive, be cloned, reach onSnapshot's listeners.
      await cdp.send('Runtime.evaluate', { expression: 'globalThis.__benchPanel.pushNext()' });
      pushes++;
    }
    await sleep(Math.min(1000, windowMs - (performance.now() - t0)));
  }
  const elapsedMs = performance.now() - t0;
  const after = await rendererTimes(cdp);
  return { cpuMs: after.cpuMs - before.cpuMs, taskMs: after.taskMs - before.taskMs, elapsedMs, pushes };
}

function perMinute(windows: Window[], of: 'cpuMs' | 'taskMs'): number {
  const total = windows.reduce((s, w) => s + w[of], 0);
  const minutes = windows.reduce((s, w) => s + w.elapsedMs, 0) / 60_000;
  return total / minutes;
}

/** Starts Chromium with a DevTools port; resolves with its endpoint once it listens. */
async function startChromium(userDataDir: string) {
  const { chromium } = createRequire(__filename)('playwright') as typeof import('playwright');
  const executable = fs.existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : chromium.executablePath();
  const child = track(
    spawn(
      executable,
      [
        '--headless',
        '--remote-debugging-port=0',
        `--user-data-dir=${userDataDir}`,
        '--no-first-run',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // As the other browser parts run it (chromiumSandbox: false); the machine runs as root.
        '--no-sandbox',
        `--window-size=${VIEWPORT.width},${VIEWPORT.height}`,
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    ),
  );
  const endpoint = await new Promise<string>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`Chromium did not open its DevTools port:\n${err}`)), 20_000);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`Chromium exited (${code}):\n${err}`)));
  });
  const browser = await chromium.connectOverCDP(endpoint, { noDefaults: true, isLocal: true });
  return { child, browser, executable };
}

async function openPanel(browser: Browser, workers: number): Promise<Page> {
  const snapshot = syntheticSnapshot(workers);
  const data: BridgeData = {
    global: BRIDGE_GLOBAL,
    snapshot,
    updates: Array.from({ length: 16 }, (_, k) => snapshotUpdate(snapshot, k + 1)),
    history: syntheticHistory(snapshot),
    prefs: DEFAULT_PREFS,
  };
  const context = browser.contexts()[0]!;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(installBridge, data);
  await page.goto(pathToFileURL(PANEL_HTML).href);
  await page.waitForFunction(
    () => (globalThis as unknown as { __benchPanel: BenchHook }).__benchPanel.subscribers() > 0,
    null,
    { timeout: 10_000 },
  );
  return page;
}

async function measureOne(workers: number, options: HiddenPanelOptions) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hidden-panel-'));
  const { child, browser, executable } = await startChromium(dir);
  try {
    const page = await openPanel(browser, workers);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    // Rendered once while visible, as the panel is before it is first hidden.
    for (let i = 0; i < 3; i++)
      await cdp.send('Runtime.evaluate', { expression: 'globalThis.__benchPanel.pushNext()' });
    const { targetId } = await cdp.send('Target.createTarget', { url: 'about:blank', newWindow: false });
    await cdp.send('Target.activateTarget', { targetId });
    await sleep(500);
    const visibility = await page.evaluate(
      () => (globalThis as unknown as { document: { visibilityState: string } }).document.visibilityState,
    );
    const pushed: Window[] = [];
    const quiet: Window[] = [];
    for (let r = 0; r < options.rounds; r++) {
      for (const push of r % 2 ? [false, true] : [true, false]) {
        (push ? pushed : quiet).push(await measureWindow(cdp, push, options.windowMs));
      }
    }
    return { workers, visibility, pushed, quiet, version: browser.version(), executable };
  } finally {
    await browser.close().catch(() => undefined);
    await stopChild(child);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function measureHiddenPanel(options: HiddenPanelOptions): Promise<PartResult> {
  if (!fs.existsSync(PANEL_HTML))
    throw new Error(`${PANEL_HTML} is missing: build the panel first (node tools/build.mjs)`);
  const results = [];
  for (const workers of options.workerCounts) results.push(await measureOne(workers, options));
  const first = results[0]!;
  const table: Table = {
    title: `Hidden panel in Chromium: renderer CPU per minute, a snapshot pushed every second against none`,
    columns: ['workers', 'while hidden', 'renderer CPU ms/min', 'main-thread tasks ms/min', 'snapshots'],
    rows: results.flatMap((r) => {
      const before = perMinute(r.pushed, 'cpuMs');
      const after = perMinute(r.quiet, 'cpuMs');
      return [
        [
          String(r.workers),
          'before: pushed every second',
          formatMs(before),
          formatMs(perMinute(r.pushed, 'taskMs')),
          String(r.pushed.reduce((s, w) => s + w.pushes, 0)),
        ],
        [
          String(r.workers),
          `after: none pushed (${formatRatio(after / before)} of before)`,
          formatMs(after),
          formatMs(perMinute(r.quiet, 'taskMs')),
          '0',
        ],
      ];
    }),
    notes: [
      `Chromium ${first.version} (${first.executable}), new headless, --disable-gpu, attached over CDP with Playwright's defaults off; the panel's page was ${results.map((r) => r.visibility).join(', ')} while measured (a second tab in front).`,
      `Renderer CPU: the panel renderer's process CPU time (CDP Performance.getMetrics ProcessTime, 10 ms ticks); main-thread tasks: its TaskDuration. ${options.rounds} round(s) of ${formatMs(options.windowMs / 1000)} s per condition, alternating which goes first; each push is one CDP message that clones the next update into onSnapshot's listeners, as an IPC message does.`,
    ],
  };
  if (results.some((r) => r.visibility !== 'hidden'))
    table.notes.push('The page did not report itself hidden: these figures are for a page in view.');
  const judged = results.at(-1)!;
  const before = perMinute(judged.pushed, 'cpuMs');
  const after = perMinute(judged.quiet, 'cpuMs');
  return {
    tables: [table],
    targets: [
      {
        target: `hidden ${judged.workers}-worker panel costs less renderer CPU than when it was sent every snapshot`,
        figure: `${formatMs(after)} ms/min after, ${formatMs(before)} ms/min before`,
        met: options.judge && judged.visibility === 'hidden' ? after < before : null,
        note: options.judge ? '' : `quick: ${formatMs(options.windowMs / 1000)} s windows`,
      },
    ],
  };
}
