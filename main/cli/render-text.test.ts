import { afterEach, describe, expect, it } from 'vitest';
import { emptyWorkflows } from '../../shared/snapshot';
import { makeDispatch, makeSnapshot, makeWorkflows } from '../../testing/fixtures';
import { renderAlertLine, renderWatchLine, workflowLines } from './render-text';

const tz = process.env.TZ;
afterEach(() => {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
});

describe('renderAlertLine', () => {
  it('stamps the line with local time, as the panel does', () => {
    process.env.TZ = 'Asia/Kolkata';
    expect(
      renderAlertLine({
        kind: 'cluster-stopped',
        worker: null,
        message: 'The Dask cluster (process 1) stopped',
        at: '2026-11-27T10:00:00.000Z',
      }),
    ).toBe('15:30:00  ALERT cluster-stopped: The Dask cluster (process 1) stopped');
  });
});

describe('the workflows in status and watch', () => {
  it("lists the server's state, the totals, what runs and what ended", () => {
    process.env.TZ = 'UTC';
    const w = makeWorkflows(
      [makeDispatch()],
      [
        makeDispatch({
          id: 'a02084ff-bc8b-421e-91f6-6161889f31a4',
          name: 'fail_flow',
          status: 'FAILED',
          electronsDone: 3,
          electrons: 5,
          endedAt: '2026-01-01T09:55:15.250Z',
          runtimeMs: 3000,
        }),
      ],
    );
    expect(workflowLines(w)).toEqual([
      '',
      "Workflows (Covalent's server at localhost:48008: up)",
      '  2 in all · 1 running · 0 completed · 1 failed · 0 cancelled',
      '  running  ok_flow    4/8 electrons  running 2 min 00 s        72a1c0ce-17af-4ca6-9bfd-ee92190012b3',
      '  failed   fail_flow  3/5 electrons  ended 09:55:15 after 3 s  a02084ff-bc8b-421e-91f6-6161889f31a4',
    ]);
    expect(renderWatchLine(makeSnapshot({ workflows: w }))).toMatch(/ {2}1 workflow running$/);
  });
  it('says why the server is not heard', () => {
    const w = {
      ...emptyWorkflows('http://localhost:48008/'),
      reachable: false,
      problem: "Covalent's server does not answer: localhost:48008: ECONNREFUSED",
    };
    expect(workflowLines(w)).toEqual([
      '',
      "Workflows (Covalent's server at localhost:48008: not answering)",
      "  ! Covalent's server does not answer: localhost:48008: ECONNREFUSED",
    ]);
    expect(renderWatchLine(makeSnapshot({ workflows: w }))).toMatch(/Covalent's server not answering$/);
  });
});
