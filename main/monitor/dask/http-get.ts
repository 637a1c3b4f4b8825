/** One bounded HTTP GET: a deadline, a body size limit, and redirects reported, never followed. */
import http from 'node:http';
import https from 'node:https';

export type HttpResult =
  | { kind: 'response'; status: number; contentType: string; body: string }
  | { kind: 'failed'; reason: 'timeout' | 'unreachable' | 'too-large' | 'redirect' | 'bad-response'; message: string };

export interface HttpGetOptions {
  timeoutMs: number;
  maxBytes: number;
  agent?: http.Agent;
}

/**
 * A kept connection the server closed just as it was reused resets at once: then the GET is sent
 * once more, on a new connection (Node's advice: `request.reusedSocket`, docs/api/http.md).
 */
export async function httpGet(url: URL, options: HttpGetOptions): Promise<HttpResult> {
  const { resetOnReuse, ...first } = await getOnce(url, options);
  if (!resetOnReuse) return first;
  const { resetOnReuse: _again, ...second } = await getOnce(url, options);
  return second;
}

function getOnce(
  url: URL,
  { timeoutMs, maxBytes, agent }: HttpGetOptions,
): Promise<HttpResult & { resetOnReuse?: boolean }> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: HttpResult & { resetOnReuse?: boolean }) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    const mod = url.protocol === 'https:' ? https : http;
    const req = mod.request(url, {
      method: 'GET',
      agent: url.protocol === 'https:' ? undefined : agent,
      headers: { accept: 'application/json, text/plain' },
      maxHeaderSize: 16 * 1024,
    });
    const deadline = setTimeout(() => {
      finish({ kind: 'failed', reason: 'timeout', message: `no answer from ${url.host} within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);

    req.on('error', (err: NodeJS.ErrnoException) => {
      const refused =
        err.code === 'ECONNREFUSED' ||
        err.code === 'ECONNRESET' ||
        err.code === 'EHOSTUNREACH' ||
        err.code === 'ENOTFOUND';
      finish({
        kind: 'failed',
        reason: refused ? 'unreachable' : 'bad-response',
        message: `${url.host}: ${err.code ?? err.message}`,
        resetOnReuse: req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE'),
      });
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.destroy();
        const to = String(res.headers.location ?? '').slice(0, 200);
        finish({
          kind: 'failed',
          reason: 'redirect',
          message: `${url.host} redirected to ${JSON.stringify(to)}; redirects are not followed`,
        });
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        req.destroy();
        finish({
          kind: 'failed',
          reason: 'too-large',
          message: `${url.pathname} is ${declared} bytes; the limit is ${maxBytes}`,
        });
        return;
      }
      const chunks: Buffer[] = [];
      let length = 0;
      res.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > maxBytes) {
          res.destroy();
          req.destroy();
          finish({
            kind: 'failed',
            reason: 'too-large',
            message: `${url.pathname} sent more than ${maxBytes} bytes; not read further`,
          });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        finish({
          kind: 'response',
          status,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks, length).toString('utf8'),
        });
      });
      res.on('error', (err) =>
        finish({ kind: 'failed', reason: 'bad-response', message: `${url.host}: ${err.message}` }),
      );
      // 'end' comes before 'close' when the whole body arrived; otherwise the answer was cut short.
      res.on('close', () =>
        finish({ kind: 'failed', reason: 'bad-response', message: `${url.host} closed the connection mid-answer` }),
      );
    });
    req.end();
  });
}
