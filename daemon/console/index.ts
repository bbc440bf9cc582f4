// The web console, loaded on its first request (daemon/server.ts imports this module lazily, so an idle
// daemon nobody opens a page on never holds it): the static page, the one-time login, and /v1/console/*.
//   POST /v1/console/link                 bearer token → {url, expiresAt} (a one-time login link)
//   GET  /console/login?code=C            spends the code once → session cookie, redirect to /
//   GET  /, /app.js, /app.css             the bundled page (dist/console/web)
//   GET  /v1/console/{agents,sessions,sessions/<id>/timeline,alerts,alerts/<id>,baselines,mcp,mutes}
//   POST /v1/console/alerts/<id>/ack, /v1/console/alerts/<id>/mine {scope}, /v1/console/mutes {rule, project},
//        /v1/console/mcp/<key>/pin;  DELETE /v1/console/mutes/<id>
// API calls take the bearer token (the terminal console) or the session cookie (the page); a cookie request
// that a browser marks cross-site, or whose Origin is not the daemon's own, is refused.
import type http from 'node:http';
import type { Alert } from '../../core/event.js';
import type { DB } from '../store/database.js';
import type { Mutes } from '../store/mutes.js';
import type { AckScope } from '../../detectors/baseline/allowance.js';
import { ConsoleAuth } from './console-auth.js';
import { ActionError, acknowledge, muteRule, repin, thisWasMe, type ActionDeps } from '../store/console-actions.js';
import { alertDetail, baselines, listAlerts, listSessions, liveAgents, mcpInventory, recentEvents, sessionTimeline } from '../store/console-queries.js';
import { serveStatic } from './static-files.js';

export interface ConsoleDeps {
  db: DB;
  mutes: Mutes;
  port: number;
  /** The bearer token now (it rotates). */
  token(): string | undefined;
  tokenMatches(given: string | undefined, token: string): boolean;
  bearerOf(req: http.IncomingMessage): string | undefined;
  trainBaseline(alertId: string, scope: AckScope): { ok: boolean; message: string };
  publish(msg: { type: string; [field: string]: unknown }): void;
  health(): object;
  readBody(req: http.IncomingMessage, limit: number): Promise<Buffer>;
}

