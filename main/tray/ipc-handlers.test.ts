/**
 * The panel's IPC as the tray registers it (main/ipc.ts: handleInvoke — sender, channel, arguments — over
 * createIpcHandlers), with a recording ShellActions: foreign senders and malformed messages are
 * refused before anything happens, and only the config's own http(s) links and folders are opened.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { daskBaseUrl } from '../monitor/dask/dask-poller';
import { INVOKE_CHANNELS, INVOKE_NAMES, type InvokeName } from '../../shared/ipc-contract';
import {
  type SenderInfo,
  type ShellActions,
  IpcRefusal,
  createIpcHandlers,
  handleInvoke,
  isTrustedSender,
} from './ipc-handlers';
import { createMonitor } from '../monitor/monitor';
import { DEFAULT_PREFS } from '../../shared/prefs';
import { createPrefsStore } from './prefs-store';
import type { ClusterActions } from '../monitor/cluster-actions';
import type { CovalentConfig, Snapshot } from '../../shared/snapshot';

// The panel as main/app-protocol.ts serves it.
const PANEL = { webContentsId: 7, url: 'covalent-dask-tray://panel/index.html' };
const FROM_PANEL: SenderInfo = { webContentsId: 7, frameUrl: PANEL.url };
const CORPUS = path.join(__dirname, '..', 'monitor', 'config', 'testdata', 'config-corpus');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ipc-handlers-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The snapshot the monitor makes of a config file: the way a config reaches the handlers. */
async function snapshotOf(configText: string | Buffer): Promise<Snapshot> {
  const file = path.join(fs.mkdtempSync(path.join(dir, 'cfg-')), 'covalent.conf');
  fs.writeFileSync(file, configText);
  const monitor = createMonitor({ location: { path: file, source: '--config' } });
  try {
    return await monitor.sampleOnce();
  } finally {
    monitor.stop();
  }
}

let good: Snapshot;
beforeAll(async () => {
  good = await snapshotOf(fs.readFileSync(path.join(CORPUS, 'realistic.conf')));
  expect(good.configIssues).toEqual([]);
});

/** Snapshot `good` with some config values replaced, unchecked: what a bug upstream could hand over. */
function withConfig(patch: Partial<CovalentConfig>): Snapshot {
  return { ...good, config: { ...good.config!, ...patch } };
}

/** Handlers over a recording ShellActions and a real prefs file; `call` goes the way main/ipc.ts does. */
function setup(snapshot: Snapshot | null, openPathError = '') {
  const calls: unknown[][] = [];
  const actions: ShellActions = {
    openExternal: async (url) => void calls.push(['openExternal', url]),
    openPath: async (folder) => {
      calls.push(['openPath', folder]);
      return openPathError;
    },
    writeClipboard: (text) => void calls.push(['writeClipboard', text]),
    hidePanel: () => void calls.push(['hidePanel']),
  };
  const prefsFile = path.join(fs.mkdtempSync(path.join(dir, 'prefs-')), 'preferences.json');
  const prefs = createPrefsStore(prefsFile, () => undefined);
  const cluster: ClusterActions = {
    logs: async (target, n) => {
      calls.push(['logs', target, n]);
      return { ok: true, lines: [] };
    },
    restartWorkers: async () => {
      calls.push(['restartWorkers']);
      return { ok: true };
    },
    scaleWorkers: async (size) => {
      calls.push(['scaleWorkers', size]);
      return { ok: true };
    },
  };
  const handlers = createIpcHandlers({ latest: () => snapshot, history: () => [], prefs, actions, cluster });
  const call = (channel: unknown, args: unknown[], sender: SenderInfo = FROM_PANEL): Promise<unknown> =>
    handleInvoke(handlers, PANEL, sender, channel, args);
  return { calls, prefs, prefsFile, call };
}

const VALID_ARGS: Record<InvokeName, unknown[]> = {
  getSnapshot: [],
  getHistory: [],
  openDashboard: [],
  openCovalentUi: [],
  copy: ['dashboardLink'],
  openPath: ['logDir'],
  getPrefs: [],
  setPrefs: [{ intervalSeconds: 2 }],
  hidePanel: [],
  getLogs: [{ of: 'scheduler' }],
  restartWorkers: [],
  scaleWorkers: [3],
  openDispatch: ['72a1c0ce-17af-4ca6-9bfd-ee92190012b3'],
};

