import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS } from '../../shared/prefs';
import { type CovalentConfig, emptyAdmin } from '../../shared/snapshot';
import { buildTrayMenu, scaleChoices, trayMenuKey } from './tray-menu';
import { makeWorker, emptySnapshot as snapshotOf } from '../../testing/fixtures';

const config = {
  schedulerAddress: 'tcp://127.0.0.1:56006',
  dashboardLink: 'http://127.0.0.1:8787/status',
  uiAddress: 'localhost',
  uiPort: 48008,
} as CovalentConfig;
const alive = { pid: 1, alive: true, rssBytes: 1, threads: 1, cpuPercent: 0, suspended: false };
const admin = { ...emptyAdmin('127.0.0.1:39000'), reachable: true, at: '2026-12-01T10:00:00.000Z', size: 0 };

function enabled(items: ReturnType<typeof buildTrayMenu>) {
  return Object.fromEntries(
    items.flatMap((i) => (i.type === 'action' || i.type === 'checkbox' ? [[i.action, i.enabled]] : [])),
  );
}

describe('scaleChoices', () => {
  it('offers round sizes up to twice the cluster, and its own size and neighbours', () => {
    expect(scaleChoices(0)).toEqual([1, 2, 3, 4, 6, 8]);
    expect(scaleChoices(4)).toEqual([1, 2, 3, 4, 5, 6, 8]);
    expect(scaleChoices(13)).toEqual([1, 2, 3, 4, 6, 8, 12, 13, 14, 16, 24]);
    expect(scaleChoices(200)).toEqual([1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 199, 200, 201]);
    expect(Math.max(...scaleChoices(255))).toBe(256);
  });
});

describe('buildTrayMenu', () => {
  const prefs = DEFAULT_PREFS;
  const clusterItems = (snapshot: Parameters<typeof buildTrayMenu>[0]['snapshot']) => {
    const items = buildTrayMenu({ snapshot, prefs, logDirOpenable: false, loginItemSupported: false });
    const at = items.findIndex((i) => i.type === 'action' && i.action === 'restart-workers');
    return items.slice(at, at + 2);
  };

  it('offers Restart Workers and Scale Workers while the cluster runs and its admin server answers', () => {
    const workers = [makeWorker(0), makeWorker(1)];
    const [restart, scale] = clusterItems(snapshotOf({ config, scheduler: alive, admin, workers }));
    expect(restart).toEqual({ type: 'action', action: 'restart-workers', label: 'Restart Workers…', enabled: true });
    if (scale?.type !== 'submenu') throw new Error('no Scale Workers submenu');
    expect(scale.enabled).toBe(true);
    expect(scale.items.map((i) => (i.type === 'action' ? [i.label, i.enabled, i.action] : null))).toEqual([
      ['1 worker…', true, { scaleTo: 1 }],
      ['2 workers (now)', false, { scaleTo: 2 }],
      ['3 workers…', true, { scaleTo: 3 }],
      ['4 workers…', true, { scaleTo: 4 }],
      ['6 workers…', true, { scaleTo: 6 }],
      ['8 workers…', true, { scaleTo: 8 }],
    ]);
  });

  it('greys them out without a cluster, without an admin server, and when it does not answer', () => {
    const silent = { ...emptyAdmin('127.0.0.1:39000'), reachable: false, problem: 'connection refused' };
    for (const s of [
      null,
      snapshotOf({ config, admin }),
      snapshotOf({ config, scheduler: alive }),
      snapshotOf({ config, scheduler: alive, admin: silent }),
    ]) {
      expect(clusterItems(s).map((i) => (i.type === 'action' || i.type === 'submenu' ? i.enabled : null))).toEqual([
        false,
        false,
      ]);
    }
  });
  it('lists every item, in order, with the status first', () => {
    const items = buildTrayMenu({
      snapshot: snapshotOf({ config, scheduler: alive, admin }),
      prefs: DEFAULT_PREFS,
      logDirOpenable: true,
      loginItemSupported: true,
    });
    expect(items.map((i) => (i.type === 'separator' ? '—' : i.label))).toEqual([
      'Dask cluster running · 0 workers',
      '—',
      'Open Panel',
      'Open Dask Dashboard',
      'Open Covalent UI',
      'Copy Scheduler Address',
      'Open Log Directory',
      '—',
      'Restart Workers…',
      'Scale Workers',
      '—',
      'Pause Notifications',
      'Start at Login',
      '—',
      'Quit Covalent Dask Tray',
    ]);
    expect(Object.values(enabled(items)).every(Boolean)).toBe(true);
  });

  it('shows, under the status, an alert the OS would not notify, cut to a readable width', () => {
    const body = `Dask worker 1 is at 85 % of its 400 MB limit ${'and more '.repeat(20)}`;
    const items = buildTrayMenu({
      snapshot: null,
      prefs: DEFAULT_PREFS,
      logDirOpenable: false,
      loginItemSupported: false,
      missedAlert: { title: 'Dask worker short of memory', body },
    });
    const label = items[1]?.type === 'label' ? items[1].label : '';
    expect(label.startsWith('⚠ Dask worker short of memory: Dask worker 1 is at 85 %')).toBe(true);
    expect(label.length).toBeLessThanOrEqual(90);
    expect(label.endsWith('…')).toBe(true);
  });

  it('disables, not hides, what cannot work while the cluster is stopped', () => {
    const items = buildTrayMenu({
      snapshot: snapshotOf({ status: 'stopped', config, scheduler: { ...alive, alive: false } }),
      prefs: DEFAULT_PREFS,
      logDirOpenable: false,
      loginItemSupported: false,
    });
    expect(enabled(items)).toEqual({
      'open-panel': true,
      'open-dashboard': false,
      'open-covalent-ui': true,
      'copy-scheduler-address': false,
      'open-log-dir': false,
      'restart-workers': false,
      'toggle-notifications': true,
      'toggle-start-at-login': false,
      quit: true,
    });
  });

  it('never enables opening a dashboard link that is not http(s)', () => {
    const bad = { ...config, dashboardLink: 'javascript:alert(1)' };
    const items = buildTrayMenu({
      snapshot: snapshotOf({ config: bad, scheduler: alive }),
      prefs: DEFAULT_PREFS,
      logDirOpenable: true,
      loginItemSupported: true,
    });
    expect(enabled(items)['open-dashboard']).toBe(false);
  });

  it('shows the preferences as check marks', () => {
    const items = buildTrayMenu({
      snapshot: null,
      prefs: { ...DEFAULT_PREFS, notifications: false, startAtLogin: true },
      logDirOpenable: false,
      loginItemSupported: true,
    });
    const checks = items.flatMap((i) => (i.type === 'checkbox' ? [[i.action, i.checked]] : []));
    expect(checks).toEqual([
      ['toggle-notifications', true],
      ['toggle-start-at-login', true],
    ]);
    expect(items[0]).toEqual({ type: 'label', label: 'Starting…' });
  });

  it('keys equal menus equally and different ones differently', () => {
    const input = { snapshot: null, prefs: DEFAULT_PREFS, logDirOpenable: false, loginItemSupported: true };
    expect(trayMenuKey(buildTrayMenu(input))).toBe(trayMenuKey(buildTrayMenu(input)));
    expect(trayMenuKey(buildTrayMenu(input))).not.toBe(trayMenuKey(buildTrayMenu({ ...input, logDirOpenable: true })));
  });
});
