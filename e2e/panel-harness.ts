/**
 * The built panel in a Playwright page, over the REAL monitoring core: createMonitor watching a
 * config, the tray's controller, the real IPC handlers and checks, the real preferences store. Only
 * the transport (Playwright bindings instead of Electron IPC) and the OS's shell (recorded) differ
 * from the tray.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { locateConfig } from '../main/monitor/config/config-path';
import { BRIDGE_GLOBAL, type EventContract, type EventName, INVOKE_CHANNELS } from '../shared/ipc-contract';
import { createIpcHandlers, handleInvoke, type ShellActions } from '../main/tray/ipc-handlers';
import { createMemoryHistory } from '../main/tray/memory-history';
import { createMonitor, type Monitor } from '../main/monitor/monitor';
import { createPrefsStore, type PrefsStore } from '../main/tray/prefs-store';
import { createTrayController } from '../main/tray/tray-controller';
import { installPanelApi, type PageApiSetup } from './panel-page-api';

const ROOT = path.resolve(__dirname, '..');
const PANEL_DIR = path.join(ROOT, 'dist', 'renderer');
const PANEL_HTML = path.join(PANEL_DIR, 'index.html');
const PANEL_URL = pathToFileURL(PANEL_HTML).href;

const NAMES: PageApiSetup = {
  bridge: BRIDGE_GLOBAL,
  invoke: '__covalentDaskTrayInvoke',
  emit: '__covalentDaskTrayEmit',
  channels: INVOKE_CHANNELS,
};

/** `npm test` builds first; a lone `playwright test` on a fresh checkout builds here. */
export function ensureBuilt(): void {
  if (fs.existsSync(PANEL_HTML) && fs.existsSync(path.join(PANEL_DIR, 'panel.js'))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'tools', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

/** One call the panel made to the OS through main. */
export type ShellCall =
  | { action: 'openExternal'; value: string }
  | { action: 'openPath'; value: string }
  | { action: 'writeClipboard'; value: string }
  | { action: 'hidePanel' };

/** The only fake: the OS's shell and clipboard, which record what they are asked. */
function recordingShell(calls: ShellCall[]): ShellActions {
  return {
    async openExternal(url) {
      calls.push({ action: 'openExternal', value: url });
    },
    async openPath(folder) {
      calls.push({ action: 'openPath', value: folder });
      return '';
    },
    writeClipboard(text) {
      calls.push({ action: 'writeClipboard', value: text });
    },
    hidePanel() {
      calls.push({ action: 'hidePanel' });
    },
  };
}

export interface PanelHarness {
  monitor: Monitor;
  prefs: PrefsStore;
  calls: ShellCall[];
  /** Page-side problems: CSP violations, uncaught errors, console errors, requests that are not the panel's own files. */
  problems: string[];
  close(): Promise<void>;
}

export interface PanelOptions {
  configPath: string;
}

/** Starts a monitor on `configPath`, wires it to `page` as the tray wires it to the panel window, and loads the built panel. */
export async function openPanel(page: Page, options: PanelOptions): Promise<PanelHarness> {
  ensureBuilt();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'panel-prefs-'));
  const prefs = createPrefsStore(path.join(tmp, 'prefs.json'));
  const initial = prefs.get();
  const monitor = createMonitor({
    location: locateConfig({}, os.homedir(), options.configPath),
    intervalMs: initial.intervalSeconds * 1000,
    alertFraction: initial.alertFraction,
  });
  const history = createMemoryHistory();
  const calls: ShellCall[] = [];
  const problems: string[] = [];
  const handlers = createIpcHandlers({
    latest: monitor.latest,
    history: history.points,
    prefs,
    cluster: monitor.actions,
    actions: recordingShell(calls),
  });

  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('request', (req) => {
    if (!req.url().startsWith(`${pathToFileURL(PANEL_DIR).href}/`)) problems.push(`request: ${req.url()}`);
  });

  // Main's checks on every message (handleInvoke, as main/ipc.ts): the sender (the panel's own
  // top frame), then channel and arguments.
  await page.exposeBinding(NAMES.invoke, async (source, channel: unknown, args: unknown) => {
    const top = source.page === page && source.frame === page.mainFrame();
    const sender = { webContentsId: top ? 1 : 0, frameUrl: source.frame.url() };
    return handleInvoke(
      handlers,
      { webContentsId: 1, url: PANEL_URL },
      sender,
      channel,
      Array.isArray(args) ? args : [],
    );
  });
  await page.addInitScript(installPanelApi, NAMES);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });

  // webContents.send, as the tray does it: in order, and dropped once the page is gone.
  let pushes = Promise.resolve();
  function send<E extends EventName>(name: E, payload: EventContract[E]) {
    pushes = pushes.then(() =>
      page
        .evaluate(
          ({ emit, name, payload }: { emit: string; name: EventName; payload: unknown }) => {
            (window as unknown as Record<string, (n: EventName, p: unknown) => void>)[emit]!(name, payload);
          },
          { emit: NAMES.emit, name, payload },
        )
        .catch(() => {
          // the page closed or navigated: nothing to deliver to
        }),
    );
  }
  // The tray's own controller feeds the page, as it feeds the panel window in the app.
  const controller = createTrayController({
    monitor,
    prefs,
    history,
    handlers,
    loginItemSupported: false,
    shell: {
      setIcon: () => undefined,
      setTooltip: () => undefined,
      setMenu: () => undefined,
      notify: () => undefined,
      sendToPanel: (m) => send(m.name, m.payload),
      // The page is the panel, shown throughout.
      panelVisible: () => true,
      setStartAtLogin: () => undefined,
      readStartAtLogin: () => null,
      showPanel: () => undefined,
      quit: () => undefined,
      warn: (message) => problems.push(`warning: ${message}`),
      // The menu's dialogs: no menu here, the panel confirms for itself.
      confirm: async () => false,
      showFailure: async (title, detail) => void problems.push(`failure: ${title}: ${detail}`),
    },
  });
  controller.start();
  await page.goto(PANEL_URL);

  return {
    monitor,
    prefs,
    calls,
    problems,
    async close() {
      controller.stop();
      await pushes;
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