function expectUntouched(s: ReturnType<typeof setup>) {
  expect(s.calls).toEqual([]);
  expect(s.prefs.get()).toEqual(DEFAULT_PREFS);
  expect(fs.existsSync(s.prefsFile)).toBe(false);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe('isTrustedSender', () => {
  it.each([PANEL.url, `${PANEL.url}#workers`, `${PANEL.url}?x=1`])("takes the panel's own page %s", (frameUrl) => {
    expect(isTrustedSender({ webContentsId: 7, frameUrl }, PANEL)).toBe(true);
  });

  it.each([
    [8, PANEL.url],
    [0, PANEL.url],
    [-1, PANEL.url],
    [7, 'https://evil.example/index.html'],
    [7, 'http://panel/index.html'],
    [7, 'file:///index.html'],
    [7, 'file://panel/index.html'],
    [7, 'covalent-dask-tray://evil/index.html'],
    [7, 'covalent-dask-tray://panel/other.html'],
    [7, 'covalent-dask-tray://panel/sub/../other.html'],
    [7, 'covalent-dask-tray://panel/index.html/..'],
    [7, 'covalent-dask-tray://panel/'],
    [7, 'covalent-dask-tray://panel.evil.example/index.html'],
    [7, 'about:blank'],
    [7, 'about:srcdoc'],
    [7, 'data:text/html,<script>alert(1)</script>'],
    [7, 'javascript:alert(1)'],
    [7, 'devtools://devtools/bundled/index.html'],
    [7, 'chrome-extension://abc/index.html'],
    [7, ''],
    [7, 'not a url'],
  ])('refuses webContents %i showing %j', (webContentsId, frameUrl) => {
    expect(isTrustedSender({ webContentsId, frameUrl }, PANEL)).toBe(false);
  });

  it("refuses everything when the panel's own URL cannot be parsed", () => {
    expect(isTrustedSender(FROM_PANEL, { webContentsId: 7, url: 'no url' })).toBe(false);
  });
});

describe('a message from a foreign sender', () => {
  const foreign: SenderInfo[] = [
    { webContentsId: 8, frameUrl: PANEL.url },
    { webContentsId: 7, frameUrl: 'https://evil.example/index.html' },
    { webContentsId: 7, frameUrl: 'about:blank' },
  ];
  it.each(INVOKE_NAMES.map((n) => [n]))('%s is refused before anything happens', async (name) => {
    const s = setup(withConfig({ logDir: dir }));
    for (const sender of foreign) {
      await expect(s.call(INVOKE_CHANNELS[name], VALID_ARGS[name], sender)).rejects.toThrow(IpcRefusal);
    }
    expectUntouched(s);
  });

  it('the same messages from the panel go through', async () => {
    const s = setup(withConfig({ logDir: dir }));
    for (const name of INVOKE_NAMES)
      await expect(s.call(INVOKE_CHANNELS[name], VALID_ARGS[name])).resolves.not.toBeInstanceOf(Error);
    expect(s.calls).toEqual([
      ['openExternal', 'http://127.0.0.1:8787/status'],
      ['openExternal', 'http://localhost:48008/'],
      ['writeClipboard', 'http://127.0.0.1:8787/status'],
      ['openPath', dir],
      ['hidePanel'],
      ['logs', { of: 'scheduler' }, 100],
      ['restartWorkers'],
      ['scaleWorkers', 3],
      ['openExternal', 'http://localhost:48008/72a1c0ce-17af-4ca6-9bfd-ee92190012b3'],
    ]);
    expect(s.prefs.get().intervalSeconds).toBe(2);
  });
});

describe('dispatchInvoke refuses malformed messages', () => {
  it.each([
    ['covalent-dask-tray:nope'],
    ['covalent-dask-tray:'],
    ['get-snapshot'],
    ['covalent-dask-tray:GET-SNAPSHOT'],
    ['covalent-dask-tray:get-snapshot '],
    [' covalent-dask-tray:get-snapshot'],
    ['covalent-dask-tray:snapshot'],
    ['covalent-dask-tray:prefs'],
    ['__proto__'],
    ['constructor'],
    ['toString'],
    ['hasOwnProperty'],
    ['valueOf'],
    ['covalent-dask-tray:__proto__'],
    ['covalent-dask-tray:constructor'],
    [''],
    ['x'.repeat(100_000)],
    [undefined],
    [null],
    [42],
    [true],
    [{}],
    [[]],
    [['covalent-dask-tray:get-snapshot']],
    ['getSnapshot'],
    ['copy'],
    ['snapshot'],
  ])('unknown channel %j', async (channel) => {
    const s = setup(good);
    await expect(s.call(channel, [])).rejects.toThrow(IpcRefusal);
    expectUntouched(s);
  });

  const protoPatch = JSON.parse('{"__proto__": {"polluted": true, "intervalSeconds": 0.01}}') as unknown;
  const ctorPatch = JSON.parse('{"constructor": {"prototype": {"polluted": true}}}') as unknown;
  const bad: [string, unknown[]][] = [
    ...INVOKE_NAMES.filter((n) => VALID_ARGS[n].length === 0)
      .map((n) => INVOKE_CHANNELS[n])
      .flatMap((c): [string, unknown[]][] => [
        [c, [undefined]],
        [c, [null]],
        [c, ['logDir']],
        [c, [{}]],
        [c, [protoPatch]],
      ]),
    [INVOKE_CHANNELS.copy, []],
    [INVOKE_CHANNELS.copy, ['dashboardLink', 'logDir']],
    [INVOKE_CHANNELS.copy, ['pid']],
    [INVOKE_CHANNELS.copy, ['adminPort']],
    [INVOKE_CHANNELS.copy, ['toString']],
    [INVOKE_CHANNELS.copy, ['__proto__']],
    [INVOKE_CHANNELS.copy, ['constructor']],
    [INVOKE_CHANNELS.copy, ['dashboardLink\u0000']],
    [INVOKE_CHANNELS.copy, ['DASHBOARDLINK']],
    [INVOKE_CHANNELS.copy, [['dashboardLink']]],
    [INVOKE_CHANNELS.copy, [{ toString: () => 'dashboardLink' }]],
    [INVOKE_CHANNELS.copy, [42]],
    [INVOKE_CHANNELS.openPath, []],
    [INVOKE_CHANNELS.openPath, ['logDir', 'cacheDir']],
    [INVOKE_CHANNELS.openPath, ['schedulerAddress']],
    [INVOKE_CHANNELS.openPath, ['dashboardLink']],
    [INVOKE_CHANNELS.openPath, ['/etc']],
    [INVOKE_CHANNELS.openPath, ['../../']],
    [INVOKE_CHANNELS.openPath, ['__proto__']],
    [INVOKE_CHANNELS.setPrefs, []],
    [INVOKE_CHANNELS.setPrefs, [{ intervalSeconds: 2 }, { alertFraction: 0.6 }]],
    [INVOKE_CHANNELS.setPrefs, [null]],
    [INVOKE_CHANNELS.setPrefs, [[]]],
    [INVOKE_CHANNELS.setPrefs, [[{ intervalSeconds: 2 }]]],
    [INVOKE_CHANNELS.setPrefs, ['{"intervalSeconds": 2}']],
    [INVOKE_CHANNELS.setPrefs, [5]],
    [INVOKE_CHANNELS.setPrefs, [protoPatch]],
    [INVOKE_CHANNELS.setPrefs, [ctorPatch]],
    [INVOKE_CHANNELS.setPrefs, [{ intervalSeconds: '2' }]],
    [INVOKE_CHANNELS.setPrefs, [{ intervalSeconds: Number.NaN }]],
    [INVOKE_CHANNELS.setPrefs, [{ intervalSeconds: Number.POSITIVE_INFINITY }]],
    [INVOKE_CHANNELS.setPrefs, [{ intervalSeconds: 0 }]],
    [INVOKE_CHANNELS.setPrefs, [{ intervalSeconds: -1 }]],
    [INVOKE_CHANNELS.setPrefs, [{ intervalSeconds: 1e9 }]],
    [INVOKE_CHANNELS.setPrefs, [{ alertFraction: 0.99 }]],
    [INVOKE_CHANNELS.setPrefs, [{ alertFraction: 0 }]],
    [INVOKE_CHANNELS.setPrefs, [{ notifications: 'yes' }]],
    [INVOKE_CHANNELS.setPrefs, [{ startAtLogin: 1 }]],
    [INVOKE_CHANNELS.setPrefs, [{ intervalSeconds: 2, extra: 1 }]],
    [INVOKE_CHANNELS.setPrefs, [{ intervalSeconds: 2, configPath: '/etc/passwd' }]],
  ];
  it.each(bad.map(([c, a]) => [c, a] as const))('%s with %j', async (channel, args) => {
    const s = setup(withConfig({ logDir: dir }));
    await expect(s.call(channel, args)).rejects.toThrow(IpcRefusal);
    expectUntouched(s);
    expect(Object.getPrototypeOf(s.prefs.get())).toBe(Object.prototype);
  });

  it.each([
    [[]],
    [[{ of: 'worker' }]],
    [[{ of: 'worker', address: 'http://evil.example/' }]],
    [[{ of: 'worker', address: 'tcp://127.0.0.1:1', extra: 1 }]],
    [[{ of: 'scheduler', address: 'tcp://127.0.0.1:1' }]],
    [[{ of: 'nanny' }]],
    [['scheduler']],
    [[{ of: 'worker', address: `tcp://${'a'.repeat(200)}:1` }]],
  ])('getLogs with %j is refused', async (args) => {
    const s = setup(good);
    await expect(s.call(INVOKE_CHANNELS.getLogs, args)).rejects.toThrow(IpcRefusal);
    expect(s.calls).toEqual([]);
  });

  it.each([[[]], [[0]], [[-1]], [[1.5]], [[257]], [['3']], [[3, 4]], [[Number.NaN]]])(
    'scaleWorkers with %j is refused',
    async (args) => {
      const s = setup(good);
      await expect(s.call(INVOKE_CHANNELS.scaleWorkers, args)).rejects.toThrow(IpcRefusal);
      expect(s.calls).toEqual([]);
    },
  );

  it.each([
    [[]],
    [['../settings']],
    [['72A1C0CE-17AF-4CA6-9BFD-EE92190012B3']],
    [['72a1c0ce-17af-4ca6-9bfd-ee92190012b3/../../x']],
    [['https://example.com/72a1c0ce-17af-4ca6-9bfd-ee92190012b3']],
    [['72a1c0ce-17af-4ca6-9bfd-ee92190012b3', 'x']],
    [[42]],
  ])('openDispatch with %j is refused', async (args) => {
    const s = setup(good);
    await expect(s.call(INVOKE_CHANNELS.openDispatch, args)).rejects.toThrow(IpcRefusal);
    expect(s.calls).toEqual([]);
  });

  it("opens a dispatch only under the config's own Covalent UI address", async () => {
    const id = '72a1c0ce-17af-4ca6-9bfd-ee92190012b3';
    const s = setup(withConfig({ uiAddress: '0.0.0.0', uiPort: 48123 }));
    await expect(s.call(INVOKE_CHANNELS.openDispatch, [id])).resolves.toEqual({ ok: true });
    expect(s.calls).toEqual([['openExternal', `http://localhost:48123/${id}`]]);
    const none = setup(withConfig({ uiAddress: null }));
    await expect(none.call(INVOKE_CHANNELS.openDispatch, [id])).resolves.toMatchObject({ ok: false });
    expect(none.calls).toEqual([]);
  });

  it("takes no value from a patch's prototype", async () => {
    const s = setup(good);
    const sneaky = Object.create({ intervalSeconds: 0.01, alertFraction: 0.1 }) as object;
    await expect(s.call(INVOKE_CHANNELS.setPrefs, [sneaky])).resolves.toEqual(DEFAULT_PREFS);
    expect(s.prefs.get()).toEqual(DEFAULT_PREFS);
  });
});

describe("openExternal gets only the config's own http(s) links", () => {
  it.each([
    ['dashboard-javascript.conf', 'javascript:alert(document.cookie)'],
    ['dashboard-file.conf', 'file:///etc/passwd'],
    ['dashboard-data.conf', 'data:text/html,<script>alert(1)</script>'],
    ['dashboard-credentials.conf', 'http://127.0.0.1:8787@evil.example/status'],
  ])('a config with %s: the link is shown as text, never opened nor fetched', async (file, link) => {
    const snapshot = await snapshotOf(fs.readFileSync(path.join(CORPUS, file)));
    expect(snapshot.configIssues.find((i) => i.key === 'dashboardLink')?.value).toBe(JSON.stringify(link));
    expect(snapshot.config!.dashboardLink).toBeNull();
    expect(snapshot.dashboard.url).toBeNull();
    const s = setup(snapshot);
    await expect(s.call(INVOKE_CHANNELS.openDashboard, [])).resolves.toEqual({
      ok: false,
      error: 'no dashboard link in the config that can be opened',
    });
    expect(s.calls).toEqual([]);
  });

  it('nothing is opened before the first snapshot', async () => {
    const s = setup(null);
    await expect(s.call(INVOKE_CHANNELS.openDashboard, [])).resolves.toMatchObject({ ok: false });
    await expect(s.call(INVOKE_CHANNELS.openCovalentUi, [])).resolves.toMatchObject({ ok: false });
    await expect(s.call(INVOKE_CHANNELS.copy, ['logDir'])).resolves.toMatchObject({ ok: false });
    expect(s.calls).toEqual([]);
  });

  // Values that should never get past the config parser, handed over directly: the handlers check again.
  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'jav&#x09;ascript:alert(1)',
    'file:///etc/passwd',
    'FILE:///C:/Windows/System32/calc.exe',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'blob:http://127.0.0.1/x',
    'ftp://127.0.0.1/',
    'smb://evil.example/share',
    'mailto:a@evil.example',
    'ms-settings:',
    'x-apple.systempreferences:',
    'http://user:pw@127.0.0.1:8787/status',
    'http://127.0.0.1:8787@evil.example/',
    'https://:pw@evil.example/',
    '//evil.example/status',
    '/status',
    'status',
    '',
    'http://',
    'http://[::1',
    'http://127.0.0.1:99999/',
  ])('a dashboard link %j is refused', async (dashboardLink) => {
    const s = setup(withConfig({ dashboardLink }));
    await expect(s.call(INVOKE_CHANNELS.openDashboard, [])).resolves.toMatchObject({ ok: false });
    expect(s.calls).toEqual([]);
    expect(daskBaseUrl(dashboardLink)).toBeNull();
  });

  it.each([
    ['http://127.0.0.1:8787/status', 'http://127.0.0.1:8787/status'],
    ['https://dask.example.org/status', 'https://dask.example.org/status'],
    ['HTTP://127.0.0.1:8787/status', 'http://127.0.0.1:8787/status'],
  ])('a dashboard link %j is opened as %j', async (dashboardLink, opened) => {
    const s = setup(withConfig({ dashboardLink }));
    await expect(s.call(INVOKE_CHANNELS.openDashboard, [])).resolves.toEqual({ ok: true });
    expect(s.calls).toEqual([['openExternal', opened]]);
  });

  it.each([
    'evil.example@127.0.0.1',
    '127.0.0.1@evil.example',
    'user:pw@localhost',
    '127.0.0.1/evil',
    'evil.example/127.0.0.1',
    '127.0.0.1\\evil.example',
    'localhost:1234',
    'localhost:1234@evil.example',
    'localhost#@evil.example',
    'localhost?@evil.example',
    'localhost/..',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:,x',
    ' localhost',
    'localhost\n',
    'local\thost',
    '%6cocalhost',
    'ｌｏｃａｌｈｏｓｔ',
    'localhost.',
    '.localhost',
    'local_host',
    '-localhost',
    '[::1]@evil.example',
    '[fe80::1%25eth0]',
    '999.999.999.999',
    `${'a'.repeat(64)}.example`,
    '',
  ])('a Covalent UI address %j is refused', async (uiAddress) => {
    const s = setup(withConfig({ uiAddress }));
    await expect(s.call(INVOKE_CHANNELS.openCovalentUi, [])).resolves.toEqual({
      ok: false,
      error: 'no Covalent UI link in the config that can be opened',
    });
    expect(s.calls).toEqual([]);
  });

  it.each([0, -1, 65536, 70000, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'a Covalent UI port %d is refused',
    async (uiPort) => {
      const s = setup(withConfig({ uiPort }));
      await expect(s.call(INVOKE_CHANNELS.openCovalentUi, [])).resolves.toMatchObject({ ok: false });
      expect(s.calls).toEqual([]);
    },
  );

  it.each([
    ['localhost', 'http://localhost:48008/'],
    ['127.0.0.1', 'http://127.0.0.1:48008/'],
    ['0.0.0.0', 'http://localhost:48008/'],
    ['::1', 'http://[::1]:48008/'],
    ['::', 'http://localhost:48008/'],
    ['covalent.lab.example', 'http://covalent.lab.example:48008/'],
  ])('a Covalent UI address %j is opened as %j', async (uiAddress, opened) => {
    const s = setup(withConfig({ uiAddress }));
    await expect(s.call(INVOKE_CHANNELS.openCovalentUi, [])).resolves.toEqual({ ok: true });
    expect(s.calls).toEqual([['openExternal', opened]]);
  });
});

