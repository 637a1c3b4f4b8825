/**
 * Dask's HTTP endpoints gone wrong, served by a hostile local server: the poller must answer every
 * poll (a deadline, a bounded read, no redirect followed, one request at a time), and the monitor
 * must keep showing what it knows without showing a wrong figure as right.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMonitor } from '../monitor';
import { MAX_BODY_BYTES, createDaskPoller, daskBaseUrl } from './dask-poller';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface Hostile {
  base: URL;
  host: string;
  serve(handler: Handler): void;
  /** Paths requested, in order. */
  paths: string[];
  /**
   * The most requests seen open at once. Counted a moment after each request arrives, so a
   * connection the client already closed (but whose close the server has not handled yet) is not
   * taken for a second open request.
   */
  maxOpen(): Promise<number>;
  /** Responses the client hung up on before they were complete. */
  cutShort: number;
  close(): Promise<void>;
}

async function hostileServer(): Promise<Hostile> {
  let handler: Handler = (_req, res) => res.end();
  const open = new Set<http.IncomingMessage>();
  const overlaps: Promise<number>[] = [];
  const server = http.createServer((req, res) => {
    state.paths.push(req.url ?? '');
    open.add(req);
    res.on('close', () => {
      open.delete(req);
      if (!res.writableFinished) state.cutShort++;
    });
    overlaps.push(new Promise((resolve) => setTimeout(() => resolve(open.has(req) ? open.size : 1), 30)));
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const state: Hostile = {
    base: new URL(`http://127.0.0.1:${port}/`),
    host: `127.0.0.1:${port}`,
    serve: (h) => {
      handler = h;
    },
    paths: [],
    maxOpen: async () => Math.max(0, ...(await Promise.all(overlaps))),
    cutShort: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state;
}

function json(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Routes like Dask's scheduler: identity.json, counts.json and /health, each overridable. */
function dask(routes: { identity?: Handler; counts?: Handler; health?: Handler }): Handler {
  return (req, res) => {
    const route =
      req.url === '/json/identity.json'
        ? routes.identity
        : req.url === '/json/counts.json'
          ? routes.counts
          : req.url === '/health'
            ? routes.health
            : undefined;
    if (route) return route(req, res);
    res.writeHead(404);
    res.end('Not Found');
  };
}

const worker = (name: string, extra: Record<string, unknown> = {}) => ({
  type: 'Worker',
  id: name,
  host: '127.0.0.1',
  name: Number(name),
  nthreads: 1,
  memory_limit: 1_000_000_000,
  last_seen: Date.now() / 1000,
  services: { dashboard: 1 },
  metrics: { memory: 50_000_000, managed_bytes: 0, cpu: 0 },
  status: 'running',
  nanny: 'tcp://127.0.0.1:2',
  ...extra,
});
const identity = (workers: Record<string, unknown>) => ({
  type: 'Scheduler',
  id: 'Scheduler-1',
  address: 'tcp://127.0.0.1:1',
  services: {},
  workers,
});
const COUNTS = { workers: 2, cores: 2, tasks: 3, processing: 1, waiting: 2, erred: 0 };

let srv: Hostile;
beforeAll(async () => {
  srv = await hostileServer();
});
afterAll(async () => {
  await srv.close();
});

function reset(handler: Handler) {
  srv.serve(handler);
  srv.paths.length = 0;
  srv.cutShort = 0;
}

describe('createDaskPoller against a hostile server', () => {
  it('reads a healthy scheduler', async () => {
    reset(
      dask({
        identity: (_q, r) => json(r, 200, identity({ 'tcp://127.0.0.1:40001': worker('0') })),
        counts: (_q, r) => json(r, 200, COUNTS),
      }),
    );
    const poller = createDaskPoller({ timeoutMs: 2000 });
    try {
      const p = await poller.poll(srv.base);
      expect(p).toMatchObject({
        reachable: true,
        problem: null,
        counts: { total: 3, processing: 1, waiting: 2, erred: 0 },
      });
      expect(p.identity!.workers).toHaveLength(1);
    } finally {
      poller.close();
    }
  });

  it('says so when identity.json answers 500 while /health is ok (dask/distributed#8370)', async () => {
    reset(dask({ identity: (_q, r) => json(r, 500, '500: Internal Server Error'), health: (_q, r) => r.end('ok') }));
    const poller = createDaskPoller({ timeoutMs: 2000 });
    try {
      const p = await poller.poll(srv.base);
      expect(p).toMatchObject({
        reachable: true,
        identity: null,
        counts: null,
        problem:
          'identity.json answered HTTP 500 (Dask fails it while tasks run: dask/distributed#8370); /health is ok',
      });
      expect(srv.paths).toEqual(['/json/identity.json', '/json/counts.json', '/health']);
    } finally {
      poller.close();
    }
  });

  it('still reads counts.json while identity.json answers 500: they are polled apart', async () => {
    reset(
      dask({
        identity: (_q, r) => json(r, 500, '500: Internal Server Error'),
        counts: (_q, r) => json(r, 200, COUNTS),
      }),
    );
    const poller = createDaskPoller({ timeoutMs: 2000 });
    try {
      const p = await poller.poll(srv.base);
      expect(p).toMatchObject({
        reachable: true,
        identity: null,
        counts: { total: 3, processing: 1, waiting: 2, erred: 0 },
        problem:
          'identity.json answered HTTP 500 (Dask fails it while tasks run: dask/distributed#8370); counts.json answers',
      });
      expect(srv.paths).toEqual(['/json/identity.json', '/json/counts.json']);
      srv.paths.length = 0;
      expect(await poller.poll(srv.base, { identity: false, counts: true })).toMatchObject({
        identityAsked: false,
        counts: { total: 3 },
        problem: null,
      });
      expect(srv.paths).toEqual(['/json/counts.json']);
    } finally {
      poller.close();
    }
  });

  it('reports a 404 as an answer, and does not claim /health is ok', async () => {
    reset(dask({}));
    const poller = createDaskPoller({ timeoutMs: 2000 });
    try {
      expect(await poller.poll(srv.base)).toMatchObject({
        reachable: true,
        identity: null,
        problem: 'identity.json answered HTTP 404',
      });
    } finally {
      poller.close();
    }
  });

  it('gives up on a server that accepts and never answers, one request at a time', async () => {
    reset(() => undefined);
    const poller = createDaskPoller({ timeoutMs: 300 });
    try {
      // Ten callers at once share one poll.
      const same = await Promise.all(Array.from({ length: 10 }, () => poller.poll(srv.base)));
      expect(new Set(same).size).toBe(1);
      expect(same[0]).toMatchObject({
        reachable: false,
        identity: null,
        problem: `no answer from ${srv.host} within 300 ms`,
      });
      expect(srv.paths).toEqual(['/json/identity.json']);
      for (let i = 0; i < 4; i++) expect((await poller.poll(srv.base)).reachable).toBe(false);
      expect(srv.paths).toHaveLength(5);
      expect(await srv.maxOpen()).toBe(1);
    } finally {
      poller.close();
    }
  });

  it('gives up on a body that trickles in past the deadline', async () => {
    reset((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
      const t = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(t));
    });
    const poller = createDaskPoller({ timeoutMs: 400 });
    try {
      expect(await poller.poll(srv.base)).toMatchObject({
        reachable: false,
        problem: `no answer from ${srv.host} within 400 ms`,
      });
    } finally {
      poller.close();
    }
  });

  it.each([
    [
      'invalid JSON',
      'application/json',
      '{"type": "Scheduler", "workers": {',
      'identity.json is not JSON (application/json)',
    ],
    [
      'HTML',
      'text/html; charset=utf-8',
      '<!doctype html><title>Dask</title><p>Bokeh page',
      'identity.json is not JSON (text/html)',
    ],
    ['a JSON array', 'application/json', '[1, 2, 3]', 'identity.json is not an object'],
    [
      'a worker, not a scheduler',
      'application/json',
      '{"type": "Worker", "workers": {}}',
      'identity.json does not describe a Dask scheduler',
    ],
    [
      'workers as a list',
      'application/json',
      '{"type": "Scheduler", "workers": []}',
      'identity.json has no workers table',
    ],
  ])('refuses %s', async (_what, type, body, problem) => {
    reset(
      dask({
        identity: (_q, r) => {
          r.writeHead(200, { 'content-type': type });
          r.end(body);
        },
      }),
    );
    const poller = createDaskPoller({ timeoutMs: 2000 });
    try {
      expect(await poller.poll(srv.base)).toMatchObject({ reachable: true, identity: null, problem, counts: null });
    } finally {
      poller.close();
    }
  });

  it('stops reading a 50 MB body at the limit and hangs up', async () => {
    const total = 50 * 1024 * 1024;
    let sent = 0;
    reset((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (sent < total && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
    });
    const poller = createDaskPoller({ timeoutMs: 15_000 });
    try {
      const p = await poller.poll(srv.base);
      expect(p).toMatchObject({
        reachable: true,
        identity: null,
        problem: `/json/identity.json sent more than ${MAX_BODY_BYTES} bytes; not read further`,
      });
      await waitFor(() => srv.cutShort > 0);
      expect(srv.cutShort).toBe(1);
      expect(sent).toBeLessThan(total);
    } finally {
      poller.close();
    }
  });

  it('does not start reading a body declared larger than the limit', async () => {
    let sent = 0;
    reset((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (!res.destroyed && sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
      };
      pump();
    });
    const poller = createDaskPoller({ timeoutMs: 15_000 });
    try {
      expect(await poller.poll(srv.base)).toMatchObject({
        reachable: true,
        identity: null,
        problem: `/json/identity.json is ${50 * 1024 * 1024} bytes; the limit is ${MAX_BODY_BYTES}`,
      });
      await waitFor(() => srv.cutShort > 0);
      expect(sent).toBeLessThan(MAX_BODY_BYTES);
    } finally {
      poller.close();
    }
  });

  it('never follows a redirect to another host', async () => {
    const other = await hostileServer();
    try {
      other.serve((_q, r) => json(r, 200, identity({})));
      const elsewhere = `http://localhost:${other.base.port}/json/identity.json`;
      reset((_q, res) => {
        res.writeHead(302, { location: elsewhere });
        res.end();
      });
      const poller = createDaskPoller({ timeoutMs: 2000 });
      try {
        expect(await poller.poll(srv.base)).toMatchObject({
          reachable: true,
          identity: null,
          problem: `${srv.host} redirected to ${JSON.stringify(elsewhere)}; redirects are not followed`,
        });
        reset((_q, res) => {
          res.writeHead(307, { location: 'http://192.0.2.1:8787/json/identity.json' });
          res.end();
        });
        expect((await poller.poll(srv.base)).problem).toMatch(/redirects are not followed$/);
      } finally {
        poller.close();
      }
      expect(other.paths).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('polls a dashboard on another machine with the same deadline, and comes back', async () => {
    // 192.0.2.1 is TEST-NET-1: never routed, so the connection hangs (or fails at once here).
    const base = daskBaseUrl('http://192.0.2.1:8787/status')!;
    expect(base.href).toBe('http://192.0.2.1:8787/');
    const poller = createDaskPoller({ timeoutMs: 500 });
    try {
      const p = await poller.poll(base);
      expect(p).toMatchObject({ reachable: false, identity: null });
      expect(p.problem).toMatch(/^(no answer from 192\.0\.2\.1:8787 within 500 ms|192\.0\.2\.1:8787: E[A-Z]+)$/);
    } finally {
      poller.close();
    }
  });

  it('takes a connection closed mid-answer as no answer', async () => {
    reset((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"type": "Scheduler", "wor');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const poller = createDaskPoller({ timeoutMs: 2000 });
    try {
      const p = await poller.poll(srv.base);
      expect(p).toMatchObject({ reachable: false, identity: null });
      expect(p.problem).toMatch(new RegExp(`^${srv.host}: (closed the connection mid-answer|aborted|ECONNRESET)`));
    } finally {
      poller.close();
    }
  });

  it('takes an answer that is not HTTP as no answer', async () => {
    const raw = net.createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n\r\n'));
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    const port = (raw.address() as net.AddressInfo).port;
    const poller = createDaskPoller({ timeoutMs: 2000 });
    try {
      const p = await poller.poll(new URL(`http://127.0.0.1:${port}/`));
      expect(p).toMatchObject({ reachable: false, identity: null });
      expect(p.problem).toMatch(new RegExp(`^127\\.0\\.0\\.1:${port}: `));
    } finally {
      poller.close();
      raw.close();
    }
  });

  it('refuses headers past 16 KB', async () => {
    reset((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-junk': 'j'.repeat(64 * 1024) });
      res.end('{}');
    });
    const poller = createDaskPoller({ timeoutMs: 2000 });
    try {
      expect(await poller.poll(srv.base)).toMatchObject({ reachable: false, identity: null });
    } finally {
      poller.close();
    }
  });

  it('keeps the workers but drops counts.json with wrong field types', async () => {
    reset(
      dask({
        identity: (_q, r) => json(r, 200, identity({ 'tcp://127.0.0.1:40001': worker('0') })),
        counts: (_q, r) => json(r, 200, { tasks: '3', processing: -1, waiting: null, erred: 1.5 }),
      }),
    );
    const poller = createDaskPoller({ timeoutMs: 2000 });
    try {
      const p = await poller.poll(srv.base);
      expect(p).toMatchObject({ reachable: true, problem: null, counts: null });
      expect(p.identity!.workers).toHaveLength(1);
    } finally {
      poller.close();
    }
  });

  it('nulls every wrong-typed, negative or absurd figure of a worker, and says why', async () => {
    const workers = {
      'tcp://127.0.0.1:40001': worker('0', { memory_limit: -5, metrics: { memory: -1 } }),
      'tcp://127.0.0.1:40002': worker('1', { memory_limit: 1e300, metrics: { memory: 2 ** 60 }, nthreads: 'four' }),
      'tcp://127.0.0.1:40003': worker('2', { memory_limit: '4GB', metrics: { memory: '50MB' }, status: { x: 1 } }),
      'tcp://127.0.0.1:40004': worker('3', { memory_limit: Number.MAX_VALUE, metrics: 'none', nthreads: -1 }),
      'tcp://127.0.0.1:40005': 42,
    };
    reset(dask({ identity: (_q, r) => json(r, 200, identity(workers)) }));
    const poller = createDaskPoller({ timeoutMs: 2000 });
    try {
      const p = await poller.poll(srv.base);
      expect(p.problem).toBeNull();
      const rows = p.identity!.workers;
      expect(rows.map((w) => w.name)).toEqual(['0', '1', '2', '3']);
      for (const w of rows) {
        expect(w.memoryLimitBytes, w.name!).toBeNull();
        expect(w.unlimited, w.name!).toBe(false);
        expect(w.memoryBytes, w.name!).toBeNull();
      }
      expect(rows[1]!.nthreads).toBeNull();
      expect(rows[2]!.status).toBeNull();
      expect(rows[3]!.nthreads).toBeNull();
      expect(p.identity!.problems).toEqual([
        'worker 0: memory_limit -5 is not a byte count',
        'worker 0: memory -1 is not a byte count',
        'worker 1: memory_limit 1e+300 is not a byte count',
        `worker 1: memory ${2 ** 60} is not a byte count`,
        'worker 2: memory_limit "4GB" is not a byte count',
        'worker 2: memory "50MB" is not a byte count',
        `worker 3: memory_limit ${JSON.stringify(Number.MAX_VALUE)} is not a byte count`,
        'a worker entry "tcp://127.0.0.1:40005" is not a worker address',
      ]);
    } finally {
      poller.close();
    }
  });
  it('survives a figure nested 100,000 deep, and bounds a 5 MB one, in what it says', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const body =
      `{"type": "Scheduler", "workers": {"tcp://127.0.0.1:40001": {"name": 0, "memory_limit": ${deep}, "metrics": {"memory": [${deep}]}},` +
      ` "tcp://127.0.0.1:40002": {"name": 1, "memory_limit": ${JSON.stringify('x'.repeat(5_000_000))}}}}`;
    reset(dask({ identity: (_q, r) => json(r, 200, body) }));
    const poller = createDaskPoller({ timeoutMs: 5000 });
    try {
      const p = await poller.poll(srv.base);
      expect(p).toMatchObject({ reachable: true, problem: null });
      expect(p.identity!.workers.map((w) => [w.name, w.memoryLimitBytes, w.memoryBytes])).toEqual([
        ['0', null, null],
        ['1', null, null],
      ]);
      expect(p.identity!.problems).toEqual([
        'worker 0: memory_limit {…} is not a byte count',
        'worker 0: memory […] is not a byte count',
        `worker 1: memory_limit "${'x'.repeat(58)}…" is not a byte count`,
      ]);
    } finally {
      poller.close();
    }
  });
});

/**
 * A stand-in scheduler process, so the monitor's own /proc reading and port check run for real: it
 * listens on a "scheduler" port and starts two "worker" children that each listen on a port.
 */
const STUB = `
const net = require('net');
const { spawn } = require('child_process');
const WORKER = "const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port)); setInterval(() => {}, 1e6);";
const kids = [];
process.on('SIGTERM', () => { for (const k of kids) k.kill('SIGKILL'); process.exit(0); });
const sched = net.createServer().listen(0, '127.0.0.1', async () => {
  for (let i = 0; i < 2; i++) kids.push(spawn(process.execPath, ['-e', WORKER], { stdio: ['ignore', 'pipe', 'inherit'] }));
  const ports = await Promise.all(kids.map((k) => new Promise((r) => k.stdout.once('data', (d) => r(Number(String(d).trim()))))));
  console.log(JSON.stringify({ port: sched.address().port, workers: kids.map((k, i) => ({ pid: k.pid, port: ports[i] })) }));
});
`;

interface Stub {
  child: ChildProcess;
  pid: number;
  port: number;
  workers: { pid: number; port: number }[];
}

async function startStub(): Promise<Stub> {
  const child = spawn(process.execPath, ['-e', STUB], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`stub scheduler exited (${code})`)));
  });
  const ready = JSON.parse(line) as { port: number; workers: { pid: number; port: number }[] };
  return { child, pid: child.pid!, ...ready };
}

describe('the monitor over a hostile dashboard', () => {
  let stub: Stub;
  let dir: string;
  let config: string;
  const healthy = () =>
    dask({
      identity: (_q, r) =>
        json(
          r,
          200,
          identity(Object.fromEntries(stub.workers.map((w, i) => [`tcp://127.0.0.1:${w.port}`, worker(String(i))]))),
        ),
      counts: (_q, r) => json(r, 200, COUNTS),
      health: (_q, r) => r.end('ok'),
    });

  beforeAll(async () => {
    stub = await startStub();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dask-poller-'));
    config = path.join(dir, 'covalent.conf');
    fs.writeFileSync(
      config,
      [
        '[sdk]',
        'no_cluster = "false"',
        '[dask]',
        'mem_per_worker = "2GB"',
        'threads_per_worker = 1',
        'num_workers = 2',
        `scheduler_address = "tcp://127.0.0.1:${stub.port}"`,
        `dashboard_link = "http://${srv.host}/status"`,
        `pid = ${stub.pid}`,
        '',
      ].join('\n'),
    );
  });
  afterAll(() => {
    stub?.child.kill('SIGTERM');
    for (const w of stub?.workers ?? []) {
      try {
        process.kill(w.pid, 'SIGKILL');
      } catch {
        // gone with the stub
      }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const newMonitor = () => createMonitor({ location: { path: config, source: '--config' }, intervalMs: 500 });

  /** A dashboard that answers, but not with Dask's worker list: the processes are still there to show. */
  it.each([
    ['a 404', () => dask({}), () => 'identity.json answered HTTP 404'],
    [
      'invalid JSON',
      () => dask({ identity: (_q, r) => json(r, 200, '{"type": "Scheduler", "workers": {') }),
      () => 'identity.json is not JSON (application/json)',
    ],
    [
      'an HTML page',
      () =>
        dask({
          identity: (_q, r) => {
            r.writeHead(200, { 'content-type': 'text/html' });
            r.end('<!doctype html><p>Bokeh');
          },
        }),
      () => 'identity.json is not JSON (text/html)',
    ],
    [
      'a 50 MB body',
      () =>
        dask({
          identity: (_q, r) => {
            r.writeHead(200, { 'content-type': 'application/json' });
            const chunk = Buffer.alloc(64 * 1024, 0x20);
            let sent = 0;
            const pump = () => {
              while (sent < 50 * 1024 * 1024 && !r.destroyed) {
                sent += chunk.length;
                if (!r.write(chunk)) return void r.once('drain', pump);
              }
              if (!r.destroyed) r.end();
            };
            pump();
          },
        }),
      () => `/json/identity.json sent more than ${MAX_BODY_BYTES} bytes; not read further`,
    ],
    [
      'workers of the wrong type',
      () => dask({ identity: (_q, r) => json(r, 200, { type: 'Scheduler', workers: 'two' }) }),
      () => 'identity.json has no workers table',
    ],
    [
      'a redirect to another host',
      () => (_q: http.IncomingMessage, r: http.ServerResponse) => {
        r.writeHead(302, { location: 'http://192.0.2.1:8787/json/identity.json' });
        r.end();
      },
      () => `${srv.host} redirected to "http://192.0.2.1:8787/json/identity.json"; redirects are not followed`,
    ],
  ])("with %s: running on what the OS shows, and says why Dask's view is missing", async (_what, handler, problem) => {
    reset(handler());
    const monitor = newMonitor();
    try {
      for (let i = 0; i < 3; i++) {
        const s = await monitor.sampleOnce();
        expect(s.status, s.reason).toBe('running');
        expect(s.reason).toMatch(/^2 workers running\b/);
        expect(s.dashboard).toMatchObject({ reachable: true, problem: problem(), identityAt: null, tasks: null });
        // Dask's server answered: not "has not described" (issue 9), but what is shown instead.
        expect(s.workerMatching).toBe(
          'Dask has answered, but not with its worker list: names are not known yet, and limits are computed from mem_per_worker',
        );
        expect(s.workers.map((w) => [w.pid, w.name, w.memoryLimitBytes, w.memoryLimitSource])).toEqual(
          stub.workers.map((w) => [w.pid, null, 2e9, 'config']),
        );
      }
      expect(monitor.latest()!.alerts).toEqual([]);
    } finally {
      monitor.stop();
    }
  });

  it('turns degraded after two polls of a dashboard that hangs up at once', async () => {
    reset((req) => req.socket.destroy());
    const monitor = newMonitor();
    try {
      const [a, b] = [await monitor.sampleOnce(), await monitor.sampleOnce()];
      expect(a.status).toBe('running');
      expect(a.dashboard.reachable).toBe(false);
      expect(b.status).toBe('degraded');
      expect(b.reason).toMatch(
        new RegExp(
          `^The scheduler \\(process ${stub.pid}\\) is alive but its dashboard at ${srv.host} does not answer \\(${srv.host}: (ECONNRESET|socket hang up)\\)$`,
        ),
      );
    } finally {
      monitor.stop();
    }
  });

  it("shows the stub as a running cluster with Dask's limits", async () => {
    reset(healthy());
    const monitor = newMonitor();
    try {
      const s = await monitor.sampleOnce();
      expect(s.status, s.reason).toBe('running');
      expect(s.workers.map((w) => [w.pid, w.name, w.memoryLimitBytes, w.memoryLimitSource])).toEqual([
        [stub.workers[0]!.pid, '0', 1e9, 'dask'],
        [stub.workers[1]!.pid, '1', 1e9, 'dask'],
      ]);
    } finally {
      monitor.stop();
    }
  });

  it("keeps Dask's last worker list through identity.json 500s, without flapping", async () => {
    reset(healthy());
    const monitor = newMonitor();
    try {
      const first = await monitor.sampleOnce();
      expect(first.status).toBe('running');
      const statuses: string[] = [];
      for (let i = 0; i < 6; i++) {
        const failing = i % 3 !== 2; // 500, 500, 200, 500, 500, 200
        reset(
          failing
            ? dask({ identity: (_q, r) => json(r, 500, '500: Internal Server Error'), health: (_q, r) => r.end('ok') })
            : healthy(),
        );
        const s = await monitor.sampleOnce();
        statuses.push(s.status);
        expect(s.workers.map((w) => [w.pid, w.name, w.memoryLimitBytes, w.memoryLimitSource])).toEqual(
          first.workers.map((w) => [w.pid, w.name, w.memoryLimitBytes, w.memoryLimitSource]),
        );
        if (failing) {
          expect(s.dashboard).toMatchObject({
            reachable: true,
            problem: expect.stringMatching(/8370\); \/health is ok$/),
          });
          expect(s.workerMatching).toMatch(
            /^Names, limits and statuses are from Dask's last good answer, at \d\d:\d\d:\d\d \(\d+ s ago\)$/,
          );
        } else {
          expect(s.dashboard).toMatchObject({ reachable: true, problem: null });
          expect(Date.parse(s.dashboard.identityAt!)).toBeGreaterThan(Date.parse(first.dashboard.identityAt!));
        }
      }
      expect(statuses).toEqual(Array(6).fill('running'));
      expect(monitor.latest()!.alerts).toEqual([]);
    } finally {
      monitor.stop();
    }
  });

  it("never shows a negative or absurd figure from Dask as a worker's memory or limit", async () => {
    reset(
      dask({
        identity: (_q, r) =>
          json(
            r,
            200,
            identity({
              [`tcp://127.0.0.1:${stub.workers[0]!.port}`]: worker('0', { memory_limit: -5 }),
              [`tcp://127.0.0.1:${stub.workers[1]!.port}`]: worker('1', { memory_limit: 1e300 }),
              // A worker Dask lists with no process here: its figures are Dask's own, and absurd.
              'tcp://127.0.0.1:1': worker('9', { memory_limit: 2 ** 60, metrics: { memory: -1 } }),
            }),
          ),
      }),
    );
    const monitor = newMonitor();
    try {
      const s = await monitor.sampleOnce();
      const byName = new Map(s.workers.map((w) => [w.name, w]));
      // Dask's limit is unusable: the limit mem_per_worker gives is shown, and says so.
      for (const name of ['0', '1']) {
        const w = byName.get(name)!;
        expect(w).toMatchObject({ memoryLimitBytes: 2e9, memoryLimitSource: 'config' });
        expect(w.rssBytes).toBeGreaterThan(0);
        expect(w.memoryFraction).toBeCloseTo(w.rssBytes! / 2e9, 12);
      }
      expect(byName.get('9')).toMatchObject({
        pid: null,
        rssBytes: null,
        memoryFraction: null,
        memoryLimitBytes: 2e9,
        memoryLimitSource: 'config',
      });
      for (const w of s.workers) {
        expect(w.rssBytes === null || (w.rssBytes > 0 && w.rssBytes < 2 ** 50)).toBe(true);
        expect(w.memoryFraction === null || (w.memoryFraction >= 0 && w.memoryFraction < 1)).toBe(true);
      }
      expect(s.status).toBe('running');
      // …and the panel's note says why those figures are missing.
      expect(s.dashboard.problem).toMatch(
        /^Dask sent figures that cannot be right, shown as —: worker 0: memory_limit -5 is not a byte count \(and 3 more\)$/,
      );
    } finally {
      monitor.stop();
    }
  });

  it('turns degraded after two unanswered polls, never piles up requests, and recovers', async () => {
    reset(() => undefined);
    const monitor = newMonitor();
    const seen: string[] = [];
    monitor.onSnapshot((s) => seen.push(`${s.status}: ${s.reason}`));
    try {
      monitor.start();
      await waitFor(() => seen.some((r) => r.startsWith('degraded')), 15_000);
      // keep it running a while longer against the silent server
      const mark = srv.paths.length;
      await waitFor(() => srv.paths.length >= mark + 4, 15_000);
      expect(seen.find((r) => r.startsWith('degraded'))).toBe(
        `degraded: The scheduler (process ${stub.pid}) is alive but its dashboard at ${srv.host} does not answer (no answer from ${srv.host} within 500 ms)`,
      );
      expect(await srv.maxOpen()).toBe(1);
      reset(healthy());
      const from = seen.length;
      await waitFor(() => seen.slice(from).some((r) => r.startsWith('running')), 15_000);
    } finally {
      monitor.stop();
    }
    expect(monitor.latest()!.alerts).toEqual([]);
  });
});

async function waitFor(cond: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
