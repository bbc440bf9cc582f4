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

/** Listens on `bind:port` (0: any free port). */
export async function bindServer(bind: string, port: number): Promise<BoundServer> {
  let routes: Routes | undefined;
  const server = http.createServer((req, res) => {
    if (routes) routes.request(req, res);
    else send(res, 503, { error: 'agentwatch is starting' });
  });
  server.on('upgrade', (req, socket, head) => {
    if (routes) routes.upgrade(req, socket, head);
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
