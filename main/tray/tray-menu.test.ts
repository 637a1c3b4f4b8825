import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS } from '../../shared/prefs';
import type { CovalentConfig } from '../../shared/snapshot';
import { buildTrayMenu, trayMenuKey } from './tray-menu';
import { emptySnapshot as snapshotOf } from '../../testing/fixtures';

const config = {
  schedulerAddress: 'tcp://127.0.0.1:56006',
  dashboardLink: 'http://127.0.0.1:8787/status',
  uiAddress: 'localhost',
  uiPort: 48008,
} as CovalentConfig;
const alive = { pid: 1, alive: true, rssBytes: 1, threads: 1, cpuPercent: 0, suspended: false };

function enabled(items: ReturnType<typeof buildTrayMenu>) {
  return Object.fromEntries(
    items.flatMap((i) => (i.type === 'action' || i.type === 'checkbox' ? [[i.action, i.enabled]] : [])),
  );
}

describe('buildTrayMenu', () => {
  it('lists every item, in order, with the status first', () => {
    const items = buildTrayMenu({
      snapshot: snapshotOf({ config, scheduler: alive }),
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
