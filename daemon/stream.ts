// GET /v1/stream: the live WebSocket feed of events and alerts for consoles and `--follow`.
// Token-authenticated (or by the web console's session cookie), Origin-checked; a client that cannot keep up is dropped, never waited for.
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer, WebSocket } from 'ws';
import { bearerOf, tokenMatches } from './listen.js';

export type Topic = 'events' | 'alerts' | 'agents' | 'status' | 'pending';
const TOPICS: readonly Topic[] = ['events', 'alerts', 'agents', 'status', 'pending'];
const TOPIC_OF: Record<string, Topic> = { event: 'events', alert: 'alerts', agent: 'agents', status: 'status', pending: 'pending', resolved: 'pending' };

/** The held calls (daemon/hold/pending.ts), as the stream sees them: listed to a new console, decided by one. */
export interface PendingSource {
  list(): { id: string }[];
  decide(id: string, answer: 'allow' | 'deny'): 'ok' | 'unknown' | 'decided';
}

interface Client { ws: WebSocket; topics: Set<Topic> }
const OPEN = 1; // WebSocket.OPEN, without loading ws for it

export interface StreamOptions {
  token: string;
  maxBufferedBytes: number;
  /** Clients at most; one more is refused with 503. */
  maxClients: number;
  /** Origins besides the daemon's own that may connect (a browser console). */
  allowedOrigins: readonly string[];
  onAck?: (alertId: string) => void;
}

/** The close code a stream client gets when `agentwatch token rotate` cut it off. */
export const TOKEN_ROTATED = 4001;

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}

export class StreamHub {
  // ws loads on the first stream client: a daemon nobody follows live never holds it (~1.3 MB of heap).
  private wss: Promise<WebSocketServer> | undefined;
  private closed = false;
  private readonly clients = new Set<Client>();
  dropped = 0;
  sent = 0;
  /** Clients refused over maxClients. */
  refused = 0;
  /** Told of each client refused over maxClients (the server's load counters). */
  onRefused: (() => void) | undefined;
  /** The held calls, once the hold registry exists (the serve step). */
  pending: PendingSource | undefined;
  private token: string;
  /** Whether a request carries a live web console session cookie (daemon/console, once it loaded). */
  cookieAuth: ((req: http.IncomingMessage) => boolean) | undefined;

  constructor(private readonly opts: StreamOptions, private readonly ownOrigins: () => string[]) {
    this.token = opts.token;
  }

  /** `agentwatch token rotate`: only the new token opens the stream, and every client the old one let in is cut off. */
  rotateToken(token: string): void {
    this.token = token;
    for (const c of this.clients) c.ws.close(TOKEN_ROTATED, 'token rotated');
    this.clients.clear();
  }

  /** Handles an HTTP upgrade on /v1/stream; anything that fails a check gets a plain HTTP error. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const origin = req.headers.origin;
    if (origin !== undefined && ![...this.ownOrigins(), ...this.opts.allowedOrigins].includes(origin)) return reject(socket, 403, 'Forbidden');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const given = bearerOf(req) ?? url.searchParams.get('token') ?? undefined;
    // The web console's page holds no token: its session cookie opens the stream, from the daemon's own origin only.
    const viaCookie = given === undefined && this.cookieAuth?.(req) === true;
    if (viaCookie && (origin === undefined || !this.ownOrigins().includes(origin))) return reject(socket, 403, 'Forbidden');
    if (!viaCookie && !tokenMatches(given, this.token)) return reject(socket, 401, 'Unauthorized');
    if (this.clients.size >= this.opts.maxClients) {
      this.refused++;
      this.onRefused?.();
      return reject(socket, 503, 'Service Unavailable');
    }
    const wanted = url.searchParams.get('topics')?.split(',').filter((t): t is Topic => (TOPICS as string[]).includes(t));
    const topics = new Set<Topic>(wanted?.length ? wanted : TOPICS);
    this.server().then((wss) => {
      if (this.closed) return void socket.destroy();
      wss.handleUpgrade(req, socket, head, (ws) => this.add(ws, topics));
    }, () => reject(socket, 500, 'Internal Server Error'));
  }

  private server(): Promise<WebSocketServer> {
    this.wss ??= import('ws').then(({ WebSocketServer: Server }) => new Server({ noServer: true, maxPayload: 64 * 1024 }));
    return this.wss;
  }

  private add(ws: WebSocket, topics: Set<Topic>): void {
    const client: Client = { ws, topics };
    this.clients.add(client);
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => { this.clients.delete(client); ws.terminate(); });
    ws.on('message', (data) => this.onMessage(client, data.toString()));
    ws.send(JSON.stringify({ type: 'status', subscribed: [...topics] }));
    this.sendPending(client);
  }

  /** A console that (newly) listens to `pending` is told of every call held now, at once. */
  private sendPending(client: Client): void {
    if (!client.topics.has('pending')) return;
    for (const p of this.pending?.list() ?? []) client.ws.send(JSON.stringify({ type: 'pending', pending: p }));
  }

