/**
 * The tray's decisions end to end under Node: a scripted monitor (the real one is tested against
 * real clusters elsewhere) and a shell that records what the Electron adapter would be told.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIpcHandlers } from './ipc-handlers';
import { createMemoryHistory } from './memory-history';
import type { Monitor, MonitorSettings } from '../monitor/monitor';
import { createPrefsStore } from './prefs-store';
import { restartConfirmation, scaleConfirmation } from '../../shared/cluster-action-text';
import type { ActionResult } from '../../shared/ipc-contract';
import type { Alert, Snapshot } from '../../shared/snapshot';
import { makeWorker, emptySnapshot as snapshotOf } from '../../testing/fixtures';
import { type TrayShell, createTrayController } from './tray-controller';

function scriptedMonitor() {
  const snapshots = new Set<(s: Snapshot) => void>();
  const alerts = new Set<(a: Alert) => void>();
  let latest: Snapshot | null = null;
  let settings: MonitorSettings = { intervalMs: 1000, alertFraction: 0.8 };
  let running = false;
  /** What the cluster's actions were asked, and what they answer. */
  const asked: string[] = [];
  let answer: ActionResult = { ok: true };
  const monitor: Monitor = {
    sampleOnce: async () => latest!,
    start() {
      running = true;
    },
    stop() {
      running = false;
    },
    latest: () => latest,
    onSnapshot(l) {
      snapshots.add(l);
      return () => snapshots.delete(l);
    },
    onAlert(l) {
      alerts.add(l);
      return () => alerts.delete(l);
    },
    configure(s) {
      settings = { ...settings, ...s };
    },
    settings: () => settings,
    actions: {
      logs: async () => ({ ok: false, error: 'no cluster' }),
      restartWorkers: async () => {
        asked.push('restart');
        return answer;
      },
      scaleWorkers: async (size) => {
        asked.push(`scale ${size}`);
        return answer;
      },
    },
  };
  return {
    monitor,
    asked,
    answerWith(r: ActionResult) {
      answer = r;
    },
    isRunning: () => running,
    emit(s: Snapshot) {
      latest = s;
      for (const l of snapshots) l(s);
    },
    alert(a: Alert) {
      for (const l of alerts) l(a);
    },
  };
}

function recordingShell() {
  const calls: [string, unknown][] = [];
  const panel = { visible: true };
  const os = { startAtLogin: null as boolean | null };
  const rec = (name: string) => (arg?: unknown) => void calls.push([name, arg]);
  const shell: TrayShell = {
    setIcon: rec('setIcon'),
    setTooltip: rec('setTooltip'),
    setMenu: rec('setMenu'),
    notify: (text) => void calls.push(['notify', text]),
    // Recorded by what is sent: 'send snapshot', 'send prefs', 'send history'.
    sendToPanel: (m) => void calls.push([`send ${m.name}`, m.payload]),
    panelVisible: () => panel.visible,
    setStartAtLogin: rec('setStartAtLogin'),
    readStartAtLogin: () => os.startAtLogin,
    showPanel: rec('showPanel'),
    quit: rec('quit'),
    warn: rec('warn'),
    confirm: async (text) => {
      calls.push(['confirm', text]);
      return user.confirms;
    },
    showFailure: async (title, detail) => void calls.push(['showFailure', `${title}: ${detail}`]),
  };
  const user = { confirms: false };
  return { shell, calls, panel, os, user, names: () => calls.map(([n]) => n) };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function setup(osStartAtLogin: boolean | null = null) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'controller-'));
  dirs.push(dir);
  const m = scriptedMonitor();
  const prefs = createPrefsStore(path.join(dir, 'prefs.json'));
  const history = createMemoryHistory();
  const opened: string[] = [];
  const handlers = createIpcHandlers({
    latest: m.monitor.latest,
    history: history.points,
    prefs,
    actions: {
      openExternal: async (u) => void opened.push(u),
      openPath: async () => '',
      writeClipboard: (t) => void opened.push(`clipboard:${t}`),
      hidePanel: () => undefined,
    },
    cluster: m.monitor.actions,
  });
  const r = recordingShell();
  r.os.startAtLogin = osStartAtLogin;
  const controller = createTrayController({
    monitor: m.monitor,
    prefs,
    history,
    handlers,
    shell: r.shell,
    loginItemSupported: true,
  });
  return { m, prefs, history, r, controller, opened, handlers };
}

