// One bounded GET for the probes: a whole-answer deadline, a body cap, no redirects, and no TLS verification. CUCM
// serves its TFTP files over plain HTTP and UDS over HTTPS with certificates we have no reason to trust or distrust:
// discovery only reads dates and names and trusts nothing it reads (issue 12, Security), so verifying would add no
// safety and would fail on every self-signed tomcat.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { failureOf } from './outcome.js';

export interface GetLimits {
  timeoutMs: number;
  maxBytes: number;
}

export type GetResult =
  | { ok: true; status: number; body: Buffer }
  | { ok: false; reason: 'timeout' | 'too-large' | ReturnType<typeof failureOf>['reason']; detail: string };

export function boundedGet(url: URL, limits: GetLimits): Promise<GetResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: GetResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const options = {
      method: 'GET',
      headers: { accept: '*/*', 'user-agent': 'certwatch-discovery' },
      agent: false as const,
    };
    const request =
      url.protocol === 'https:'
        ? httpsRequest(url, { ...options, rejectUnauthorized: false })
        : httpRequest(url, options);
    const timer = setTimeout(
      () =>
        finish({
          ok: false,
          reason: 'timeout',
          detail: `no complete answer from ${url.host} within ${limits.timeoutMs} ms`,
        }),
      limits.timeoutMs,
    );
    request.on('error', (error) => finish({ ok: false, ...failureOf(error) }));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const declared = Number(response.headers['content-length'] ?? NaN);
      if (declared > limits.maxBytes) {
        finish({
          ok: false,
          reason: 'too-large',
          detail: `${url.pathname}: Content-Length ${declared} exceeds ${limits.maxBytes} bytes`,
        });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limits.maxBytes) {
          finish({ ok: false, reason: 'too-large', detail: `${url.pathname}: more than ${limits.maxBytes} bytes` });
        }
        else chunks.push(chunk);
      });
      response.on('end', () => finish({ ok: true, status, body: Buffer.concat(chunks) }));
      response.on('error', (error) => finish({ ok: false, ...failureOf(error) }));
    });
    request.end();
  });
}
