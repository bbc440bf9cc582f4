// The console's link to the daemon: the WebSocket stream (reconnecting with backoff, finding the daemon
// anew through daemon.json each time: a restarted daemon may listen on another port), the REST calls
// behind the keys, and the history read from the store (what `agentwatch alerts` and `events` read).
import fs from 'node:fs';
import WebSocket from 'ws';
import { openDatabase, openReadOnly } from '../../daemon/store/database.js';
import { lastSeqs, queryAlerts, queryEvents } from '../../daemon/store/event-store.js';
import { ackAlert } from '../../daemon/store/baseline-store.js';
import { readDaemonInfo, readToken, stateFiles } from '../../daemon/state-dir.js';
import { TOKEN_ROTATED } from '../../daemon/stream.js';
import type { Alert, Event } from '../../core/event.js';
import type { Connection, Pending } from './model.js';

export interface Endpoint { port: number; token: string }

/** Backoff between reconnects: 0.5 s doubling to 5 s, so a restarted daemon is found within seconds. */
export function backoffMs(attempt: number): number {
  return Math.min(5000, 500 * 2 ** Math.min(attempt, 4));
}

export interface StreamHandlers {
  onMessage(msg: { type?: unknown; [k: string]: unknown }): void;
  onConnection(c: Connection): void;
  /** Connected (again): the caller reloads history, so nothing raised while we were away is missed. */
  onConnected(endpoint: Endpoint): void;
}

export class ConsoleClient {
  private ws: WebSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private stopped = false;

  constructor(private readonly stateDir: string, private readonly port: number | undefined, private readonly on: StreamHandlers) {}

  /** Where the daemon is now (daemon.json and the token file), or why it cannot be reached. */
  endpoint(): Endpoint | string {
    const info = readDaemonInfo(this.stateDir);
    const token = readToken(this.stateDir);
    if (!info) return 'no daemon is running';
    if (!token) return 'no token in the state dir';
    return { port: this.port ?? info.port, token };
  }

  start(): void {
    if (this.stopped) return;
    const at = this.endpoint();
    if (typeof at === 'string') return this.retry(at);
    const ws = new WebSocket(`ws://127.0.0.1:${at.port}/v1/stream?topics=events,alerts,agents,status,pending`, { headers: { authorization: `Bearer ${at.token}` } });
    this.ws = ws;
    let opened = false;
    ws.on('open', () => {
      opened = true;
      this.attempt = 0;
      ws.send(JSON.stringify({ type: 'subscribe', topics: ['events', 'alerts', 'agents', 'status', 'pending'] }));
      this.on.onConnection({ state: 'connected', port: at.port });
      this.on.onConnected(at);
    });
    ws.on('message', (data) => {
      try { this.on.onMessage(JSON.parse(data.toString()) as { type?: unknown }); } catch { /* a message that is not JSON is not ours to show */ }
    });
    ws.on('unexpected-response', (_req, res) => { ws.terminate(); this.retry(`stream refused: HTTP ${res.statusCode ?? '?'}`); });
    ws.on('error', () => undefined); // 'close' follows and retries
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.retry(code === TOKEN_ROTATED ? 'the token was rotated' : opened ? 'the daemon went away' : 'the daemon does not answer');
    });
  }

  private retry(why: string): void {
    if (this.stopped || this.timer) return;
    const ms = backoffMs(this.attempt++);
    this.on.onConnection({ state: 'disconnected', retryInMs: ms, why });
    this.timer = setTimeout(() => { this.timer = undefined; this.start(); }, ms);
  }

  send(msg: object): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  /** A token-authenticated JSON request to the daemon; `undefined` status when it cannot be reached. */
  async request(method: 'GET' | 'POST', path: string, body?: object): Promise<{ status?: number; json?: unknown; error?: string }> {
    const at = this.endpoint();
    if (typeof at === 'string') return { error: at };
    try {
      const res = await fetch(`http://127.0.0.1:${at.port}${path}`, {
        method, headers: { authorization: `Bearer ${at.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(5000),
      });
      const text = await res.text();
      let json: unknown;
      try { json = JSON.parse(text); } catch { json = undefined; }
      return { status: res.status, json };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.ws?.terminate();
  }
}

/** The newest stored alerts and events (what the console shows before anything new arrives). */
export function readHistory(stateDir: string, alerts = 200, events = 1000): { alerts: Alert[]; events: Event[] } {
  const file = stateFiles(stateDir).db;
  if (!fs.existsSync(file)) return { alerts: [], events: [] };
  const db = openReadOnly(file);
  try {
    const last = lastSeqs(db);
    return {
      alerts: queryAlerts(db, { afterSeq: Math.max(0, last.alerts - alerts), limit: alerts }).map((r) => r.alert),
      events: queryEvents(db, { afterSeq: Math.max(0, last.events - events), limit: events }).map((r) => r.event),
    };
  } finally {
    db.close();
  }
}

/** A session's stored events in the order they happened: its tool calls interleaved with their OS effects. */
export function readTimeline(stateDir: string, sessionId: string, limit = 2000): Event[] {
  const file = stateFiles(stateDir).db;
  if (!fs.existsSync(file)) return [];
  const db = openReadOnly(file);
  try {
    return queryEvents(db, { sessionId, limit }).map((r) => r.event).sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));
  } finally {
    db.close();
  }
}

/**
 * "This was me" where the daemon has no console API yet: the same store write `agentwatch alerts ack
 * --this-was-me` makes (daemon/cli/ack-command.ts).
 */
export function thisWasMeInStore(stateDir: string, alertId: string, scope: 'session' | 'project' | 'agent'): string {
  const { db } = openDatabase(stateFiles(stateDir).db);
  try { return ackAlert(db, alertId, { thisWasMe: true, scope }).message; } finally { db.close(); }
}

export type { Pending };
