// The console's calls to the daemon: same origin, the session cookie rides along; never a token.
import type { Alert, Event } from '../../core/event.js';

export type ConsoleAlert = Alert & { acked: boolean; seq: number };
export interface Session { id: string; agent: string; cwd?: string; firstTs: string; lastTs: string; endedTs?: string; lastHookTs?: string; events: number; alerts: number; openAlerts: number }
export interface Pending {
  id: string; sessionId?: string; agent: { kind: string }; tool: { name: string; input?: unknown }; rule: string; severity: string;
  title: string; reason: string; steps: { ts: string; kind: string; summary: string }[]; createdAt: string; deadline: string; fallback: string;
}
export interface Baseline {
  agent: string; project: string; sessions: number; firstTs: string; updatedTs: string;
  hosts: Count[]; programs: Count[]; ngrams: Count[]; minuteRates: number[]; outsideReads: number[]; lastAnomaly?: ConsoleAlert;
}
export interface Count { item: string; sessions: number }
export type { Alert, Event };

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${((await res.json().catch(() => ({}))) as { error?: string }).error ?? ''}`);
  return (await res.json()) as T;
}

export async function postJson<T>(path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(path, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const out = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(out.error ?? `HTTP ${res.status}`);
  return out;
}
