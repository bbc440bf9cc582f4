// GET /v1/telemetry?cursor=C&limit=N&format=ocsf|native: a SOC collector's pull, with its own read-only
// fleet token (state dir `fleet-token`), never the stream token. Served only while `telemetry.enabled`.
// Reads through its own read-only connection, so a page is one consistent snapshot while the daemon writes.
// The reply: { records, next, more, dropped } — `next` is the cursor to ask with next; asking again with
// the same cursor (a retry) returns the same records, so a collector that stores a page before it moves
// on never loses or doubles one (daemon/fleet/telemetry-reader.ts).
import type http from 'node:http';
import { openReadOnly, type DB } from '../store/database.js';
import { bearerOf, fromBrowser, send, tokenMatches } from '../listen.js';
import { CursorError, TelemetryReader, formatRecord } from './telemetry-reader.js';
import type { OcsfContext } from './ocsf/index.js';
import type { TelemetryConfig } from './config.js';

export interface TelemetryRouteDeps { dbFile: string; ctx: OcsfContext; token: () => string; config: TelemetryConfig }

const DEFAULT_LIMIT = 1000;

export interface TelemetryRoute { handle(req: http.IncomingMessage, res: http.ServerResponse): void; close(): void }

export function createTelemetryRoute(deps: TelemetryRouteDeps): TelemetryRoute {
  let db: DB | undefined;
  let reader: TelemetryReader | undefined;
  const fail = (res: http.ServerResponse, status: number, error: string) => send(res, status, { error });

  return {
    handle(req, res) {
      if (req.method !== 'GET') return fail(res, 405, 'GET only');
      if (fromBrowser(req)) return fail(res, 403, 'browser-originated requests are refused');
      if (!tokenMatches(bearerOf(req), deps.token())) return fail(res, 401, 'fleet token required (state dir fleet-token)');
      const url = new URL(req.url ?? '/', 'http://localhost');
      const format = url.searchParams.get('format') ?? 'ocsf';
      if (format !== 'ocsf' && format !== 'native') return fail(res, 400, 'format must be ocsf or native');
      // Native records are the developer's full view: they leave the machine only when IT chose the full tier.
      if (format === 'native' && deps.config.privacy !== 'full') return fail(res, 403, `format=native is off under privacy tier "${deps.config.privacy}"; use format=ocsf`);
      const limitParam = url.searchParams.get('limit');
      const limit = limitParam === null ? DEFAULT_LIMIT : Number(limitParam);
      if (!Number.isInteger(limit) || limit < 1) return fail(res, 400, 'limit must be a whole number ≥ 1');
      reader ??= new TelemetryReader((db = openReadOnly(deps.dbFile)));
      let page;
      try { page = reader.read(url.searchParams.get('cursor') ?? undefined, Math.min(limit, deps.config.maxPageSize)); } catch (err) {
        if (err instanceof CursorError) return fail(res, 400, err.message);
        throw err;
      }
      const records = page.records.map((r) => formatRecord(r, format, deps.ctx));
      send(res, 200, { records, next: page.next, more: page.more, dropped: page.dropped });
    },
    close() { db?.close(); db = undefined; reader = undefined; },
  };
}
