// What the terminal console shows, as plain data: alerts (newest first), sessions, held actions and the
// connection. Pure: the stream client feeds messages in, the views read it out; tests drive it directly.
import type { Alert, Event } from '../../core/event.js';

/** A PreToolUse held by a `hold` policy answer, waiting for the developer (the stream's `pending`). */
export interface Pending {
  id: string;
  sessionId?: string;
  agent: { kind: string };
  tool: { name: string; input?: unknown };
  rule?: string;
  severity?: string;
  title?: string;
  reason?: string;
  steps?: { ts: string; kind: string; summary: string }[];
  createdAt?: string;
  deadline?: string;
  fallback?: string;
}

export interface SessionRow { id: string; agent: string; cwd?: string; events: number; lastTs: string }

export type Connection = { state: 'connecting' } | { state: 'connected'; port: number } | { state: 'disconnected'; retryInMs: number; why: string };

export interface ConsoleModel {
  alerts: Alert[];
  sessions: SessionRow[];
  pending: Pending[];
  connection: Connection;
}

/** Kept in memory at most: the console is a live view, `agentwatch alerts` has the rest. */
export const MAX_ALERTS = 500;
export const MAX_SESSIONS = 200;

export const emptyModel = (): ConsoleModel => ({ alerts: [], sessions: [], pending: [], connection: { state: 'connecting' } });

/** A new or merged alert: a repeat (same id) replaces the old row and moves to the top. */
export function withAlert(m: ConsoleModel, a: Alert): ConsoleModel {
  const old = m.alerts.find((x) => x.id === a.id);
  const merged = old?.acknowledged && a.acknowledged === undefined ? { ...a, acknowledged: true } : a;
  return { ...m, alerts: [merged, ...m.alerts.filter((x) => x.id !== a.id)].slice(0, MAX_ALERTS) };
}

export function withAck(m: ConsoleModel, alertId: string): ConsoleModel {
  return { ...m, alerts: m.alerts.map((a) => (a.id === alertId ? { ...a, acknowledged: true } : a)) };
}

/** An event counts toward its session's row; the most recently active session comes first. */
export function withEvent(m: ConsoleModel, e: Event): ConsoleModel {
  if (!e.sessionId) return m;
  const old = m.sessions.find((s) => s.id === e.sessionId);
  const row: SessionRow = {
    id: e.sessionId, agent: e.agent.kind, cwd: old?.cwd ?? e.cwd, events: (old?.events ?? 0) + 1,
    lastTs: old && old.lastTs > e.ts ? old.lastTs : e.ts,
  };
  const rest = m.sessions.filter((s) => s.id !== e.sessionId);
  return { ...m, sessions: [row, ...rest].sort((a, b) => (a.lastTs < b.lastTs ? 1 : a.lastTs > b.lastTs ? -1 : 0)).slice(0, MAX_SESSIONS) };
}

export function withPending(m: ConsoleModel, p: Pending): ConsoleModel {
  return { ...m, pending: [...m.pending.filter((x) => x.id !== p.id), p] };
}

export function withoutPending(m: ConsoleModel, id: string): ConsoleModel {
  return { ...m, pending: m.pending.filter((x) => x.id !== id) };
}

/** One stream message (daemon/stream.ts, and the held-action messages) applied to the model. */
export function applyMessage(m: ConsoleModel, msg: { type?: unknown; [k: string]: unknown }): ConsoleModel {
  if (msg.type === 'alert' && isObject(msg.alert)) return withAlert(m, msg.alert as unknown as Alert);
  if (msg.type === 'event' && isObject(msg.event)) return withEvent(m, msg.event as unknown as Event);
  if (msg.type === 'pending' && isObject(msg.pending) && typeof msg.pending.id === 'string') return withPending(m, msg.pending as unknown as Pending);
  if (msg.type === 'resolved' && typeof msg.pendingId === 'string') return withoutPending(m, msg.pendingId);
  return m;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `12s`, `4m`, `3h`, `2d`: how long ago, in the fewest characters. */
export function age(ts: string, now: number): string {
  const s = Math.max(0, Math.round((now - Date.parse(ts)) / 1000));
  if (Number.isNaN(s)) return '?';
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m` : s < 86_400 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 86_400)}d`;
}
