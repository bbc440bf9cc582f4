// The console's writes: acknowledge, "this was me" in a scope, mute a rule for a project, re-pin an MCP
// server. Each returns {ok, message} (and what it stored); a bad request is an ActionError (400/404).
import type { Alert } from '../../core/event.js';
import type { DB } from './database.js';
import { ackAlert } from './baseline-store.js';
import { ACK_SCOPES, type AckScope } from '../../detectors/baseline/allowance.js';
import { ANOMALY_RULE } from '../../detectors/baseline/anomaly-finding.js';
import type { Mute, Mutes } from './mutes.js';

export class ActionError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

export interface ActionDeps {
  db: DB;
  mutes: Mutes;
  /** BaselineService.ack: records "this was me" for a behavior-anomaly alert and applies it at once. */
  trainBaseline(alertId: string, scope: AckScope): { ok: boolean; message: string };
  /** Tells every console (stream `alert` message) that an alert changed. */
  publish(alert: Alert): void;
}

interface Row { id: string; session_id: string | null; rule: string; dedupe_key: string; body: string }

function alertRow(db: DB, id: string): Row {
  const row = db.prepare('SELECT id, session_id, rule, dedupe_key, body FROM alerts WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new ActionError(404, `no alert with id ${id}`);
  return row;
}

function announce(deps: ActionDeps, row: Row): void {
  deps.publish({ ...(JSON.parse(row.body) as Alert), acknowledged: true });
}

export function acknowledge(deps: ActionDeps, id: string) {
  const row = alertRow(deps.db, id);
  const r = ackAlert(deps.db, row.id);
  if (!r.ok) throw new ActionError(400, r.message);
  announce(deps, row);
  return r;
}

/**
 * "This was me": acknowledged, and the same behaviour stops alerting in the scope. A behavior-anomaly alert
 * trains the baseline (its items join the scope's allowance); any other rule's finding with the same dedupe
 * key is muted in the scope (daemon/mutes.ts).
 */
export function thisWasMe(deps: ActionDeps, id: string, scope: unknown): { ok: boolean; message: string; mute?: Mute } {
  if (typeof scope !== 'string' || !(ACK_SCOPES as readonly string[]).includes(scope)) throw new ActionError(400, 'scope must be "session", "project" or "agent"');
  const row = alertRow(deps.db, id);
  const alert = JSON.parse(row.body) as Alert;
  if (scope === 'session' && !row.session_id) throw new ActionError(400, `alert ${id} has no session; choose scope project or agent`);
  if (row.rule === ANOMALY_RULE) {
    const r = deps.trainBaseline(row.id, scope as AckScope);
    if (!r.ok) throw new ActionError(400, r.message);
    announce(deps, row);
    return r;
  }
  const project = scope === 'project' ? projectOfSession(deps, row.session_id) : '*';
  if (project === undefined) throw new ActionError(400, `alert ${id}'s session has no known project; choose scope session or agent`);
  ackAlert(deps.db, row.id);
  const mute = deps.mutes.add({ rule: row.rule, key: row.dedupe_key, scope: scope as AckScope, agent: alert.agent.kind, project, sessionId: scope === 'session' ? row.session_id! : '', alertId: row.id });
  announce(deps, row);
  const where = scope === 'session' ? `in session ${row.session_id}` : scope === 'project' ? `for ${alert.agent.kind} in ${project}` : `for ${alert.agent.kind} in every project`;
  return { ok: true, message: `alert ${row.id} acknowledged as yours; the same ${row.rule} behaviour no longer alerts ${where}`, mute };
}

function projectOfSession(deps: ActionDeps, sessionId: string | null): string | undefined {
  if (!sessionId) return undefined;
  const cwd = (deps.db.prepare('SELECT cwd FROM sessions WHERE id = ?').get(sessionId) as { cwd: string | null } | undefined)?.cwd;
  return deps.mutes.projectOf({ sessionId, cwd: cwd ?? undefined });
}

/** Mutes `rule` for every agent in `project` (a directory, as sessions' cwd names it). */
export function muteRule(deps: ActionDeps, body: unknown) {
  const { rule, project } = (body ?? {}) as { rule?: unknown; project?: unknown };
  if (typeof rule !== 'string' || !/^[A-Za-z0-9._:-]{1,100}$/.test(rule)) throw new ActionError(400, 'rule must be a rule name');
  if (typeof project !== 'string' || !project.startsWith('/') || project.length > 4096) throw new ActionError(400, 'project must be an absolute directory path');
  const mute = deps.mutes.add({ rule, scope: 'project', agent: '*', project, sessionId: '' });
  return { ok: true, message: `rule ${rule} muted in ${project}`, mute };
}

/**
 * Re-pin an MCP server after review: its pin is dropped, so the next live scan (`agentwatch mcp --scan`)
 * pins what the server says then, and the open rug-pull alerts of that server are acknowledged.
 */
export function repin(deps: ActionDeps, key: string) {
  const dropped = deps.db.prepare('DELETE FROM mcp_pins WHERE server_key = ?').run(key).changes;
  if (dropped === 0) throw new ActionError(404, `no pinned MCP server ${key}`);
  const open = deps.db.prepare("SELECT id, session_id, rule, dedupe_key, body FROM alerts WHERE rule = 'mcp-rug-pull' AND acked = 0 AND instr(body, ?) > 0").all(key) as Row[];
  for (const row of open) { ackAlert(deps.db, row.id); announce(deps, row); }
  return { ok: true, message: `MCP server ${key} re-pinned: the next scan pins what it serves then${open.length ? ` (${open.length} rug-pull alert(s) acknowledged)` : ''}` };
}
