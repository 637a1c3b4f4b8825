/**
 * The workflows watch against a local HTTP server that answers as Covalent 0.240.0 did (captured
 * shapes in testdata/), then as a broken or hostile one: down, slow, 500, HTML, a redirect,
 * absurd counts, a huge list, markup in names. The real server is in workflows.cluster.test.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import captured from './testdata/covalent-0.240.0-api.json';
import { WORKFLOW_POLL, createWorkflowsWatch } from './workflows-watch';
import type { Alert } from '../../../shared/snapshot';

type Reply = {
  status?: number;
  type?: string;
  body: string | object;
  delayMs?: number;
  headers?: Record<string, string>;
};
type Route = (path: string, query: URLSearchParams) => Reply | undefined;

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** A server whose answers `route` decides, recording each request and the most ever in flight at once. */
async function serve(route: Route) {
  const seen: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push(`${url.pathname}${url.search}`);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const reply = route(url.pathname, url.searchParams) ?? { status: 404, type: 'text/plain', body: 'Not Found' };
    setTimeout(() => {
      inFlight--;
      if (res.destroyed) return;
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, { 'content-type': reply.type ?? 'application/json', ...reply.headers });
      res.end(body);
    }, reply.delayMs ?? 0);
  });
  servers.push(server);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: new URL(`http://127.0.0.1:${port}/`), seen, maxInFlight: () => maxInFlight };
}

/** A Covalent-shaped server over a mutable list of dispatches. */
function covalent(dispatches: Record<string, unknown>[], extra: Route = () => undefined): Route {
  return (path, q) => {
    const special = extra(path, q);
    if (special) return special;
    const count = (s: string) => dispatches.filter((d) => d.status === s).length;
    if (path === '/api/v1/dispatches/overview')
      return {
        body: {
          ...captured.overview_empty,
          total_jobs: dispatches.length,
          total_jobs_running: count('RUNNING'),
          total_jobs_completed: count('COMPLETED'),
          total_jobs_failed: count('FAILED'),
          total_jobs_cancelled: count('CANCELLED'),
        },
      };
    if (path === '/api/v1/dispatches/list') {
      const filter = q.get('status_filter') ?? 'ALL';
      const n = Number(q.get('count') ?? 10);
      if (!(n > 0 && n < 100)) return { status: 422, body: { detail: [{ type: 'less_than' }] } };
      const items = dispatches
        .filter((d) => filter === 'ALL' || d.status === filter)
        .sort((a, b) => String(b[q.get('sort_by')!] ?? '').localeCompare(String(a[q.get('sort_by')!] ?? '')));
      return { body: { items: items.slice(0, n), total_count: items.length } };
    }
    if (path === `/api/v1/dispatches/${captured.fail_failed.dispatch_id}/graph`) return { body: captured.fail_graph };
    if (path === `/api/v0/files/${captured.fail_failed.dispatch_id}/node_3/stderr.log`)
      return { type: 'text/plain; charset=utf-8', body: captured.fail_stderr };
    return undefined;
  };
}

function watchOf(url: URL | null, timeoutMs = 1000) {
  const ended: Alert[] = [];
  const watch = createWorkflowsWatch({ timeoutMs, onEnded: (a) => ended.push(...a) });
  watch.follow(url);
  return { watch, ended };
}

