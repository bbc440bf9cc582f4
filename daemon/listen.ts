// The daemon's port, bound first in the lifecycle (before the pipeline and the collectors load), so a
// taken port fails at once, in one line naming it. Until the routes are installed every request is
// answered 503: the daemon is starting.
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { PortInUseError } from '../core/errors.js';
import type { ComponentHealth } from '../core/health.js';
import type { ServerLoad } from './server-load.js';

export interface Routes {
  request: http.RequestListener;
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** A browser sends Origin (or Sec-Fetch-*) on every cross-site request: a web page must never reach these endpoints. */
export function fromBrowser(req: http.IncomingMessage): boolean {
  return req.headers.origin !== undefined || req.headers['sec-fetch-site'] !== undefined;
}

/** The bearer token of `Authorization: Bearer …`, if any. */
export function bearerOf(req: http.IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
}

/**
 * Compared in constant time over the bytes, so the time taken says nothing about where the strings differ.
 * A different length answers at once: the length is no secret (every token and hook secret is 43 base64url
 * characters, state-dir.ts). Hashing both sides first, as this did before, cost ~10 µs of every hook post.
 */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined || given.length !== token.length) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

export function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

export interface BoundServer {
  readonly port: number;
  /** Connections, requests in flight and what was turned away. */
  readonly load: ServerLoad;
  health(): ComponentHealth;
  /** Routes requests from now on. */
  route(routes: Routes): void;
  /** Stops listening and drops open connections; idempotent. */
  close(): Promise<void>;
}

/**
 * Whether a request's Host names this daemon: 127.0.0.1, localhost, [::1] or the bind address, with or
 * without a port. A page on another name that resolves to 127.0.0.1 (DNS rebinding) carries its own
 * name in Host and is refused on every endpoint, health included. No Host at all (HTTP/1.0 tools) is
 * not a browser and is let through.
 */
export function hostAllowed(host: string | undefined, bind: string): boolean {
  if (host === undefined) return true;
  const name = host.toLowerCase().replace(/:\d+$/, '');
  return name === '127.0.0.1' || name === 'localhost' || name === '[::1]' || name === bind.toLowerCase() || name === `[${bind.toLowerCase()}]`;
}

const BUSY = 'HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Type: text/plain\r\nContent-Length: 24\r\n\r\nagentwatch is too busy\r\n';
/** Refused connections answered 503 at most (beyond the cap), before Node drops them unanswered. */
const busySlack = (cap: number) => Math.max(16, Math.ceil(cap / 4));

/** How long a connection may dawdle (config `server`). */
export interface ConnectionTimeouts { idleTimeoutMs: number; headersTimeoutMs: number; requestTimeoutMs: number }

/**
 * Listens on `bind:port` (0: any free port), within the limits of `load` (connections, per peer) and
 * `timeouts`: an idle connection is closed, a client trickling its headers or body is cut off (408).
 */
export async function bindServer(bind: string, port: number, load: ServerLoad, timeouts: ConnectionTimeouts): Promise<BoundServer> {
  let routes: Routes | undefined;
  const requestTimeout = timeouts.requestTimeoutMs;
  const server = http.createServer({
    // Node enforces these on a timer, every connectionsCheckingInterval (30 s by default): a slowloris client
    // would outlive a short timeout by that much. A check a second costs one walk over the open requests.
    headersTimeout: Math.min(timeouts.headersTimeoutMs, requestTimeout), requestTimeout, connectionsCheckingInterval: Math.min(1000, timeouts.headersTimeoutMs),
  }, (req, res) => {
    if (refused.has(req.socket)) return;
    // In flight from here (before the body is read) until answered or abandoned.
    load.inFlight++;
    res.once('close', () => { load.inFlight--; });
    if (!hostAllowed(req.headers.host, bind)) send(res, 403, { error: 'Host header does not name this daemon (127.0.0.1 or localhost)' });
    else if (routes) routes.request(req, res);
    else send(res, 503, { error: 'agentwatch is starting' });
  });
  // Past the cap a new connection is answered 503 at once and closed (a client that sends a request reads
  // a clear "busy", and a hook fails open now, not at its timeout); it never reaches the routes. A flood
  // past cap + slack is closed by Node before any HTTP work ('drop'): the fd limit is never near.
  server.maxConnections = load.limits.maxConnections + busySlack(load.limits.maxConnections);
  server.on('drop', () => load.count('refusedConnections'));
  const refused = new WeakSet<Duplex>();
  server.prependListener('connection', (socket: Socket) => {
    const peer = socket.remoteAddress;
    if (load.admit(peer)) return void socket.once('close', () => load.release(peer));
    refused.add(socket);
    socket.on('error', () => {});
    // Closed as soon as the answer is handed to the kernel: a client that never reads holds no fd of ours.
    socket.end(BUSY, () => socket.destroy());
  });
  server.on('upgrade', (req, socket, head) => {
    if (refused.has(socket)) return;
    if (!hostAllowed(req.headers.host, bind)) socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
    else if (routes) routes.upgrade(req, socket, head);
    else socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const timedOut = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (timedOut) load.count('timedOut');
    if (socket.writable) socket.end(timedOut ? 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n' : 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  // A connection that sends nothing (no request yet, or gone quiet mid-request) is closed after idleTimeoutMs;
  // between requests, keepAliveTimeout closes it the same way.
  server.timeout = timeouts.idleTimeoutMs;
  server.keepAliveTimeout = timeouts.idleTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE'
      ? PortInUseError(`port ${port} on ${bind} is already in use (another agentwatch daemon, or another program); choose another with --port or AGENTWATCH_PORT`)
      : err));
    server.listen(port, bind, () => { server.removeAllListeners('error'); resolve(); });
  });
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    load,
    route: (r) => { routes = r; },
    health: () => (server.listening ? load.health() : { ...load.health(), status: 'failed', reason: `not listening on port ${port}` }),
    close: () => (closed ??= new Promise<void>((r) => { load.close(); server.close(() => r()); server.closeAllConnections(); })),
  };
}
