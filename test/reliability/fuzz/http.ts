// Posting fuzzed bodies to the real daemon. The one place a fuzz test posts a hook: when POST /v1/hooks
// needs more (a header, a secret), it is added here.
import http from 'node:http';
import { hookHeaders, type TestDaemon } from '../../helpers/daemon.js';

/** A response status, or -1 when the connection failed (reset, refused) before any answer. */
export type Status = number;

export function postHookRaw(d: TestDaemon, agent: string, body: Buffer, opts: { agent?: http.Agent; contentType?: string; headersOnly?: boolean } = {}): Promise<{ status: Status; error?: string }> {
  return new Promise((resolve) => {
    let answered: number | undefined;
    const req = http.request(d.url(`/v1/hooks/${agent}`), {
      method: 'POST', agent: opts.agent, headers: { ...hookHeaders(d), 'content-type': opts.contentType ?? 'application/json', 'content-length': body.length },
    }, (res) => {
      answered = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => resolve({ status: answered! }));
      res.on('error', () => resolve({ status: answered! }));
    });
    req.on('error', (err) => resolve(answered !== undefined ? { status: answered } : { status: -1, error: err.message }));
    // A body over the limit is refused (413) on its Content-Length, before it is read, and the connection
    // closed: sending it would race that close (EPIPE). The headers alone get the answer.
    if (opts.headersOnly) { req.flushHeaders(); req.once('response', () => setImmediate(() => req.destroy())); } else req.end(body);
  });
}

/** Runs `jobs` with at most `concurrency` in flight. */
export async function pool<T>(jobs: readonly (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < jobs.length) { const i = next++; out[i] = await jobs[i]!(); }
  }));
  return out;
}

/** Counts of each status, e.g. `{ 200: 812, 400: 1188 }`. */
export function countStatuses(statuses: readonly Status[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}
