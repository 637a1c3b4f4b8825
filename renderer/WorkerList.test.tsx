// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorker } from '../testing/fixtures';
import { type Mounted, mount } from './testing/mount';
import { WorkerList } from './WorkerList';

let m: Mounted | undefined;
afterEach(() => m?.unmount());
/** The fixtures' workers were described by Dask at this sample's time. */
const AT = { sampledAt: '2026-01-01T10:00:00.000Z', intervalMs: 1000 };

const rowNames = (root: HTMLElement) => [...root.querySelectorAll('.worker .worker__name')].map((el) => el.textContent);

describe('WorkerList', () => {
  it('shows one row per worker with name, pid, threads, status and memory', async () => {
    const workers = [makeWorker(0, 0.25), makeWorker(1, 0.86, { status: 'paused', threads: 5 })];
    m = await mount(<WorkerList workers={workers} expected={2} alertFraction={0.8} running {...AT} />);
    const rows = [...m.container.querySelectorAll<HTMLElement>('.worker')];
    expect(rows.map((r) => r.querySelector('.worker__head')!.textContent)).toEqual([
      '0pid 50004 threadsrunning',
      '1pid 50015 threadspaused',
    ]);
    expect(rows.map((r) => r.querySelector('.worker__memory')!.textContent)).toEqual([
      '100 MB / 400 MB25 %',
      '344 MB / 400 MB86 %',
    ]);
    expect(rows.map((r) => r.dataset.level)).toEqual(['normal', 'warning']);
    expect(rows[1]!.querySelector('.worker__status--paused')).not.toBeNull();
    expect(m.container.querySelector('.workers__count')!.textContent).toBe('2 of 2');
    expect(m.container.querySelector('.workers__more')).toBeNull();
  });

  it('with 256 workers renders the 24 nearest their limit, nearest first, and "and 232 more"', async () => {
    const workers = Array.from({ length: 256 }, (_, i) => makeWorker(i, ((i * 37) % 256) / 256));
    m = await mount(<WorkerList workers={workers} expected={256} alertFraction={0.8} running {...AT} />);
    const rows = [...m.container.querySelectorAll<HTMLElement>('.worker')];
    expect(rows).toHaveLength(24);
    const expected = [...workers]
      .sort((a, b) => b.memoryFraction! - a.memoryFraction!)
      .slice(0, 24)
      .map((w) => w.name);
    expect(rowNames(m.container)).toEqual(expected);
    expect(m.container.querySelector('.workers__more')!.textContent).toBe('and 232 more, further from their limit');
    expect(m.container.querySelector('.workers__list')!.getAttribute('data-order')).toBe('nearest-limit');
    expect(m.container.querySelector('.workers__count')!.textContent).toBe('256 of 256');
  });

  it('renders a worker name with markup as text', async () => {
    const name = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    m = await mount(
      <WorkerList workers={[makeWorker(0, 0.5, { name })]} expected={1} alertFraction={0.8} running {...AT} />,
    );
    expect(m.container.querySelector('.worker__name')!.textContent).toBe(name);
    expect(m.container.querySelector('img, script')).toBeNull();
    expect(m.container.querySelector('[role="meter"]')!.getAttribute('aria-label')).toBe(`Memory of worker ${name}`);
  });

  it('says when there are no workers, and why', async () => {
    m = await mount(<WorkerList workers={[]} expected={4} alertFraction={0.8} running={false} {...AT} />);
    expect(m.container.querySelector('.workers__empty')!.textContent).toBe('No cluster running');
    expect(m.container.querySelector('.workers__count')!.textContent).toBe('0');
  });

  it("says how old Dask's word on a status is once it is out of date, and where a restarted worker's name comes from", async () => {
    const workers = [
      makeWorker(0, 0.85, { status: 'paused', daskSeenAt: '2026-01-01T09:59:48.000Z' }),
      makeWorker(1, 0.2, { status: null, daskSeenAt: null, address: null, replacedPid: 5009 }),
    ];
    m = await mount(<WorkerList workers={workers} expected={2} alertFraction={0.8} running {...AT} />);
    const statuses = [...m.container.querySelectorAll('.worker__status')].map((el) => el.textContent);
    expect(statuses).toEqual(['paused · 12 s ago', '—']);
    const restarted = m.container.querySelector('.worker[data-worker="1"] .worker__name')!;
    expect(restarted.getAttribute('title')).toBe(
      'Restarted: named after the worker it replaced (pid 5009); Dask has not listed it yet',
    );
    expect(restarted.hasAttribute('data-restarted')).toBe(true);
  });
});
