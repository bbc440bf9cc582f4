// The daemon's one HTTP server: POST /v1/hooks/<agent>, GET /v1/health, and the /v1/stream upgrade.
import http from 'node:http';
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import type { Pipeline } from './pipeline.js';
import type { StreamHub } from './stream.js';
import type { Event } from '../core/event.js';
import { HookPayloadError, type HookAdapter, type Verdict } from '../collectors/hooks/hook-adapter.js';
import { tokenMatches } from './stream.js';
import { PtySessionError, ptySessionEvent } from './supervise/session-event.js';

export interface ServerDeps {
  config: Readonly<Config>;
  adapters: ReadonlyMap<string, HookAdapter>;
  pipeline: Pipeline;
  stream: StreamHub;
  log: Logger;
  health: () => object;
  /** After every hook tool call (answered already): pollers scan at once for the processes it starts. */
  onHookActivity?: (e: Event) => void;
  /** The bearer token `agentwatch run` sends with its session start/end (POST /v1/pty/sessions); absent: that endpoint is off. */
  token?: string;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

function isLoopback(addr: string | undefined): boolean {
  return addr !== undefined && (/^127\./.test(addr) || addr === '::1' || /^::ffff:127\./.test(addr));
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** Reads the body, refusing early (413) once it passes the limit. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new HttpError(413, `body over ${limit} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) { req.removeAllListeners('data'); req.resume(); reject(new HttpError(413, `body over ${limit} bytes`)); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function createServer(deps: ServerDeps): http.Server {
  const { config, log } = deps;
  const hookLog = log.child({ component: 'hooks' });

  async function handleHook(req: http.IncomingMessage, res: http.ServerResponse, agent: string): Promise<void> {
    // A web page must never be able to post here: browsers always send Origin (or Sec-Fetch-*) on cross-site POSTs.
    if (req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined) throw new HttpError(403, 'browser-originated requests are refused');
    if (!isLoopback(req.socket.remoteAddress)) throw new HttpError(403, 'hooks are accepted from loopback only');
    const adapter = deps.adapters.get(agent);
    if (!adapter) throw new HttpError(404, `no hook adapter for agent "${agent}"`);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') throw new HttpError(415, 'Content-Type must be application/json');
    const body = await readBody(req, config.hooks.maxBodyBytes);
    const started = process.hrtime.bigint();
    let payload: unknown;
    try { payload = JSON.parse(body.toString('utf8')); } catch { throw new HttpError(400, 'body is not valid JSON'); }
    let event;
    try {
      event = adapter.normalise(payload, { ts: new Date().toISOString(), newId: () => crypto.randomUUID() });
    } catch (err) {
      if (err instanceof HookPayloadError) throw new HttpError(400, err.message);
      throw err;
    }
    const result = deps.pipeline.process(event, adapter.canBlock(event) ? config.policy : undefined);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    const { action, finding } = result.decision;
    let verdict: Verdict = { action, reason: finding && `agentwatch ${action === 'deny' ? 'blocked this' : 'asks you to confirm this'}: ${finding.reason}` };
    // Only a gate can be too slow: in observe mode every call proceeds whatever the verdict, so a slow
    // answer (a loaded machine) changes nothing the user would want to hear about.
    if (config.policy.mode === 'enforce' && adapter.canBlock(event) && elapsedMs > config.policy.decisionBudgetMs) {
      // Too slow to be trusted as a gate: let the agent proceed, and say so.
      verdict = { action: 'observe' };
      deps.pipeline.raise({
        rule: 'decision-timeout', severity: 'medium', tactic: 'defense-evasion', title: 'Hook decision timed out',
        reason: `agentwatch took ${elapsedMs.toFixed(0)} ms to judge this ${event.tool?.name ?? ''} call (budget ${config.policy.decisionBudgetMs} ms), so it was allowed without a verdict.`,
        evidence: [event.id], key: 'decision-timeout', block: false,
      }, result.event);
    }
    for (const a of result.alerts) hookLog.warn({ alert: { id: a.id, rule: a.rule, severity: a.severity, sessionId: a.sessionId, blocked: a.blocked }, reason: a.reason }, 'alert');
    hookLog.debug({ observed: { kind: result.event.kind, tool: result.event.tool?.name, sessionId: result.event.sessionId }, elapsedMs }, 'hook');
    send(res, 200, adapter.answer(result.event, verdict));
    // Pollers burst-scan after a PreToolUse: the tool's processes start right after it. A PostToolUse comes
    // when they are gone, so a burst then finds nothing and, in a busy session, never lets polling rest.
    if (result.event.kind === 'tool.call') deps.onHookActivity?.(result.event);
  }

  /** `agentwatch run` says a supervised session started or ended; fed to the pipeline like a hook event. */
  async function handlePty(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined) throw new HttpError(403, 'browser-originated requests are refused');
    const auth = req.headers.authorization;
    if (deps.token === undefined || !tokenMatches(auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined, deps.token)) throw new HttpError(401, 'token required');
    if ((req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') throw new HttpError(415, 'Content-Type must be application/json');
    let event: Event;
    try {
      event = ptySessionEvent(JSON.parse((await readBody(req, 256 * 1024)).toString('utf8')), { ts: new Date().toISOString(), newId: () => crypto.randomUUID() });
    } catch (err) {
      if (err instanceof SyntaxError) throw new HttpError(400, 'body is not valid JSON');
      if (err instanceof PtySessionError) throw new HttpError(400, err.message);
      throw err;
    }
    send(res, 200, { id: deps.pipeline.process(event).event.id });
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const hook = /^\/v1\/hooks\/([a-z0-9-]+)$/.exec(url.pathname);
    const route = hook && req.method === 'POST'
      ? handleHook(req, res, hook[1]!)
      : url.pathname === '/v1/pty/sessions' && req.method === 'POST'
        ? handlePty(req, res)
      : url.pathname === '/v1/health' && req.method === 'GET'
        ? Promise.resolve(send(res, 200, deps.health()))
        : Promise.reject(new HttpError(404, 'not found'));
    route.catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) log.error({ err }, 'request failed');
      if (!res.headersSent) {
        if (status === 413) res.setHeader('connection', 'close');
        send(res, status, { error: err instanceof HttpError ? err.message : 'internal error' });
      }
    });
  });
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/v1/stream') deps.stream.handleUpgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  server.on('clientError', (_err, socket) => { if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'); else socket.destroy(); });
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 30_000;
  return server;
}
