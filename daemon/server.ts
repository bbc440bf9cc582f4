// The daemon's routes: POST /v1/hooks/<agent> (install secret), GET /v1/health, GET /v1/probes/<id> (token),
// GET /v1/telemetry (fleet token), POST /v1/pty/sessions, GET /v1/pending and POST /v1/pending/<id> (token),
// /v1/alerts and /v1/token/rotate (token), the /v1/stream upgrade, and the web console (/, /console/login,
// /v1/console/*: daemon/console, imported on its first request). The port itself is bound earlier (listen.ts), before anything slow
// loads; these routes take over once the pipeline is up.
import http from 'node:http';
import type { Logger } from 'pino';
import type { Config } from './config/schema.js';
import type { Pipeline } from './pipeline.js';
import type { StreamHub } from './stream.js';
import type { Event } from '../core/event.js';
import type { CollectorState } from '../collectors/collector.js';
import { bearerOf, fromBrowser, send, tokenMatches, type Routes } from './listen.js';
import { HookPayloadError, type HookAdapter } from '../collectors/hooks/hook-adapter.js';
import { PtySessionError, ptySessionEvent } from './supervise/session-event.js';
import { AlertPostError, alertPost } from './alert-post.js';
import { isLoopback, type ServerLoad } from './server-load.js';
import { isProbeSession } from '../core/probe.js';
import { BoundedMap } from '../core/bounded-map.js';
import { newEventId } from '../core/ids.js';
import type { ConsoleDeps, WebConsole } from './console/index.js';
import type { HoldGate } from './hold/hold-gate.js';
import type { HeadlessSessions } from './hold/headless.js';
import type { PendingHolds } from './hold/pending.js';
import { HELD_UNTIL_HEADER } from './hold/held-header.js';
import { ModeRequestError, parseModeRequest, pauseAlert, type ModeSwitch } from './mode-switch.js';

export interface ServerDeps {
  config: Readonly<Config>;
  adapters: ReadonlyMap<string, HookAdapter>;
  pipeline: Pipeline;
  stream: StreamHub;
  log: Logger;
  health: () => object;
  /** After every hook tool call (answered already): pollers scan at once for the processes it starts. */
  onHookActivity?: (e: Event) => void;
  /** After a supervised session's start or end (`agentwatch run`): an open one is an agent at work. */
  onSupervisedSession?: (e: Event) => void;
  /** The bearer token of POST /v1/pty/sessions (`agentwatch run`) and /v1/alerts (the live MCP scan); absent: those are off. */
  token?: string;
  /** Requests in flight and the drop counters (listen.ts counts the requests in). */
  load: ServerLoad;
  /** Judges an event later, off the answer path (the bounded collector queue): a hook shed under overload. */
  defer?: (e: Event) => void;
  /** Refuses hook posts without the install secret (daemon/hook-auth.ts); absent: every hook post is taken. */
  hookAuth?: { refusal(req: http.IncomingMessage, agent: string): string | undefined };
  /** `agentwatch token rotate` (POST /v1/token/rotate, with the current token): new token and hook secret. */
  rotate?: (graceSeconds: number) => object;
  /** GET /v1/telemetry with the fleet token (daemon/fleet/telemetry-route.ts); absent: telemetry is off (404). */
  telemetry?: { handle(req: http.IncomingMessage, res: http.ServerResponse): void };
  /** The final answer of a gated call: holds for the developer, headless asks (daemon/hold/). */
  gate: HoldGate;
  /** The calls held now: GET /v1/pending and POST /v1/pending/<id> (token). */
  holds: PendingHolds;
  headless: HeadlessSessions;
  /** POST/GET /v1/mode (token): the policy mode switched for a while (daemon/mode-switch.ts); absent: configured mode only. */
  mode?: ModeSwitch;
  /** The web console's store access (daemon/console); absent: the console is off (404). */
  console?: Pick<ConsoleDeps, 'db' | 'mutes' | 'port' | 'trainBaseline'>;
}

/** The paths daemon/console answers, told apart here so that module loads only when one is asked for. */
const isConsolePath = (p: string) => p === '/' || p === '/app.js' || p === '/app.css' || p === '/console/login' || p.startsWith('/v1/console/');

