// The daemon's port, bound first in the lifecycle (before the pipeline and the collectors load), so a
// taken port fails at once, in one line naming it. Until the routes are installed every request is
// answered 503: the daemon is starting.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { PortInUseError } from '../core/errors.js';
import type { ComponentHealth } from '../core/health.js';

export interface Routes {
  request: http.RequestListener;
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void;
}

export function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

export interface BoundServer {
  readonly port: number;
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

/** Listens on `bind:port` (0: any free port). */
export async function bindServer(bind: string, port: number): Promise<BoundServer> {
  let routes: Routes | undefined;
  const server = http.createServer((req, res) => {
    if (!hostAllowed(req.headers.host, bind)) send(res, 403, { error: 'Host header does not name this daemon (127.0.0.1 or localhost)' });
    else if (routes) routes.request(req, res);
    else send(res, 503, { error: 'agentwatch is starting' });
  });
  server.on('upgrade', (req, socket, head) => {
    if (!hostAllowed(req.headers.host, bind)) socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
    else if (routes) routes.upgrade(req, socket, head);
    else socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
  });
  server.on('clientError', (_err, socket) => { if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'); else socket.destroy(); });
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE'
      ? PortInUseError(`port ${port} on ${bind} is already in use (another agentwatch daemon, or another program); choose another with --port or AGENTWATCH_PORT`)
      : err));
    server.listen(port, bind, () => { server.removeAllListeners('error'); resolve(); });
  });
  let closed: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    route: (r) => { routes = r; },
    health: () => (server.listening ? { status: 'ok' } : { status: 'failed', reason: `not listening on port ${port}` }),
    close: () => (closed ??= new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); })),
  };
}