  private onMessage(client: Client, text: string): void {
    let msg: { type?: unknown; topics?: unknown; alertId?: unknown; pendingId?: unknown; answer?: unknown } | null;
    try { msg = JSON.parse(text) as typeof msg; } catch { return void client.ws.send(JSON.stringify({ type: 'error', error: 'message is not JSON' })); }
    // `null`, a number or a list is JSON too; reading `.type` of null threw inside the socket's handler and took the daemon down.
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return void client.ws.send(JSON.stringify({ type: 'error', error: 'message is not a JSON object' }));
    if (msg.type === 'subscribe' && Array.isArray(msg.topics)) {
      const had = client.topics.has('pending');
      client.topics = new Set(msg.topics.filter((t): t is Topic => (TOPICS as unknown[]).includes(t)));
      client.ws.send(JSON.stringify({ type: 'status', subscribed: [...client.topics] }));
      if (!had) this.sendPending(client);
    } else if (msg.type === 'ack' && typeof msg.alertId === 'string') {
      this.opts.onAck?.(msg.alertId);
    } else if (msg.type === 'decide') {
      this.decide(client, msg.pendingId, msg.answer);
    }
  }

  /** A console's answer to a held call; the outcome reaches every console as a `resolved` message, a refusal only this one. */
  private decide(client: Client, pendingId: unknown, answer: unknown): void {
    const refuse = (error: string) => client.ws.send(JSON.stringify({ type: 'error', error, ...(typeof pendingId === 'string' ? { pendingId } : {}) }));
    if (typeof pendingId !== 'string' || (answer !== 'allow' && answer !== 'deny')) return refuse('decide needs a pendingId and an answer of "allow" or "deny"');
    const r = this.pending?.decide(pendingId, answer) ?? 'unknown';
    if (r === 'unknown') refuse('no such held call (unknown, or its time ran out)');
    else if (r === 'decided') refuse('this held call was decided already');
  }

  /** Sends to every subscribed client; drops clients whose unsent backlog is over the limit. */
  publish(msg: { type: string; [field: string]: unknown }): void {
    const topic = TOPIC_OF[msg.type];
    if (topic === undefined || this.clients.size === 0) return;
    let text: string | undefined;
    for (const c of this.clients) {
      if (!c.topics.has(topic) || c.ws.readyState !== OPEN) continue;
      if (c.ws.bufferedAmount > this.opts.maxBufferedBytes) {
        this.dropped++;
        this.clients.delete(c);
        c.ws.terminate();
        continue;
      }
      text ??= JSON.stringify(msg);
      c.ws.send(text);
      this.sent++;
    }
  }

  /** Whether a console could answer a held call now: an authenticated client listening to `pending`. */
  get consoleConnected(): boolean {
    for (const c of this.clients) if (c.topics.has('pending') && c.ws.readyState === OPEN) return true;
    return false;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Idempotent: the server step and the stream output both close it at shutdown. */
  close(): void {
    // terminate, not close: a stuck client would never finish the closing handshake.
    for (const c of this.clients) c.ws.terminate();
    this.clients.clear();
    this.closed = true;
    void this.wss?.then((wss) => wss.close(), () => undefined);
  }
}