/** When a request arrived (the 'request' event, before its body), and whether it found the daemon overloaded. */
interface Arrival { ns: bigint; shed: boolean }

/** An overload alert is raised (merged) at most this often: a flood must not become a flood of alert writes. */
const OVERLOAD_ALERT_EVERY_MS = 1000;

/** Aborted when the client goes away before its answer was written (the agent stopped waiting). */
function goneSignal(res: http.ServerResponse): AbortSignal {
  const ac = new AbortController();
  // Asked for only when a call is held, by which time the agent may have gone already.
  if (res.destroyed || !res.socket || res.socket.destroyed) ac.abort();
  else res.once('close', () => { if (!res.writableFinished) ac.abort(); });
  return ac.signal;
}

class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

/** A web page must never be able to post here: browsers always send Origin (or Sec-Fetch-*) on cross-site POSTs. */
function refuseBrowsers(req: http.IncomingMessage): void {
  if (fromBrowser(req)) throw new HttpError(403, 'browser-originated requests are refused');
}

function requireJson(req: http.IncomingMessage): void {
  if ((req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') throw new HttpError(415, 'Content-Type must be application/json');
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
    // The client went away (or was cut off for trickling) mid-body: its doing, not a failure of the hook.
    req.on('error', (err: NodeJS.ErrnoException) => reject(new HttpError(400, `request body incomplete: ${err.code ?? err.message}`)));
  });
}

export interface DaemonRoutes extends Routes {
  /** Each hook adapter as a collector: degraded while its last call failed inside the daemon (a 500). */
  hookHealth(): Record<string, CollectorState>;
}