export interface WebConsole {
  auth: ConsoleAuth;
  /** Answers a console request (every path this module owns); never throws. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void>;
}

/** Whether a request belongs to the console: the page, its login and /v1/console/*. */
export function isConsolePath(path: string): boolean {
  return path === '/' || path === '/app.js' || path === '/app.css' || path === '/console/login' || path.startsWith('/v1/console/');
}

const DAY_MS = 86_400_000;

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

export function createConsole(deps: ConsoleDeps): WebConsole {
  const auth = new ConsoleAuth();
  const own = [`http://127.0.0.1:${deps.port}`, `http://localhost:${deps.port}`];
  const actions: ActionDeps = { db: deps.db, mutes: deps.mutes, trainBaseline: deps.trainBaseline, publish: (alert: Alert) => deps.publish({ type: 'alert', alert }) };

  /** Token holder (no browser headers) or a live cookie from the daemon's own page; else an ActionError. */
  function authorise(req: http.IncomingMessage): void {
    const bearer = deps.bearerOf(req);
    const token = deps.token();
    if (bearer !== undefined) {
      if (token === undefined || !deps.tokenMatches(bearer, token)) throw new ActionError(401, 'token required');
      return;
    }
    if (!auth.valid(req)) throw new ActionError(401, 'open the console with the link from: agentwatch console --web');
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if ((origin !== undefined && !own.includes(origin)) || (site !== undefined && site !== 'same-origin' && site !== 'none')) throw new ActionError(403, 'cross-site request refused');
    if (req.method !== 'GET' && origin === undefined) throw new ActionError(403, 'a console action must come from the console page');
  }

  async function body(req: http.IncomingMessage): Promise<unknown> {
    if ((req.headers['content-type'] ?? '').split(';')[0]!.trim() !== 'application/json') throw new ActionError(415, 'Content-Type must be application/json');
    try { return JSON.parse((await deps.readBody(req, 64 * 1024)).toString('utf8')); } catch (err) {
      if (err instanceof SyntaxError) throw new ActionError(400, 'body is not valid JSON');
      throw err;
    }
  }

  function link(req: http.IncomingMessage, res: http.ServerResponse): void {
    // Only the CLI: a cookie (the page itself) may not mint more links.
    const token = deps.token();
    if (req.headers.origin !== undefined || token === undefined || !deps.tokenMatches(deps.bearerOf(req), token)) throw new ActionError(401, 'token required');
    const { code, expiresAt } = auth.issueCode();
    json(res, 200, { url: `http://127.0.0.1:${deps.port}/console/login?code=${code}`, expiresAt });
  }

  function login(res: http.ServerResponse, url: URL): void {
    const session = auth.exchange(url.searchParams.get('code') ?? '');
    if (!session) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('This console link was used already or has expired. Run `agentwatch console --web` for a new one.\n');
      return;
    }
    // Redirected, so the code leaves the address bar and the history.
    res.writeHead(303, { location: '/', 'set-cookie': ConsoleAuth.setCookie(session), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    res.end();
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const p = url.pathname.slice('/v1/console/'.length).split('/').map(decodeURIComponent);
    const q = url.searchParams;
    const num = (name: string, dflt: number, max: number) => Math.min(max, Math.max(1, Number.parseInt(q.get(name) ?? '', 10) || dflt));
    const get = req.method === 'GET';
    const post = req.method === 'POST';
    const since = new Date(Date.now() - num('days', 1, 90) * DAY_MS).toISOString();
    if (get && p[0] === 'agents' && p.length === 1) {
      return json(res, 200, { agents: liveAgents(deps.db, since), sessions: listSessions(deps.db, since, 50), recent: recentEvents(deps.db, 100), health: deps.health() });
    }
    if (get && p[0] === 'sessions' && p.length === 1) return json(res, 200, { sessions: listSessions(deps.db, since, num('limit', 100, 500)) });
    if (get && p[0] === 'sessions' && p.length === 3 && p[2] === 'timeline') {
      const t = sessionTimeline(deps.db, p[1]!, num('limit', 2000, 5000));
      if (!t) throw new ActionError(404, `no session ${p[1]}`);
      return json(res, 200, t);
    }
    if (get && p[0] === 'alerts' && p.length === 1) {
      const acked = q.get('acked');
      const before = q.get('before');
      return json(res, 200, listAlerts(deps.db, {
        severity: q.get('severity') ?? undefined, tactic: q.get('tactic') ?? undefined, agent: q.get('agent') ?? undefined,
        session: q.get('session') ?? undefined, rule: q.get('rule') ?? undefined,
        acked: acked === null || acked === '' ? undefined : acked === 'true' || acked === '1',
        before: before ? Number(before) : undefined, limit: num('limit', 100, 500),
      }));
    }
    if (get && p[0] === 'alerts' && p.length === 2) {
      const d = alertDetail(deps.db, p[1]!);
      if (!d) throw new ActionError(404, `no alert with id ${p[1]}`);
      return json(res, 200, d);
    }
    if (post && p[0] === 'alerts' && p.length === 3 && p[2] === 'ack') return json(res, 200, acknowledge(actions, p[1]!));
    if (post && p[0] === 'alerts' && p.length === 3 && p[2] === 'mine') {
      return json(res, 200, thisWasMe(actions, p[1]!, ((await body(req)) as { scope?: unknown } | null)?.scope));
    }
    if (get && p[0] === 'baselines' && p.length === 1) return json(res, 200, { baselines: baselines(deps.db) });
    if (get && p[0] === 'mcp' && p.length === 1) return json(res, 200, mcpInventory(deps.db));
    if (post && p[0] === 'mcp' && p.length === 3 && p[2] === 'pin') return json(res, 200, repin(actions, p[1]!));
    if (get && p[0] === 'mutes' && p.length === 1) return json(res, 200, { mutes: deps.mutes.list() });
    if (post && p[0] === 'mutes' && p.length === 1) return json(res, 200, muteRule(actions, await body(req)));
    if (req.method === 'DELETE' && p[0] === 'mutes' && p.length === 2) {
      if (!deps.mutes.remove(Number(p[1]))) throw new ActionError(404, `no mute ${p[1]}`);
      return json(res, 200, { ok: true, message: `mute ${p[1]} removed` });
    }
    throw new ActionError(404, 'not found');
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    try {
      if (url.pathname === '/v1/console/link' && req.method === 'POST') return link(req, res);
      if (url.pathname === '/console/login' && req.method === 'GET') return login(res, url);
      if (url.pathname.startsWith('/v1/console/')) { authorise(req); return await api(req, res, url); }
      if (req.method !== 'GET') throw new ActionError(405, 'method not allowed');
      // The page itself holds nothing secret; without a session it says how to get one.
      return serveStatic(res, url.pathname, auth.valid(req));
    } catch (err) {
      if (res.headersSent) return void res.destroy();
      const status = err instanceof ActionError ? err.status : (err as { status?: number }).status ?? 500;
      json(res, status, { error: err instanceof Error ? err.message.split('\n')[0] : 'internal error' });
    }
  }

  return { auth, handle };
}