describe('the workflows watch on a server that answers as Covalent does', () => {
  it('reads the totals, the running and the recent, and makes no alert for what had ended before', async () => {
    const s = await serve(covalent([captured.ok_running, captured.fail_failed, captured.cancel_cancelled]));
    const { watch, ended } = watchOf(s.url);
    await watch.poll();
    const w = watch.sample();
    expect(w).toMatchObject({ reachable: true, problem: null, runningCount: 1 });
    expect(w.totals).toEqual({ all: 3, running: 1, completed: 0, failed: 1, cancelled: 1 });
    expect(w.running).toEqual([
      {
        id: captured.ok_running.dispatch_id,
        name: 'ok_flow',
        status: 'RUNNING',
        electrons: 8,
        electronsDone: 4,
        startedAt: '2026-12-01T15:04:38.344Z',
        endedAt: null,
        runtimeMs: 2000,
      },
    ]);
    expect(w.recent.map((d) => [d.name, d.status, d.endedAt])).toEqual([
      ['cancel_flow', 'CANCELLED', '2026-12-01T15:06:19.105Z'],
      ['fail_flow', 'FAILED', '2026-12-01T15:05:15.250Z'],
    ]);
    expect(ended).toEqual([]);
    expect(watch.nameOf(captured.ok_running.dispatch_id)).toBe('ok_flow');
    expect(watch.nextDelayMs()).toBe(WORKFLOW_POLL.runningMs);
  });

  it('makes one alert when a dispatch it saw running completes, with its name and runtime', async () => {
    const list: Record<string, unknown>[] = [{ ...captured.ok_running }];
    const s = await serve(covalent(list));
    const { watch, ended } = watchOf(s.url);
    await watch.poll();
    list[0] = { ...captured.ok_completed };
    await watch.poll();
    await watch.poll();
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({
      kind: 'workflow-completed',
      worker: null,
      message: 'Workflow ok_flow completed in 7 s',
    });
    expect(ended[0]!.dispatch).toMatchObject({ id: captured.ok_completed.dispatch_id, runtimeMs: 7000 });
    expect(watch.sample().running).toEqual([]);
    expect(watch.nextDelayMs()).toBe(WORKFLOW_POLL.idleMs);
  });

  it('names the failed electron and the last line of its error, as Covalent kept them', async () => {
    const list: Record<string, unknown>[] = [];
    const s = await serve(covalent(list));
    const { watch, ended } = watchOf(s.url);
    await watch.poll();
    // Started and failed between two rounds: never seen running, but it ended after the watch began.
    list.push({ ...captured.fail_failed, ended_at: new Date().toISOString().replace('Z', '') });
    await watch.poll();
    expect(ended).toHaveLength(1);
    expect(ended[0]!.kind).toBe('workflow-failed');
    expect(ended[0]!.failedElectrons).toEqual([{ name: 'explode', nodeId: 3, error: 'ValueError: boom' }]);
    expect(ended[0]!.message).toBe('Workflow fail_flow failed after 3 s: electron explode (ValueError: boom)');
  });

  it('asks the lists only when something moved, one request at a time', async () => {
    const s = await serve(covalent([captured.ok_completed]));
    const { watch } = watchOf(s.url);
    await Promise.all([watch.poll(), watch.poll(), watch.poll()]);
    await watch.poll();
    await watch.poll();
    const paths = s.seen.map((p) => p.split('?')[0]);
    expect(paths).toEqual([
      '/api/v1/dispatches/overview',
      '/api/v1/dispatches/list',
      '/api/v1/dispatches/overview',
      '/api/v1/dispatches/overview',
    ]);
    expect(s.maxInFlight()).toBe(1);
    expect(s.seen[1]).toBe('/api/v1/dispatches/list?count=10&offset=0&sort_by=ended_at&sort_direction=DESC');
  });
});

