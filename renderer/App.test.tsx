// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFS } from '../shared/prefs';
import { emptyDashboard } from '../shared/snapshot';
import { type TestApi, createTestApi } from './testing/fake-panel-api';
import { type MountedPanel, mountPanel } from './testing/mount-panel';
import { makeSnapshot, makeWorker } from '../testing/fixtures';
import { update } from './testing/mount';

let m: MountedPanel | undefined;
afterEach(() => m?.unmount());

async function showPanel(t?: TestApi) {
  m = await mountPanel(t);
  return m;
}

describe('App', () => {
  it('waits for the first sample, then shows status, workers and fields', async () => {
    const t = createTestApi();
    const { root } = await showPanel(t);
    expect(root.querySelector('.pill')!.textContent).toBe('Waiting');
    expect(root.querySelector('.worker')).toBeNull();
    await update(() => t.pushSnapshot(makeSnapshot({ reason: '4 workers running, using 400 MB' })));
    const status = root.querySelector('[role="status"][data-status]')!;
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.querySelector('.pill')!.textContent).toBe('Running');
    expect(status.querySelector('.status__reason')!.textContent).toBe('4 workers running, using 400 MB');
    expect(root.querySelectorAll('.worker')).toHaveLength(4);
    expect(root.querySelectorAll('.field')).toHaveLength(11);
  });

  it('hides the panel on Esc', async () => {
    const { t } = await showPanel();
    await update(() => {
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(t.calls).toEqual(['hidePanel']);
  });

  it('warns from the alert fraction in the user’s preferences', async () => {
    const t = createTestApi({ snapshot: makeSnapshot({ workers: [makeWorker(0, 0.65)] }) });
    const { root } = await showPanel(t);
    const row = () => root.querySelector<HTMLElement>('.worker')!;
    expect(row().dataset.level).toBe('normal');
    await update(() => t.pushPrefs({ ...DEFAULT_PREFS, alertFraction: 0.6 }));
    expect(row().dataset.level).toBe('warning');
  });

  it('runs the actions through the API and shows what they did', async () => {
    const { t, root } = await showPanel();
    const notice = root.querySelector('.notice')!;
    await update(async () => {
      root.querySelector<HTMLButtonElement>('button[aria-label="Copy Scheduler Address"]')!.click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(notice.textContent).toBe('Copied Scheduler Address');
    t.result = { ok: false, error: 'no Covalent UI link in the config that can be opened' };
    const ui = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Open Covalent UI')!;
    await update(async () => {
      ui.click();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(notice.textContent).toBe('no Covalent UI link in the config that can be opened');
    expect(notice.classList.contains('notice--error')).toBe(true);
    expect(t.calls).toEqual(['copy schedulerAddress', 'openCovalentUi']);
    expect(root.querySelector('.panel__ui-address')!.textContent).toBe('localhost:48008');
  });

  it('renders text from the cluster as text, never as HTML', async () => {
    const markup = '<img src=x onerror="alert(1)">';
    const t = createTestApi({
      snapshot: makeSnapshot({
        reason: `Worker ${markup} is at 90 %`,
        workerMatching: `matched ${markup}`,
        dashboard: { ...emptyDashboard(), reachable: false, problem: `problem ${markup}` },
        alerts: [
          {
            kind: 'worker-memory-high',
            worker: markup,
            message: `Dask worker ${markup} is at 90 %`,
            at: '2026-01-01T10:00:00.000Z',
          },
        ],
        workers: [makeWorker(0, 0.9, { name: markup, status: markup })],
      }),
    });
    const { root } = await showPanel(t);
    expect(root.querySelector('img, script')).toBeNull();
    expect(root.querySelector('.status__reason')!.textContent).toBe(`Worker ${markup} is at 90 %`);
    expect(root.querySelector('[data-note="worker-matching"]')!.textContent).toBe(`matched ${markup}`);
    expect(root.querySelector('[data-note="dashboard-problem"]')!.textContent).toBe(`problem ${markup}`);
    expect(root.querySelector('.alert__message')!.textContent).toBe(`Dask worker ${markup} is at 90 %`);
    expect(root.querySelector('.worker__status')!.className).toBe('worker__status worker__status--other');
  });
});