const alive = { pid: 9, alive: true, rssBytes: 1, threads: 1, cpuPercent: 0, suspended: false };
const high: Alert = {
  kind: 'worker-memory-high',
  worker: '1',
  message: 'Dask worker 1 is at 85 %…',
  at: '2026-11-27T10:00:00.000Z',
};

describe('createTrayController', () => {
  it('starts the monitor with the preferences and shows a first icon, tooltip and menu', () => {
    const { m, controller, r } = setup();
    controller.start();
    expect(m.isRunning()).toBe(true);
    expect(m.monitor.settings()).toEqual({ intervalMs: 1000, alertFraction: 0.8 });
    expect(r.calls.slice(0, 3)).toEqual([
      ['setIcon', 'problem'],
      ['setTooltip', 'Covalent Dask: starting…'],
      ['setMenu', expect.any(Array)],
    ]);
  });

  it('changes the icon, tooltip and menu only when they change, and always forwards the snapshot', () => {
    const { m, controller, r, history } = setup();
    controller.start();
    r.calls.length = 0;
    const running = snapshotOf({ scheduler: alive });
    m.emit(running);
    m.emit({ ...running, sampledAt: '2026-11-27T10:00:01.000Z' });
    expect(r.names()).toEqual(['setIcon', 'setTooltip', 'setMenu', 'send snapshot', 'send snapshot']);
    expect(history.points()).toHaveLength(2);
    m.emit(snapshotOf({ status: 'degraded', scheduler: alive, sampledAt: '2026-11-27T10:00:02.000Z' }));
    expect(r.calls.filter(([n]) => n === 'setIcon').at(-1)).toEqual(['setIcon', 'degraded']);
  });

  it('sends a hidden panel no snapshots, and on show the history and the latest', () => {
    const { m, controller, r, history } = setup();
    controller.start();
    r.panel.visible = false;
    r.calls.length = 0;
    const running = snapshotOf({ scheduler: alive });
    m.emit(running);
    const latest = { ...running, sampledAt: '2026-11-27T10:00:01.000Z' };
    m.emit(latest);
    expect(r.names().filter((n) => n.startsWith('send'))).toEqual([]);
    expect(history.points()).toHaveLength(2);
    r.panel.visible = true;
    controller.panelShown();
    expect(r.calls.filter(([n]) => n.startsWith('send'))).toEqual([
      ['send history', history.points()],
      ['send snapshot', latest],
    ]);
  });

  it('notifies for a worker short of memory, not while notifications are paused', async () => {
    const { m, controller, r } = setup();
    controller.start();
    m.alert(high);
    expect(r.calls.filter(([n]) => n === 'notify')).toHaveLength(1);
    await controller.runAction('toggle-notifications');
    m.alert({ ...high, worker: '2' });
    expect(r.calls.filter(([n]) => n === 'notify')).toHaveLength(1);
    const menu = r.calls.filter(([n]) => n === 'setMenu').at(-1)![1] as { action?: string; checked?: boolean }[];
    expect(menu.find((i) => i.action === 'toggle-notifications')?.checked).toBe(true);
  });

  it('shows an alert the OS would not notify in the tooltip and the menu, warns once, until the panel opens', () => {
    const { m, controller, r } = setup();
    controller.start();
    m.alert(high);
    const text = r.calls.find(([n]) => n === 'notify')![1] as { title: string; body: string };
    controller.notificationFailed(text, 'Notifications not allowed');
    controller.notificationFailed(text, 'Notifications not allowed');
    expect(r.calls.filter(([n]) => n === 'warn')).toHaveLength(1);
    expect(r.calls.filter(([n]) => n === 'setTooltip').at(-1)![1]).toBe(
      'Covalent Dask: starting… · ⚠ Dask worker short of memory',
    );
    const labels = () =>
      (r.calls.filter(([n]) => n === 'setMenu').at(-1)![1] as { label?: string }[]).map((i) => i.label);
    expect(labels()).toContain('⚠ Dask worker short of memory: Dask worker 1 is at 85 %…');
    controller.panelShown();
    expect(r.calls.filter(([n]) => n === 'setTooltip').at(-1)![1]).toBe('Covalent Dask: starting…');
    expect(labels().some((l) => l?.startsWith('⚠'))).toBe(false);
  });

  it('applies changed preferences to the monitor and the login item', () => {
    const { m, controller, r, prefs } = setup();
    controller.start();
    prefs.update({ intervalSeconds: 2.5, alertFraction: 0.7, startAtLogin: true });
    expect(m.monitor.settings()).toEqual({ intervalMs: 2500, alertFraction: 0.7 });
    expect(r.calls).toContainEqual(['setStartAtLogin', true]);
    expect(r.calls.filter(([n]) => n === 'send prefs')).toHaveLength(1);
  });

  it('tells the OS about Start at Login only when it changes', () => {
    const { controller, r, prefs } = setup();
    controller.start();
    prefs.update({ intervalSeconds: 2 });
    prefs.update({ startAtLogin: true });
    prefs.update({ intervalSeconds: 3 });
    prefs.update({ startAtLogin: false });
    expect(r.calls.filter(([n]) => n === 'setStartAtLogin')).toEqual([
      ['setStartAtLogin', true],
      ['setStartAtLogin', false],
    ]);
  });

  it('takes Start at Login from the OS at start, where the user changed it behind the app', () => {
    const { controller, r, prefs } = setup(true);
    controller.start();
    expect(prefs.get().startAtLogin).toBe(true);
    expect(r.calls.filter(([n]) => n === 'setStartAtLogin')).toEqual([]);
    const menu = r.calls.filter(([n]) => n === 'setMenu').at(-1)![1] as { action?: string; checked?: boolean }[];
    expect(menu.find((i) => i.action === 'toggle-start-at-login')?.checked).toBe(true);
    prefs.update({ startAtLogin: false });
    expect(r.calls.filter(([n]) => n === 'setStartAtLogin')).toEqual([['setStartAtLogin', false]]);
  });

  it('runs menu actions through the same handlers as the panel', async () => {
    const { m, controller, r, opened } = setup();
    controller.start();
    m.emit(
      snapshotOf({
        scheduler: alive,
        config: {
          dashboardLink: 'http://127.0.0.1:8787/status',
          schedulerAddress: 'tcp://127.0.0.1:1',
        } as Snapshot['config'],
      }),
    );
    await controller.runAction('open-dashboard');
    await controller.runAction('copy-scheduler-address');
    await controller.runAction('open-panel');
    await controller.runAction('quit');
    expect(opened).toEqual(['http://127.0.0.1:8787/status', 'clipboard:tcp://127.0.0.1:1']);
    expect(r.names().slice(-2)).toEqual(['showPanel', 'quit']);
  });

  it('restarts or scales from the menu only after the confirmation the panel shows, and says why it failed', async () => {
    const { m, controller, r } = setup();
    controller.start();
    m.emit(snapshotOf({ scheduler: alive, workers: [makeWorker(0), makeWorker(1)] }));
    await controller.runAction('restart-workers');
    await controller.runAction({ scaleTo: 4 });
    expect(r.calls.filter(([n]) => n === 'confirm').map(([, t]) => t)).toEqual([
      restartConfirmation(2),
      scaleConfirmation(2, 4),
    ]);
    expect(m.asked).toEqual([]); // the user cancelled both

    r.user.confirms = true;
    await controller.runAction({ scaleTo: 4 });
    m.answerWith({ ok: false, error: "Covalent's admin server at 127.0.0.1:1 cannot be used (refused)" });
    await controller.runAction('restart-workers');
    expect(m.asked).toEqual(['scale 4', 'restart']);
    expect(r.calls.filter(([n]) => n === 'showFailure').map(([, t]) => t)).toEqual([
      "Could not restart the workers: Covalent's admin server at 127.0.0.1:1 cannot be used (refused)",
    ]);
  });

  it('warns, never rejects, when a menu action fails or is refused', async () => {
    const { controller, r, handlers } = setup();
    controller.start();
    await controller.runAction('open-dashboard');
    expect(r.calls.filter(([n]) => n === 'warn').at(-1)?.[1]).toMatch(/^open-dashboard: /);
    handlers.copy = async () => {
      throw new Error('clipboard gone');
    };
    await expect(controller.runAction('copy-scheduler-address')).resolves.toBeUndefined();
    expect(r.calls.filter(([n]) => n === 'warn').at(-1)?.[1]).toBe('copy-scheduler-address failed: clipboard gone');
  });

  it('stops the monitor and listens no more', () => {
    const { m, controller, r } = setup();
    controller.start();
    controller.stop();
    expect(m.isRunning()).toBe(false);
    const before = r.calls.length;
    m.emit(snapshotOf({}));
    m.alert(high);
    expect(r.calls.length).toBe(before);
  });
});