describe('the workflows watch on a server that is down, slow or not Covalent', () => {
  it('says the server does not answer, and backs off from 2 s to 30 s', async () => {
    const s = await serve(() => undefined);
    const url = s.url;
    await new Promise((r) => servers.pop()!.close(r));
    const { watch } = watchOf(url);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      await watch.poll();
      delays.push(watch.nextDelayMs());
    }
    expect(watch.sample()).toMatchObject({ reachable: false, totals: null, running: [] });
    expect(watch.sample().problem).toMatch(/^Covalent's server does not answer: 127\.0\.0\.1:\d+: ECONNREFUSED$/);
    expect(delays).toEqual([2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('gives up on a slow server at its deadline', async () => {
    const s = await serve(() => ({ body: captured.overview_empty, delayMs: 2000 }));
    const { watch } = watchOf(s.url, 150);
    await watch.poll();
    expect(watch.sample()).toMatchObject({ reachable: false });
    expect(watch.sample().problem).toMatch(/no answer from 127\.0\.0\.1:\d+ within 150 ms/);
  });

  it.each([
    [
      'HTTP 500',
      { status: 500, type: 'text/plain', body: 'Internal Server Error' },
      /answered HTTP 500 to \/api\/v1\/dispatches\/overview/,
    ],
    [
      'an HTML page',
      { type: 'text/html', body: '<html><script>alert(1)</script></html>' },
      /with text\/html, not JSON: not Covalent's server\?/,
    ],
    ['JSON that is not', { body: '{"total_jobs": ' }, /is not JSON/],
    [
      'absurd counts',
      { body: { ...captured.overview_empty, total_jobs: 2, total_jobs_running: 5 } },
      /overview is not Covalent's/,
    ],
    ['negative counts', { body: { ...captured.overview_empty, total_jobs_failed: -1 } }, /overview is not Covalent's/],
    [
      'a huge body',
      { body: `{"x":"${'a'.repeat(100_000)}"}` },
      /sent more than 16384 bytes|is \d+ bytes; the limit is 16384/,
    ],
  ])('refuses %s with a clear state', async (_what, reply, problem) => {
    const s = await serve((path) => (path === '/api/v1/dispatches/overview' ? (reply as Reply) : undefined));
    const { watch, ended } = watchOf(s.url);
    await watch.poll();
    expect(watch.sample()).toMatchObject({ reachable: false, totals: null, runningCount: 0 });
    expect(watch.sample().problem).toMatch(problem);
    expect(ended).toEqual([]);
  });

  it('never follows a redirect', async () => {
    const elsewhere = await serve(() => ({ body: captured.overview_empty }));
    const s = await serve(() => ({ status: 302, headers: { location: elsewhere.url.href }, body: '' }));
    const { watch } = watchOf(s.url);
    await watch.poll();
    expect(watch.sample().problem).toMatch(/redirected to .*; redirects are not followed/);
    expect(elsewhere.seen).toEqual([]);
  });

  it('asks nothing of a server that is not on this machine', async () => {
    const { watch } = watchOf(new URL('http://example.com:48008/'));
    await watch.poll();
    expect(watch.sample()).toMatchObject({
      reachable: null,
      problem: 'not asked: example.com:48008 is not this machine',
    });
  });

  it('drops list items whose figures cannot be right, says why, and keeps markup as text', async () => {
    const markup = '<img src=x onerror=alert(1)>\u0007flow';
    const s = await serve(
      covalent([
        { ...captured.ok_running, lattice_name: markup },
        { ...captured.ok_running, dispatch_id: 'not-a-uuid' },
        { ...captured.ok_running, dispatch_id: '11111111-2222-4333-8444-555555555555', total_electrons_completed: 9 },
        { ...captured.ok_running, dispatch_id: '11111111-2222-4333-8444-666666666666', status: 'EXPLODED' },
      ]),
    );
    const { watch } = watchOf(s.url);
    await watch.poll();
    const w = watch.sample();
    expect(w.running.map((d) => d.name)).toEqual(['<img src=x onerror=alert(1)> flow']);
    expect(w.problem).toContain('dropped a dispatch id that is not a UUID');
    expect(w.problem).toContain('dropped more electrons completed than it has');
    expect(w.runningCount).toBe(3);
  });

  it('reads no more than one page of a list that is longer than Covalent ever sends', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({
      ...captured.ok_completed,
      dispatch_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    }));
    const s = await serve(
      covalent([], (path) =>
        path === '/api/v1/dispatches/list' ? { body: { items: many, total_count: 5000 } } : undefined,
      ),
    );
    const { watch } = watchOf(s.url);
    await watch.poll();
    // 5,000 items are ~1.5 MB: past the list limit, refused whole rather than read.
    expect(watch.sample().problem).toMatch(/sent more than 524288 bytes|the limit is 524288/);
    expect(watch.sample().recent).toEqual([]);
  });
});