describe('open-path opens only an existing folder from the config', () => {
  const folder = path.join(dir, 'logs');
  const file = path.join(dir, 'run-me.sh');
  const bundle = path.join(dir, 'Calculator.app');
  beforeAll(() => {
    fs.mkdirSync(folder);
    fs.writeFileSync(file, '#!/bin/sh\necho ran\n', { mode: 0o755 });
    fs.mkdirSync(path.join(bundle, 'Contents'), { recursive: true });
    fs.symlinkSync(file, path.join(dir, 'link-to-file'));
    fs.symlinkSync(folder, path.join(dir, 'link-to-folder'));
    fs.symlinkSync(bundle, path.join(dir, 'innocent'));
  });

  it.each([
    ['a file, which would run', () => file, /is not a folder$/],
    ['a symlink to a file', () => path.join(dir, 'link-to-file'), /is not a folder$/],
    ['an application bundle, which would run', () => bundle, /is an application, not a folder$/],
    ['a symlink to an application bundle', () => path.join(dir, 'innocent'), /is an application, not a folder$/],
    ['a relative path', () => 'logs', /is not an absolute path$/],
    ['a dot path', () => './logs', /is not an absolute path$/],
    ['a tilde path', () => '~/logs', /is not an absolute path$/],
    ['a missing path', () => path.join(dir, 'nope'), /does not exist$/],
    ['a path through a file', () => path.join(file, 'x'), /does not exist$/],
    ['a path with a NUL', () => `${folder}\u0000/x`, /does not exist$/],
    ['an empty value', () => '', /^not set in the config$/],
  ])('refuses %s', async (_what, value, error) => {
    const s = setup(withConfig({ logDir: value() }));
    const r = await s.call(INVOKE_CHANNELS.openPath, ['logDir']);
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(error) });
    expect(s.calls).toEqual([]);
  });

  it('opens a folder, and one reached through a symlink', async () => {
    const s = setup(withConfig({ logDir: folder, cacheDir: path.join(dir, 'link-to-folder') }));
    await expect(s.call(INVOKE_CHANNELS.openPath, ['logDir'])).resolves.toEqual({ ok: true });
    await expect(s.call(INVOKE_CHANNELS.openPath, ['cacheDir'])).resolves.toEqual({ ok: true });
    expect(s.calls).toEqual([
      ['openPath', folder],
      ['openPath', path.join(dir, 'link-to-folder')],
    ]);
  });

  it("passes on the shell's own failure", async () => {
    const s = setup(withConfig({ logDir: folder }), 'Failed to open path');
    await expect(s.call(INVOKE_CHANNELS.openPath, ['logDir'])).resolves.toEqual({
      ok: false,
      error: 'Failed to open path',
    });
  });
});
