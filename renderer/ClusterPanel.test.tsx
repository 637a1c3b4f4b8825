// @vitest-environment happy-dom
/** The panel's parts over Dask's protocol and Covalent's admin server: tasks per worker, logs, restarts, actions. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Alert } from '../shared/snapshot';
import { makeSnapshot, makeWorker } from '../testing/fixtures';
import { createTestApi } from './testing/fake-panel-api';
import { update } from './testing/mount';
import { type MountedPanel, mountPanel } from './testing/mount-panel';

let m: MountedPanel | undefined;
afterEach(() => m?.unmount());

const electron = (n: number) => `dask_job_7203c495-24bf-4771-92c2-ad838cbed850:${n}`;
/** Clicks, then lets main's (the fake's) answer arrive and the panel render it. */
const click = async (el: Element | null) => {
  await update(() => (el as HTMLElement).click());
  await update(() => new Promise((r) => setTimeout(r, 0)));
};
const byText = (root: HTMLElement, selector: string, text: string) =>
  [...root.querySelectorAll(selector)].find((el) => el.textContent === text) ?? null;

describe('tasks per worker', () => {
  it('names what each worker runs, says idle, and nothing where Dask does not tell', async () => {
    const workers = [
      makeWorker(0, 0.4, { tasks: [electron(3), electron(1)], taskCount: 2 }),
      makeWorker(1, 0.2, { tasks: [], taskCount: 0 }),
      makeWorker(2, 0.2, { tasks: null, taskCount: null }),
    ];
    m = await mountPanel(createTestApi({ snapshot: makeSnapshot({ workers }) }));
    const tasks = [...m.root.querySelectorAll('.worker')].map(
      (w) => w.querySelector('.worker__tasks')?.textContent ?? null,
    );
    expect(tasks).toEqual(['runs electrons 1 and 3 of dispatch 7203c495', 'idle', null]);
  });
});

describe('logs', () => {
  it("asks for a worker's log from its row and shows the lines as text", async () => {
    const t = createTestApi({ snapshot: makeSnapshot() });
    t.logs = { ok: true, lines: [{ level: 'INFO', text: 'distributed.worker - INFO - <b>Start</b> worker' }] };
    m = await mountPanel(t);
    await click(m.root.querySelector('.worker[data-worker="1"] .worker__logs'));
    expect(t.calls).toContain('getLogs tcp://127.0.0.1:40001');
    const logs = m.root.querySelector('.logs')!;
    expect(logs.querySelector('h2')!.textContent).toBe('Log of worker 1');
    expect(logs.querySelector('pre')!.textContent).toBe('distributed.worker - INFO - <b>Start</b> worker\n');
    expect(logs.querySelector('b')).toBeNull();
    await click(byText(logs as HTMLElement, 'button', 'Close'));
    expect(m.root.querySelector('.logs')).toBeNull();
  });

  it("asks for the scheduler's log from the summary, and shows main's refusal as it is", async () => {
    const t = createTestApi({ snapshot: makeSnapshot() });
    t.logs = { ok: false, error: "Dask's protocol is not used: a tls:// address" };
    m = await mountPanel(t);
    await click(byText(m.root, '.summary button', 'Logs'));
    expect(t.calls).toContain('getLogs scheduler');
    expect(m.root.querySelector('.logs .note--error')!.textContent).toBe(
      "Dask's protocol is not used: a tls:// address",
    );
  });
});

describe('recent restarts', () => {
  it('says which worker, when, why, and what it was running', async () => {
    const restart: Alert = {
      kind: 'worker-restarted',
      worker: '1',
      message: 'Dask worker 1 was restarted',
      at: '2026-01-01T10:00:00.000Z',
      restart: {
        oldPid: 5001,
        newPid: 5009,
        cause: 'memory-killed',
        rssBytes: 388e6,
        limitBytes: 400e6,
        tasks: [electron(0)],
      },
    };
    m = await mountPanel(createTestApi({ snapshot: makeSnapshot({ alerts: [restart] }) }));
    const item = m.root.querySelector('.restart')!;
    expect(item.querySelector('.restart__worker')!.textContent).toBe('worker 1 · pid 5001 → 5009');
    expect(item.querySelector('.restart__cause')!.textContent).toBe(
      "killed by its nanny for using 97 % of its 400 MB (Dask's report)",
    );
    expect(item.querySelector('.restart__tasks')!.textContent).toBe('was running electron 0 of dispatch 7203c495');
  });

  it('is not there when no worker was restarted', async () => {
    m = await mountPanel(createTestApi({ snapshot: makeSnapshot() }));
    expect(m.root.querySelector('.restarts')).toBeNull();
  });
});

describe('cluster actions', () => {
  it('restarts the workers only after a confirmation that says what happens', async () => {
    const t = createTestApi({ snapshot: makeSnapshot() });
    m = await mountPanel(t);
    await click(byText(m.root, '.cluster-actions button', 'Restart workers…'));
    expect(t.calls).not.toContain('restartWorkers');
    const confirm = m.root.querySelector('.confirm')!;
    expect(confirm.querySelector('.confirm__title')!.textContent).toBe('Restart all 4 workers?');
    expect(confirm.querySelector('.confirm__detail')!.textContent).toMatch(/Tasks running on them are lost/);
    await click(byText(confirm as HTMLElement, 'button', 'Cancel'));
    expect(t.calls).not.toContain('restartWorkers');
    await click(byText(m.root, '.cluster-actions button', 'Restart workers…'));
    await click(byText(m.root, '.confirm button', 'Restart workers'));
    expect(t.calls).toContain('restartWorkers');
    expect(m.root.querySelector('.notice')!.textContent).toBe('Restarted the workers');
  });

  it('scales to the number given, after saying how many come or go', async () => {
    const t = createTestApi({ snapshot: makeSnapshot() });
    m = await mountPanel(t);
    const input = m.root.querySelector('.cluster-actions input') as HTMLInputElement;
    await update(() => {
      input.value = '6';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(byText(m.root, '.cluster-actions button', 'Scale…'));
    expect(m.root.querySelector('.confirm__title')!.textContent).toBe('Scale the cluster from 4 to 6 workers?');
    expect(m.root.querySelector('.confirm__detail')!.textContent).toMatch(/starts 2 more workers/);
    await click(byText(m.root, '.confirm button', 'Scale to 6'));
    expect(t.calls).toContain('scaleWorkers 6');
  });

  it('is greyed out, saying why, without an admin server or a cluster', async () => {
    const base = makeSnapshot();
    m = await mountPanel(createTestApi({ snapshot: { ...base, admin: { ...base.admin, address: null } } }));
    expect(m.root.querySelector('.cluster-actions .section-head__aside')!.textContent).toBe(
      'the config names no admin server',
    );
    expect(
      [...m.root.querySelectorAll('.cluster-actions button')].every((b) => (b as HTMLButtonElement).disabled),
    ).toBe(true);
  });

  it("shows where Covalent's admin server and Dask disagree", async () => {
    const base = makeSnapshot();
    const snapshot = {
      ...base,
      admin: { ...base.admin, disagreement: "Covalent's admin server counts 3 workers; the monitor sees 4" },
    };
    m = await mountPanel(createTestApi({ snapshot }));
    expect(m.root.querySelector('[data-note="admin-disagreement"]')!.textContent).toBe(
      "Covalent's admin server counts 3 workers; the monitor sees 4",
    );
  });
});
