// @vitest-environment happy-dom
/** The panel's Workflows section: running with a bar, recent with status and time, the totals, the server's state; rows open the dispatch. */
import { afterEach, describe, expect, it } from 'vitest';
import { emptyWorkflows } from '../shared/snapshot';
import { makeDispatch, makeSnapshot, makeWorkflows } from '../testing/fixtures';
import { createTestApi } from './testing/fake-panel-api';
import { update } from './testing/mount';
import { type MountedPanel, mountPanel } from './testing/mount-panel';

let m: MountedPanel | undefined;
afterEach(() => m?.unmount());

const failed = makeDispatch({
  id: 'a02084ff-bc8b-421e-91f6-6161889f31a4',
  name: 'fail_flow',
  status: 'FAILED',
  electrons: 5,
  electronsDone: 3,
  startedAt: '2026-01-01T09:55:12.707Z',
  endedAt: '2026-01-01T09:55:15.250Z',
  runtimeMs: 3000,
});

describe('the Workflows section', () => {
  it('shows what runs with its electrons as a bar and for how long, then what ended', async () => {
    const snapshot = makeSnapshot({ workflows: makeWorkflows([makeDispatch()], [failed]) });
    m = await mountPanel(createTestApi({ snapshot }));
    const section = m.root.querySelector('.workflows')!;
    expect(section.querySelector('.section-head__aside')!.textContent).toBe('1 running · 0 completed · 1 failed');
    const rows = [...section.querySelectorAll('.dispatch')];
    expect(rows.map((r) => [r.querySelector('.dispatch__name')!.textContent, r.getAttribute('data-status')])).toEqual([
      ['ok_flow', 'RUNNING'],
      ['fail_flow', 'FAILED'],
    ]);
    const bar = rows[0]!.querySelector('[role=progressbar]')!;
    expect([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax')]).toEqual(['4', '8']);
    // Started 09:58:00, sampled 10:00:00.
    expect(rows[0]!.querySelector('.dispatch__detail')!.textContent).toBe('4 of 8 electrons · running 2 min 00 s');
    expect(rows[1]!.querySelector('[role=progressbar]')).toBeNull();
    expect(rows[1]!.querySelector('.dispatch__detail')!.textContent).toMatch(/^ended \d\d:\d\d:15 · after 3 s$/);
  });

  it('opens a dispatch by its id, and says so', async () => {
    const t = createTestApi({ snapshot: makeSnapshot({ workflows: makeWorkflows([], [failed]) }) });
    m = await mountPanel(t);
    await update(() => (m!.root.querySelector('.dispatch__open') as HTMLElement).click());
    await update(() => new Promise((r) => setTimeout(r, 0)));
    expect(t.calls).toContain(`openDispatch ${failed.id}`);
    expect(m.root.querySelector('.notice')!.textContent).toBe('Opened fail_flow in the Covalent UI');
  });

  it('shows a name with markup as text', async () => {
    const name = '<img src=x onerror="window.hacked=1">';
    m = await mountPanel(
      createTestApi({ snapshot: makeSnapshot({ workflows: makeWorkflows([makeDispatch({ name })]) }) }),
    );
    expect(m.root.querySelector('.dispatch__name')!.textContent).toBe(name);
    expect(m.root.querySelector('.workflows img')).toBeNull();
  });

  it('says the server does not answer, and greys Open Covalent UI', async () => {
    const workflows = {
      ...emptyWorkflows('http://localhost:48008/'),
      reachable: false,
      problem: "Covalent's server does not answer: localhost:48008: ECONNREFUSED",
    };
    m = await mountPanel(createTestApi({ snapshot: makeSnapshot({ workflows }) }));
    expect(m.root.querySelector('.workflows .section-head__aside')!.textContent).toBe(
      "Covalent's server does not answer",
    );
    expect(m.root.querySelector('[data-note=workflows-problem]')!.textContent).toContain('ECONNREFUSED');
    const open = [...m.root.querySelectorAll('.panel__footer button')].find(
      (b) => b.textContent === 'Open Covalent UI',
    );
    expect((open as HTMLButtonElement).disabled).toBe(true);
  });

  it('says when nothing has been dispatched yet, and is not there without a server address', async () => {
    m = await mountPanel(createTestApi({ snapshot: makeSnapshot({ workflows: makeWorkflows() }) }));
    expect(m.root.querySelector('.workflows')!.textContent).toContain(
      'No workflow has been dispatched to this server yet.',
    );
    m.unmount();
    m = await mountPanel(createTestApi({ snapshot: makeSnapshot({ workflows: emptyWorkflows(null) }) }));
    expect(m.root.querySelector('.workflows')).toBeNull();
  });
});
