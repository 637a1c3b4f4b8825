import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFS } from '../shared/prefs';
import { createPanelStore } from './panel-store';
import { createTestApi } from './testing/fake-panel-api';
import { makeSnapshot } from '../testing/fixtures';

const settle = () => new Promise((r) => setTimeout(r, 0));
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s)).toISOString();

describe('createPanelStore', () => {
  it('loads what main has, then follows its pushes', async () => {
    const first = makeSnapshot({ sampledAt: at(1) });
    const t = createTestApi({
      snapshot: first,
      history: [
        { t: Date.parse(at(0)), bytes: 10 },
        { t: Date.parse(at(1)), bytes: 400_000_000 },
      ],
    });
    const store = createPanelStore(t.api);
    const off = store.connect();
    await settle();
    expect(store.snapshot.value).toBe(first);
    expect(store.history.value).toHaveLength(2);

    const next = makeSnapshot({ sampledAt: at(2), status: 'degraded' });
    t.pushSnapshot(next);
    expect(store.snapshot.value).toBe(next);
    expect(store.history.value.map((p) => p.t)).toEqual([0, 1, 2].map((s) => Date.parse(at(s))));

    off();
    t.pushSnapshot(makeSnapshot({ sampledAt: at(3) }));
    expect(store.snapshot.value).toBe(next);
  });

  it('keeps what main pushed while its first answers were on their way', async () => {
    const old = makeSnapshot({ sampledAt: at(1) });
    const t = createTestApi({
      snapshot: old,
      history: [{ t: Date.parse(at(1)), bytes: 1 }],
      prefs: { ...DEFAULT_PREFS, alertFraction: 0.7 },
    });
    const store = createPanelStore(t.api);
    store.connect();
    const pushed = makeSnapshot({ sampledAt: at(2) });
    t.pushSnapshot(makeSnapshot({ sampledAt: at(1) }));
    t.pushSnapshot(pushed);
    t.pushPrefs({ ...DEFAULT_PREFS, alertFraction: 0.6 });
    await settle();
    expect(store.snapshot.value).toBe(pushed);
    expect(store.prefs.value.alertFraction).toBe(0.6);
    // at(1) came both ways: once in the history.
    expect(store.history.value.map((p) => p.t)).toEqual([Date.parse(at(1)), Date.parse(at(2))]);
  });

  it("takes main's whole history as the panel is shown, over what it had and what comes late", async () => {
    const t = createTestApi({
      snapshot: makeSnapshot({ sampledAt: at(1) }),
      history: [{ t: Date.parse(at(1)), bytes: 1 }],
    });
    const store = createPanelStore(t.api);
    store.connect();
    // Shown before the first answers came: the push is newer than they are.
    const whole = [0, 5, 9].map((s) => ({ t: Date.parse(at(s)), bytes: s }));
    t.pushHistory(whole);
    await settle();
    expect(store.history.value).toEqual(whole);
    // Then the latest snapshot, whose point the history already holds.
    t.pushSnapshot(makeSnapshot({ sampledAt: at(9) }));
    expect(store.history.value.map((p) => p.t)).toEqual(whole.map((p) => p.t));
  });

  it('says what each action did, and main’s refusals as they are', async () => {
    const t = createTestApi();
    const store = createPanelStore(t.api);
    await store.copy('schedulerAddress', 'Scheduler Address');
    expect(store.notice.value).toEqual({ ok: true, text: 'Copied Scheduler Address' });
    t.result = { ok: false, error: '/nowhere does not exist' };
    await store.openPath('logDir', 'Log Directory');
    expect(store.notice.value).toEqual({ ok: false, text: '/nowhere does not exist' });
    t.api.openDashboard = async () => {
      throw new Error('covalent-dask-tray:open-dashboard takes no arguments');
    };
    await store.openDashboard();
    expect(store.notice.value).toEqual({ ok: false, text: 'covalent-dask-tray:open-dashboard takes no arguments' });
    await store.hidePanel();
    expect(store.notice.value).toBeNull();
    expect(t.calls).toEqual(['copy schedulerAddress', 'openPath logDir', 'hidePanel']);
  });

  it('says so when main cannot be reached', async () => {
    const t = createTestApi();
    t.api.getSnapshot = () => Promise.reject(new Error('no handler'));
    const store = createPanelStore(t.api);
    store.connect();
    await settle();
    expect(store.notice.value).toEqual({ ok: false, text: 'Cannot reach the tray: no handler' });
  });
});
