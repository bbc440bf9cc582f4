// The optional second listener for collectors on other machines (`telemetry.listen`): it serves
// GET /v1/telemetry only. Off loopback it must be HTTPS: without `tlsCert` and `tlsKey` the listener is
// refused in one line (logged, and in health) and the daemon runs on without it.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ComponentHealth } from '../../core/health.js';
import { hostAllowed, send } from '../listen.js';
import type { TelemetryConfig } from './config.js';
import type { TelemetryRoute } from './telemetry-route.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/i;
const WILDCARD = new Set(['0.0.0.0', '::', '']);

export interface TelemetryListener { port?: number; health(): ComponentHealth; close(): Promise<void> }

/** Why this listener must not start, or undefined when it may. */
export function listenerRefusal(listen: NonNullable<TelemetryConfig['listen']>): string | undefined {
  if (LOOPBACK.test(listen.bind)) return undefined;
  if (!listen.tlsCert || !listen.tlsKey) return `telemetry.listen.bind ${listen.bind} is not loopback: set telemetry.listen.tlsCert and tlsKey (PEM files), or bind 127.0.0.1`;
  for (const f of [listen.tlsCert, listen.tlsKey]) if (!fs.existsSync(f)) return `telemetry.listen: ${f} does not exist`;
  return undefined;
}

export async function startTelemetryListener(listen: NonNullable<TelemetryConfig['listen']>, route: TelemetryRoute): Promise<TelemetryListener> {
  const refusal = listenerRefusal(listen);
  if (refusal) return { health: () => ({ status: 'failed', reason: refusal }), close: async () => {} };
  const handler: http.RequestListener = (req, res) => {
    // A wildcard bind answers to any name (TLS and the token guard it); a named one only to its own.
    if (!WILDCARD.has(listen.bind) && !hostAllowed(req.headers.host, listen.bind)) return send(res, 403, { error: 'Host header does not name this listener' });
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/v1/telemetry') return send(res, 404, { error: 'not found' });
    try { route.handle(req, res); } catch (err) {
      if (!res.headersSent) send(res, 500, { error: (err instanceof Error ? err.message : String(err)).split('\n')[0] });
    }
  };
  const server = listen.tlsCert && listen.tlsKey
    ? https.createServer({ cert: fs.readFileSync(listen.tlsCert), key: fs.readFileSync(listen.tlsKey) }, handler)
    : http.createServer(handler);
  try {
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(listen.port, listen.bind, () => { server.removeAllListeners('error'); resolve(); }); });
  } catch (err) {
    const reason = `telemetry.listen ${listen.bind}:${listen.port}: ${(err as Error).message.split('\n')[0]}`;
    return { health: () => ({ status: 'failed', reason }), close: async () => {} };
  }
  return {
    port: (server.address() as AddressInfo).port,
    health: () => ({ status: 'ok' }),
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}
