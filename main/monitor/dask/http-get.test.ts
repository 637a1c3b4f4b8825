/** httpGet on a kept connection that the server drops as it is reused (uvicorn's idle keep-alive, seen with Covalent's server). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpGet } from './http-get';

let server: http.Server | null = null;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = null;
});

describe('httpGet', () => {
  it('sends a GET once more on a new connection when a reused one is reset, and only then', async () => {
    const served = new WeakMap<object, number>();
    let connections = 0;
    server = http.createServer((req, res) => {
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      // The second request on a connection: the server drops it unanswered.
      if (n > 1) return req.socket.destroy();
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const options = { timeoutMs: 1000, maxBytes: 1024, agent };
      expect(await httpGet(url, options)).toEqual({
        kind: 'response',
        status: 200,
        contentType: 'text/plain',
        body: 'ok',
      });
      expect(await httpGet(url, options)).toEqual({
        kind: 'response',
        status: 200,
        contentType: 'text/plain',
        body: 'ok',
      });
      expect(connections).toBe(2);
    } finally {
      agent.destroy();
    }
  });
});