export function createRoutes(deps: ServerDeps): DaemonRoutes {
  const { config, log } = deps;
  const hookLog = log.child({ component: 'hooks' });
  const alertLog = log.child({ component: 'alerts' });
  const failures = new Map<string, string>(); // agent → why its last hook call failed; gone once one is answered
  const { load } = deps;
  let lastOverloadAlert = 0;
  const stored = () => deps.pipeline.durable().catch(() => undefined);
  const probes = new BoundedMap<string, { agent: string; hookEvent?: string; ts: string }>(256);

  async function handleHook(req: http.IncomingMessage, res: http.ServerResponse, agent: string, arrival: Arrival): Promise<void> {
    try { await judgeHook(req, res, agent, arrival); } catch (err) {
      if (!(err instanceof HttpError)) failures.set(agent, (err instanceof Error ? err.message : String(err)).split('\n')[0]!);
      throw err;
    }
  }

  async function judgeHook(req: http.IncomingMessage, res: http.ServerResponse, agent: string, arrival: Arrival): Promise<void> {
    refuseBrowsers(req);
    if (!isLoopback(req.socket.remoteAddress)) throw new HttpError(403, 'hooks are accepted from loopback only');
    const refused = deps.hookAuth?.refusal(req, agent);
    if (refused !== undefined) throw new HttpError(401, refused);
    const adapter = deps.adapters.get(agent);
    if (!adapter) throw new HttpError(404, `no hook adapter for agent "${agent}"`);
    requireJson(req);
    const body = await readBody(req, config.hooks.maxBodyBytes);
    let payload: unknown;
    try { payload = JSON.parse(body.toString('utf8')); } catch { throw new HttpError(400, 'body is not valid JSON'); }
    let event;
    try {
      event = adapter.normalise(payload, { ts: new Date().toISOString(), newId: newEventId });
    } catch (err) {
      if (err instanceof HookPayloadError) throw new HttpError(400, err.message);
      throw err;
    }
    // `agentwatch doctor`'s synthetic event (core/probe.ts): noted and answered, never stored, judged or counted.
    if (isProbeSession(event.sessionId)) {
      probes.set(event.sessionId!, { agent, hookEvent: event.hookEvent, ts: event.ts });
      send(res, 200, adapter.answer(event, { action: 'observe' }));
      return;
    }
    const gated = adapter.canBlock(event);
    if (arrival.shed) return shed(res, adapter, event, gated);
    // The pipeline's decision is final: it is taken within the budget (enforce) or the call proceeds. The
    // budget runs from the request's arrival: the time its body took and the requests before it count.
    const result = deps.pipeline.process(event, gated ? deps.mode?.policy(config.policy) ?? config.policy : undefined, arrival.ns);
    const elapsedMs = Number(process.hrtime.bigint() - arrival.ns) / 1e6;
    if (gated && elapsedMs > config.policy.decisionBudgetMs) load.count('lateDecisions');
    // Answered only once its event (and its alerts) are committed, so an acknowledged event survives kill -9.
    // A commit that fails (a full disk) still gets its answer: fail open, counted by the store.
    await stored();
    for (const a of result.alerts) hookLog.warn({ alert: { id: a.id, rule: a.rule, severity: a.severity, sessionId: a.sessionId, blocked: a.blocked }, reason: a.reason }, 'alert');
    hookLog.debug({ observed: { kind: result.event.kind, tool: result.event.tool?.name, sessionId: result.event.sessionId }, elapsedMs }, 'hook');
    const verdict = await deps.gate.verdict(result, {
      headless: () => deps.headless.isHeadless(event.sessionId, req.socket.remotePort, req.socket.localPort),
      gone: () => goneSignal(res),
      onHeld: (view) => holdOpen(res, view.deadline),
    });
    // Its answer is written after the wait, under headers sent when the hold began (holdOpen).
    const answer = adapter.answer(result.event, verdict);
    if (res.headersSent) res.end(JSON.stringify(answer)); else send(res, 200, answer);
    failures.delete(agent);
    // Pollers burst-scan after a PreToolUse: the tool's processes start right after it. A PostToolUse comes
    // when they are gone, so a burst then finds nothing and, in a busy session, never lets polling rest.
    if (result.event.kind === 'tool.call') deps.onHookActivity?.(result.event);
  }

  /**
   * A held call's connection stays open while the developer decides: no idle cut-off (the socket is silent
   * meanwhile), not counted against the in-flight cap, and the status sent now with the deadline, so the
   * `agentwatch hook` forwarder knows to wait for the body past its usual timeout.
   */
  function holdOpen(res: http.ServerResponse, deadline: string): void {
    res.socket?.setTimeout(0);
    load.held++;
    res.once('close', () => { load.held--; });
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', [HELD_UNTIL_HEADER]: deadline });
    res.flushHeaders();
  }

  /**
   * Overloaded when this hook arrived: nothing is judged now. A call the agent waits on proceeds (the
   * fail-open answer, as if the budget ran out) and is judged later off the queue; anything else is
   * answered 429 and may be sent again.
   */
  function shed(res: http.ServerResponse, adapter: HookAdapter, event: Event, gated: boolean): void {
    if (!gated) {
      load.count('rejected');
      res.setHeader('retry-after', '1');
      throw new HttpError(429, `agentwatch is overloaded (more than ${load.limits.maxInFlight} requests in flight); retry later`);
    }
    load.count('failOpen');
    send(res, 200, adapter.answer(event, { action: 'observe' }));
    deps.defer?.(event);
    // Enforce mode promised a verdict: one merged alert says calls went through without one.
    const now = Date.now();
    if (config.policy.mode === 'enforce' && now - lastOverloadAlert >= OVERLOAD_ALERT_EVERY_MS) {
      lastOverloadAlert = now;
      const alert = deps.pipeline.unjudged(event, `agentwatch was overloaded (more than ${load.limits.maxInFlight} requests in flight), so ${event.tool?.name ?? 'tool'} calls were allowed without a verdict; /v1/health counts them (server.failOpen).`);
      hookLog.warn({ alert: { id: alert.id, rule: alert.rule, count: alert.count }, failOpen: load.snapshot().failOpen }, 'overloaded: calls allowed unjudged');
    }
  }

  /** Only the token holder (the user's own CLI) may go on. */
  function requireToken(req: http.IncomingMessage): void {
    refuseBrowsers(req);
    if (deps.token === undefined || !tokenMatches(bearerOf(req), deps.token)) throw new HttpError(401, 'token required');
  }

  /** The JSON body of a request only the token holder (the user's own CLI) may make. */
  async function tokenJson(req: http.IncomingMessage, limit: number): Promise<unknown> {
    requireToken(req);
    requireJson(req);
    try { return JSON.parse((await readBody(req, limit)).toString('utf8')); } catch (err) {
      if (err instanceof SyntaxError) throw new HttpError(400, 'body is not valid JSON');
      throw err;
    }
  }

  async function handleProbe(req: http.IncomingMessage, res: http.ServerResponse, id: string): Promise<void> {
    requireToken(req);
    const seen = probes.get(id);
    if (!seen) throw new HttpError(404, 'this probe has not arrived');
    send(res, 200, { id, ...seen });
  }

  /** `agentwatch run` says a supervised session started or ended; fed to the pipeline like a hook event. */
  async function handlePty(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await tokenJson(req, 256 * 1024);
    let event: Event;
    try { event = ptySessionEvent(body, { ts: new Date().toISOString(), newId: newEventId }); } catch (err) {
      if (err instanceof PtySessionError) throw new HttpError(400, err.message);
      throw err;
    }
    const { id } = deps.pipeline.process(event).event;
    deps.onSupervisedSession?.(event);
    await stored();
    send(res, 200, { id });
  }

  /** Alerts raised outside the daemon (the live MCP scan): through the one alert path, so stored and streamed. */
  async function handleAlerts(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const body = await tokenJson(req, 4 * 1024 * 1024);
    let post: ReturnType<typeof alertPost>;
    try { post = alertPost(body); } catch (err) {
      if (err instanceof AlertPostError) throw new HttpError(400, err.message);
      throw err;
    }
    const alerts = post.drafts.map((d) => deps.pipeline.alerts.raise(d, post.ts).alert);
    for (const a of alerts) alertLog.warn({ alert: { id: a.id, rule: a.rule, severity: a.severity, count: a.count } }, 'alert raised by a client');
    await stored();
    send(res, 200, { alerts });
  }

  /** GET /v1/pending: the calls held for the developer now. */
  async function handlePendingList(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    requireToken(req);
    send(res, 200, { pending: deps.holds.list() });
  }

  /** POST /v1/pending/<id> `{"answer":"allow"|"deny"}`: a console decides a held call. */
  async function handleDecide(req: http.IncomingMessage, res: http.ServerResponse, id: string): Promise<void> {
    const answer = ((await tokenJson(req, 4096)) as { answer?: unknown } | null)?.answer;
    if (answer !== 'allow' && answer !== 'deny') throw new HttpError(400, 'answer must be "allow" or "deny"');
    const r = deps.holds.decide(id, answer);
    if (r === 'unknown') throw new HttpError(404, 'no such held call (unknown, or its time ran out)');
    if (r === 'decided') throw new HttpError(409, 'this held call was decided already');
    send(res, 200, { ok: true });
  }

  async function handleRotate(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const grace = ((await tokenJson(req, 4096)) as { graceSeconds?: unknown } | null)?.graceSeconds ?? 60;
    if (!deps.rotate) throw new HttpError(404, 'not found');
    if (!Number.isInteger(grace) || (grace as number) < 0 || (grace as number) > 86_400) throw new HttpError(400, 'graceSeconds must be a whole number of seconds, 0-86400');
    send(res, 200, deps.rotate(grace as number));
  }

  /** The tray's "pause enforcement": a switch that ends by itself; a switch to observe is also an alert. */
  async function handleMode(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!deps.mode) throw new HttpError(404, 'not found');
    if (req.method === 'GET') { requireToken(req); return send(res, 200, deps.mode.snapshot()); }
    let asked: ReturnType<typeof parseModeRequest>;
    try { asked = parseModeRequest(await tokenJson(req, 4096)); } catch (err) {
      if (err instanceof ModeRequestError) throw new HttpError(400, err.message);
      throw err;
    }
    const snap = deps.mode.set(asked.mode, asked.forS);
    log.warn({ mode: snap }, 'policy mode switched');
    if (snap.mode === 'observe' && snap.configured === 'enforce') {
      deps.pipeline.alerts.raise(pauseAlert(snap), new Date().toISOString());
      await stored();
    }
    send(res, 200, snap);
  }

  let webConsole: Promise<WebConsole> | undefined;
  function loadConsole(): Promise<WebConsole> {
    webConsole ??= import('./console/index.js').then(({ createConsole }) => {
      const c = createConsole({
        ...deps.console!, token: () => deps.token, tokenMatches, bearerOf, publish: (m) => deps.stream.publish(m), health: deps.health, readBody,
      });
      deps.stream.cookieAuth = (req) => c.auth.valid(req);
      return c;
    });
    return webConsole;
  }

  const HOOK_PATH = /^\/v1\/hooks\/([a-z0-9-]+)$/;
  /** The handler of a request, by its method and path. */
  function routeOf(req: http.IncomingMessage, res: http.ServerResponse, arrival: Arrival): Promise<void> {
    // A hook post's path is plain (/v1/hooks/<agent>, no query or escapes): routed before any URL is built,
    // ~10 µs of every hook's answer. Any other request (or a hook path that is not plain) is parsed.
    const plainHook = req.method === 'POST' ? HOOK_PATH.exec(req.url ?? '') : null;
    if (plainHook) return handleHook(req, res, plainHook[1]!, arrival);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const hook = HOOK_PATH.exec(url.pathname);
    const probe = /^\/v1\/probes\/([A-Za-z0-9-]{1,200})$/.exec(url.pathname);
    const pending = /^\/v1\/pending\/([A-Za-z0-9-]{1,100})$/.exec(url.pathname);
    return hook && req.method === 'POST'
      ? handleHook(req, res, hook[1]!, arrival)
      : url.pathname === '/v1/pty/sessions' && req.method === 'POST'
        ? handlePty(req, res)
      : url.pathname === '/v1/alerts' && req.method === 'POST'
        ? handleAlerts(req, res)
      : url.pathname === '/v1/pending' && req.method === 'GET'
        ? handlePendingList(req, res)
      : pending && req.method === 'POST'
        ? handleDecide(req, res, pending[1]!)
      : url.pathname === '/v1/mode' && (req.method === 'POST' || req.method === 'GET')
        ? handleMode(req, res)
      : url.pathname === '/v1/token/rotate' && req.method === 'POST'
        ? handleRotate(req, res)
      : probe && req.method === 'GET'
        ? handleProbe(req, res, probe[1]!)
      : url.pathname === '/v1/telemetry'
        ? (deps.telemetry ? new Promise<void>((done) => done(deps.telemetry!.handle(req, res))) : Promise.reject(new HttpError(404, 'telemetry is off (set telemetry.enabled in the config)')))
      : url.pathname === '/v1/health' && req.method === 'GET'
        ? Promise.resolve(send(res, 200, deps.health()))
      : deps.console && isConsolePath(url.pathname)
        ? loadConsole().then((c) => c.handle(req, res, url))
        : Promise.reject(new HttpError(404, 'not found'));
  }

  const request: http.RequestListener = (req, res) => {
    // listen.ts counted this request in flight just now: this is its arrival, before the body is read.
    const arrival: Arrival = { ns: process.hrtime.bigint(), shed: load.overloaded };
    const route = routeOf(req, res, arrival);
    route.catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) log.error({ err }, 'request failed');
      if (!res.headersSent) {
        if (status === 413) res.setHeader('connection', 'close');
        send(res, status, { error: err instanceof HttpError ? err.message : 'internal error' });
      } else if (!res.writableEnded) res.end(); // a held call that failed: an empty body, so the call fails open
    });
  };
  const upgrade: Routes['upgrade'] = (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/v1/stream') deps.stream.handleUpgrade(req, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  };
  const hookHealth = () => Object.fromEntries([...deps.adapters.keys()].map((a): [string, CollectorState] => {
    const lastError = failures.get(a);
    return [`hooks.${a}`, lastError ? { ok: false, status: 'degraded', reason: lastError, tier: 'hooks', lastError } : { ok: true, status: 'ok', tier: 'hooks' }];
  }));
  return { request, upgrade, hookHealth };
}

