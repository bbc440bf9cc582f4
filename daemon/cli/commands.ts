// What each CLI command does once yargs has parsed it. Printing goes through `out` so tests can capture it.
// The config loader is imported when used (the daemon itself runs from daemon-command.ts): `agentwatch hook`
// runs on every agent hook call and must not pay for loading the whole daemon.
import fs from 'node:fs';
import { openReadOnly } from '../store/database.js';
import { queryAlerts, queryEvents } from '../store/event-store.js';
import { readDaemonInfo, stateFiles } from '../state-dir.js';
import { AgentwatchError } from '../../core/errors.js';
import { daemonEndpoint, parseSince, stateDirOf, type CommonArgs } from './options.js';
import { formatAlert, formatEvent } from './format.js';
import { follow } from './follow.js';
import type { Alert, Event } from '../../core/event.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

export async function statusCommand(args: CommonArgs): Promise<void> {
  const dir = stateDirOf(args);
  const info = readDaemonInfo(dir);
  if (!info) {
    if (args.json) out(JSON.stringify({ running: false, stateDir: dir }));
    else out(`agentwatch: not running (state dir ${dir})`);
    process.exitCode = 1;
    return;
  }
  const res = await fetch(`http://127.0.0.1:${info.port}/v1/health`).catch((err: Error) => { throw new AgentwatchError('AW_ERR_NOT_RUNNING', `daemon pid ${info.pid} does not answer on port ${info.port}: ${err.message}`); });
  const health = (await res.json()) as {
    version: string; uptimeS: number; policy?: string; status?: string; tier?: { active: string; why?: string };
    itPolicy?: { file?: string; source?: string; reason?: string; locked?: Record<string, unknown> };
    components?: Record<string, { status: string; reason?: string; [count: string]: unknown }>;
    collectors: Record<string, { ok: boolean; status?: string; reason?: string; tier?: string; detail?: string; lastError?: string }>;
  };
  if (args.json) { out(JSON.stringify({ running: true, stateDir: dir, ...info, ...health })); return; }
  out(`agentwatch ${health.version}: running, pid ${info.pid}, port ${info.port}, up ${health.uptimeS}s, policy ${health.policy ?? 'observe'}`);
  out(`status: ${health.status ?? 'ok'}`);
  // What the IT policy locks (daemon/config/it-policy.ts): those values are the policy's whatever the user's config says.
  const lock = health.itPolicy;
  if (lock?.locked && Object.keys(lock.locked).length > 0) {
    out(`locked by ${lock.file}${lock.source === 'last-good' ? ' (its last good copy)' : ''}: ${Object.entries(lock.locked).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`);
  }
  out(`state dir: ${dir}`);
  // Which process/network tier runs, and why not a better one (e.g. "kernel: needs root").
  if (health.tier) out(`process tier: ${health.tier.active}${health.tier.why ? ` (${health.tier.why})` : ''}`);
  const state = (c: { status?: string; ok?: boolean; reason?: string; lastError?: string }) => {
    const status = c.status ?? (c.ok ? 'ok' : 'degraded');
    return status === 'ok' ? status : `${status} (${c.reason ?? c.lastError ?? 'unknown'})`;
  };
  // A component's counts (the server's connections and what it turned away, the queue's drops …) follow its state.
  const counts = (c: Record<string, unknown>) => Object.entries(c).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${String(v)}`).join(', ');
  for (const [name, c] of Object.entries(health.components ?? {})) out(`  ${name}: ${state(c)}${counts(c) ? ` — ${counts(c)}` : ''}`);
  for (const [name, c] of Object.entries(health.collectors)) {
    out(`  ${name}: ${state(c)}${c.tier && c.tier !== 'hooks' ? ` — ${c.tier}` : ''}${c.detail ? ` — ${c.detail}` : ''}`);
  }
}

function withDb<T>(args: CommonArgs, fn: (db: ReturnType<typeof openReadOnly>) => T): T {
  const file = stateFiles(stateDirOf(args)).db;
  if (!fs.existsSync(file)) throw new AgentwatchError('AW_ERR_NO_DATA', `no database at ${file} yet (has the daemon run?)`);
  const db = openReadOnly(file);
  try { return fn(db); } finally { db.close(); }
}

interface QueryArgs extends CommonArgs { since?: string; session?: string; follow?: boolean; limit?: number }

export async function eventsCommand(args: QueryArgs): Promise<void> {
  const since = args.since === undefined ? undefined : parseSince(args.since);
  const print = (e: Event) => out(args.json ? JSON.stringify(e) : formatEvent(e));
  const endpoint = args.follow ? daemonEndpoint(args) : undefined;
  const stored = fs.existsSync(stateFiles(stateDirOf(args)).db) || !args.follow
    ? withDb(args, (db) => queryEvents(db, { sessionId: args.session, since, limit: args.limit ?? 1000 })) : [];
  // Hook intent and OS effects arrive by different paths: show them in the order they happened (ts), then
  // stored (seq). A session's start heads its listing: a command hook (SessionStart) fires first but reaches us
  // ~200 ms later, after the OS already reported the agent's startup processes.
  const heads = (e: Event) => (args.session !== undefined && e.kind === 'session.start' ? 0 : 1);
  const ordered = [...stored].sort((a, b) => heads(a.event) - heads(b.event)
    || (a.event.ts < b.event.ts ? -1 : a.event.ts > b.event.ts ? 1 : a.seq - b.seq));
  for (const { event } of ordered) print(event);
  if (endpoint) await follow(endpoint.port, endpoint.token, 'events', (e) => { if (!args.session || (e as Event).sessionId === args.session) print(e as Event); });
}

export async function alertsCommand(args: QueryArgs): Promise<void> {
  const since = args.since === undefined ? undefined : parseSince(args.since);
  const print = (a: Alert) => out(args.json ? JSON.stringify(a) : formatAlert(a));
  const endpoint = args.follow ? daemonEndpoint(args) : undefined;
  const stored = fs.existsSync(stateFiles(stateDirOf(args)).db) || !args.follow
    ? withDb(args, (db) => queryAlerts(db, { since, sessionId: args.session, limit: args.limit ?? 1000 })) : [];
  // Read back, an alert acknowledged since (from the CLI, a console or the stream) carries `acknowledged: true`.
  for (const { alert } of stored) print(alert);
  if (endpoint) await follow(endpoint.port, endpoint.token, 'alerts', (a) => { if (!args.session || (a as Alert).sessionId === args.session) print(a as Alert); });
}

export { installCommand, uninstallCommand, printReport } from './install-command.js';
