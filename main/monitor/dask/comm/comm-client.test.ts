/**
 * The comm client against a hostile local server (the one fake: nothing else answers garbage on
 * cue): each misbehaviour gives a clear reason and a settled promise, the client keeps no more
 * than a bounded amount of memory, and it never piles up requests or connections.
 */
import net from 'node:net';
import { Encoder } from '@msgpack/msgpack';
import { afterEach, describe, expect, it } from 'vitest';
import { type CommClient, createCommClient, parseCommAddress } from './comm-client';
import { encodeFrames, encodeMessage } from './comm-frames';
import { createSchedulerComm } from './scheduler-comm';

const encoder = new Encoder();
const HANDSHAKE = encodeMessage(encoder.encode({ compression: null, python: [3, 11, 7], 'pickle-protocol': 5 }));

/** A message of several frames, as Dask writes one with pickled or serialized parts. */
const multiFrame = encodeFrames;

type OnRequest = (socket: net.Socket, request: number) => void;

interface Hostile {
  port: number;
  connections: number;
  close(): Promise<void>;
}

/** A server that greets as Dask does (unless told not to), then answers each request as `onRequest` says. */
async function hostile(
  onRequest: OnRequest,
  options: { greet?: boolean; onConnect?: (s: net.Socket) => void } = {},
): Promise<Hostile> {
  const sockets = new Set<net.Socket>();
  const state = { port: 0, connections: 0 } as Hostile;
  const server = net.createServer((socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    if (options.onConnect) return options.onConnect(socket);
    if (options.greet !== false) socket.write(HANDSHAKE);
    let seen = 0;
    let requests = 0;
    socket.on('data', (chunk) => {
      seen += chunk.length;
      // The client's handshake (58 bytes), then one request per message it writes.
      if (seen <= 58) return;
      onRequest(socket, requests++);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as net.AddressInfo).port;
  state.close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

const opened: { client?: CommClient; server?: Hostile }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    o.client?.close();
    await o.server?.close();
  }
});

function clientFor(server: Hostile, overrides: Partial<Parameters<typeof createCommClient>[0]> = {}): CommClient {
  const client = createCommClient({
    endpoint: { host: '127.0.0.1', port: server.port },
    ops: ['identity', 'processing'],
    connectTimeoutMs: 500,
    requestTimeoutMs: 500,
    ...overrides,
  });
  opened.push({ client, server });
  return client;
}

const reply = (value: unknown) => (s: net.Socket) => s.write(encodeMessage(encoder.encode(value)));

describe('parseCommAddress', () => {
  it.each([
    ['tcp://127.0.0.1:8786', { host: '127.0.0.1', port: 8786 }],
    ['tcp://localhost:1', { host: 'localhost', port: 1 }],
    ['tcp://[::1]:8786', { host: '::1', port: 8786 }],
  ])('uses %s', (address, endpoint) => {
    expect(parseCommAddress(address)).toEqual({ ok: true, endpoint });
  });
  it.each([
    ['tls://127.0.0.1:8786', /tls:\/\/ address: this monitor speaks Dask's protocol over plain tcp:\/\/ only/],
    ['tcp://10.0.0.5:8786', /10\.0\.0\.5 is not this machine/],
    ['tcp://evil.example:8786', /not this machine/],
    ['tcp://127.0.0.1:0', /not a port/],
    ['tcp://127.0.0.1', /not a Dask address/],
    ['ucx://127.0.0.1:8786', /ucx:\/\/ address/],
    ['tcp://user@127.0.0.1:8786', /not a Dask address/],
    ['', /no address/],
  ])('refuses %j', (address, reason) => {
    const r = parseCommAddress(address);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('createCommClient against a hostile server', () => {
  it('asks and reads an answer, on one connection for many requests', async () => {
    const server = await hostile(reply({ type: 'Scheduler', workers: {} }));
    const client = clientFor(server);
    for (let i = 0; i < 10; i++)
      expect(await client.request('identity')).toEqual({ ok: true, value: { type: 'Scheduler', workers: {} } });
    expect(client.stats()).toMatchObject({ connects: 1, requests: 10 });
    expect(server.connections).toBe(1);
  });

  it('sends at most one request at a time, in order', async () => {
    let open = 0;
    let most = 0;
    const server = await hostile((s, n) => {
      open++;
      most = Math.max(most, open);
      setTimeout(() => {
        open--;
        reply(n)(s);
      }, 20);
    });
    const client = clientFor(server);
    const answers = await Promise.all(Array.from({ length: 5 }, () => client.request('processing')));
    expect(answers.map((a) => (a.ok ? a.value : a.reason))).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(1);
  });

  it('reads map keys of any type (current Dask identity has array keys)', async () => {
    const raw = new Uint8Array([0x81, 0x92, 0xa1, 0x61, 0x01, 0x02]); // {["a", 1]: 2}
    const server = await hostile((s) => s.write(encodeMessage(raw)));
    expect(await clientFor(server).request('identity')).toEqual({ ok: true, value: { '["a",1]': 2 } });
  });

  it('refuses a reply carrying a pickled part, and never reads it', async () => {
    const value = encoder.encode({ __Pickled__: 1 });
    const server = await hostile((s) =>
      s.write(
        multiFrame([
          encoder.encode({ status: 'OK', x: { __Pickled__: 1 } }),
          value,
          new Uint8Array([0x80, 0x05, 0x95]),
        ]),
      ),
    );
    const r = await clientFor(server).request('identity');
    expect(r).toEqual({
      ok: false,
      reason: expect.stringMatching(/part of its reply pickled, which this monitor never unpickles/),
      reachable: true,
    });
  });

  it("reads Dask's sets as lists, wherever they sit, and a tag's name in a text as text", async () => {
    const set = (...xs: unknown[]) => ({ __Set__: true, 'as-list': xs });
    const reply = { a: set('x', set(1)), b: [set()], log: [['INFO', 'got {"__Pickled__": 1}']] };
    const server = await hostile((s) => s.write(encodeMessage(encoder.encode(reply))));
    expect(await clientFor(server).request('identity')).toEqual({
      ok: true,
      value: { a: ['x', [1]], b: [[]], log: [['INFO', 'got {"__Pickled__": 1}']] },
    });
  });

  it('hands on an untagged reply nested 200,000 deep as it is, which the identity parser refuses', async () => {
    const server = await hostile((s) => s.write(encodeMessage(new Uint8Array([...Array(200_000).fill(0x91), 0xc0]))));
    const comm = createSchedulerComm({ host: '127.0.0.1', port: server.port }, { connectMs: 2000, requestMs: 2000 });
    opened.push({ client: comm as unknown as CommClient });
    expect(await comm.identity()).toEqual({
      ok: false,
      reason: expect.stringMatching(/identity reply/),
      reachable: true,
    });
  });

  it('refuses a tagged reply nested 100,000 deep with a clear reason, without a stack overflow', async () => {
    // [[[…{"__Set__": true, "as-list": []}…]]]: a tag, so the reply is walked through
    const set = encoder.encode({ __Set__: true, 'as-list': [] });
    const deep = new Uint8Array([...Array(100_000).fill(0x91), ...set]);
    const server = await hostile((s) => s.write(encodeMessage(deep)));
    expect(await clientFor(server).request('identity')).toEqual({
      ok: false,
      reason: "Dask's reply is nested more than 64 deep",
      reachable: true,
    });
  });

  it("says what Dask's error reply said, without reading its serialized exception", async () => {
    const frame0 = encoder.encode({
      status: 'uncaught-error',
      exception: { __Serialized__: 1 },
      traceback: null,
      exception_text: 'TypeError("got an unexpected keyword argument \'bogus\'")',
      traceback_text: '',
    });
    const server = await hostile((s) =>
      s.write(multiFrame([frame0, encoder.encode({ 'num-sub-frames': 1 }), new Uint8Array([0x80, 0x05])])),
    );
    expect(await clientFor(server).request('identity')).toEqual({
      ok: false,
      reason: `Dask answered with an error: TypeError("got an unexpected keyword argument 'bogus'")`,
      reachable: true,
    });
  });

  it.each([
    ['garbage', () => Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'.repeat(4))],
    [
      'a frame count of 2^63',
      () => Buffer.concat([Buffer.from([0xff, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([0, 0, 0, 0, 0, 0, 0, 0x80])]),
    ],
    [
      'a length of 2^63',
      () => {
        const b = Buffer.alloc(24);
        b.writeBigUInt64LE(2n ** 63n, 0);
        b.writeBigUInt64LE(1n, 8);
        b.writeBigUInt64LE(2n ** 63n, 16);
        return b;
      },
    ],
    ['a frame that is not msgpack', () => encodeMessage(new Uint8Array([0xc1, 0xc1, 0xc1]))],
    [
      'a map with a __proto__ key',
      () =>
        encodeMessage(
          new Uint8Array([0x81, 0xa9, ...Buffer.from('__proto__'), 0x81, 0xa8, ...Buffer.from('polluted'), 0xc3]),
        ),
    ],
  ])('answers %s with a reason, and no crash', async (_what, bytes) => {
    const server = await hostile((s) => s.write(bytes()));
    const r = await clientFor(server).request('identity');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(10);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a 100 MB reply at its prelude, keeping none of it', async () => {
    const server = await hostile((s) => {
      const head = Buffer.alloc(24);
      head.writeBigUInt64LE(BigInt(16 + 100e6), 0);
      head.writeBigUInt64LE(1n, 8);
      head.writeBigUInt64LE(BigInt(100e6), 16);
      s.write(head);
      const chunk = Buffer.alloc(1 << 20, 0x90);
      let sent = 0;
      const pump = () => {
        while (sent < 100e6 && !s.destroyed) {
          sent += chunk.length;
          if (!s.write(chunk)) return void s.once('drain', pump);
        }
      };
      pump();
    });
    const before = process.memoryUsage().rss;
    const client = clientFor(server);
    const r = await client.request('identity');
    expect(r).toEqual({
      ok: false,
      reason: expect.stringMatching(/^not Dask's protocol: the message length is 100000016, more than \d+$/),
      reachable: true,
    });
    expect(client.stats().bytesIn).toBeLessThan(20e6);
    expect(process.memoryUsage().rss - before).toBeLessThan(60e6);
  });

  it('gives up on a server that accepts and never greets, then waits before trying again', async () => {
    const server = await hostile(() => undefined, { onConnect: () => undefined });
    const client = clientFor(server, { connectTimeoutMs: 300 });
    const t = Date.now();
    expect(await client.request('identity')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no answer within 300 ms/),
    });
    expect(Date.now() - t).toBeLessThan(2000);
    // Backing off: the next request does not connect again at once.
    expect(await client.request('identity')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/trying again in 1 s$/),
    });
    expect(server.connections).toBe(1);
  });

  it('gives up on a request never answered, and asks the next on a new connection', async () => {
    let asked = 0;
    // The first request (on the first connection) gets nothing; later ones are answered.
    const server = await hostile((s) => {
      if (asked++ > 0) reply('late')(s);
    });
    const client = clientFor(server, { requestTimeoutMs: 300 });
    expect(await client.request('identity')).toMatchObject({
      ok: false,
      reason: 'no answer within 300 ms',
      reachable: true,
    });
    expect(await client.request('identity')).toEqual({ ok: true, value: 'late' });
    expect(client.stats().connects).toBe(2);
  });

  it('takes a connection closed mid-frame as no answer', async () => {
    const server = await hostile((s) => {
      const whole = encodeMessage(encoder.encode({ workers: { a: 1 } }));
      s.end(whole.subarray(0, whole.length - 3));
    });
    expect(await clientFor(server).request('identity')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/closed the connection$/),
    });
  });

  it('says so when nothing listens, and backs off', async () => {
    const server = await hostile(() => undefined);
    const port = server.port;
    await server.close();
    const client = createCommClient({
      endpoint: { host: '127.0.0.1', port },
      ops: ['identity'],
      connectTimeoutMs: 500,
      requestTimeoutMs: 500,
    });
    opened.push({ client });
    expect(await client.request('identity')).toEqual({
      ok: false,
      reason: `127.0.0.1:${port}: ECONNREFUSED`,
      reachable: false,
    });
    expect(await client.request('identity')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/ECONNREFUSED; trying again in 1 s$/),
    });
    expect(client.stats().connects).toBe(0);
  });

  it('sends nothing it was not made for', async () => {
    const server = await hostile(reply('ok'));
    const client = clientFor(server);
    expect(await client.request('dump_state')).toEqual({
      ok: false,
      reason: 'dump_state is not an op this monitor sends',
      reachable: false,
    });
    expect(await client.request('identity', { op: 'dump_state' })).toMatchObject({
      ok: false,
      reason: 'reserved argument names',
    });
    expect(await client.request('identity', { __Pickled__: 1 })).toMatchObject({
      ok: false,
      reason: 'reserved argument names',
    });
    expect(server.connections).toBe(0);
  });

  it('queues no more than a few requests behind the one in flight', async () => {
    const server = await hostile((s) => setTimeout(() => reply(1)(s), 50));
    const client = clientFor(server);
    const answers = await Promise.all(Array.from({ length: 12 }, () => client.request('identity')));
    expect(answers.filter((a) => !a.ok && a.reason === 'too many requests waiting')).toHaveLength(4);
    expect(answers.filter((a) => a.ok)).toHaveLength(8);
  });
});
