// Baselines and acknowledgements on disk: one row per agent×project model (JSON, saved in one
// transaction per batch), and one row per acknowledged item. `ackAlert` is the CLI's entry point.
import type { DB } from './database.js';
import type { AckResult, AckRow, BaselinePersistence } from '../baseline-service.js';
import { isBaselineModel, type BaselineModel } from '../../detectors/baseline/model.js';
import { ACK_SCOPES, decodeAnomalyKey, type AckScope } from '../../detectors/baseline/allowance.js';
import { ANOMALY_RULE } from '../../detectors/baseline/anomaly-finding.js';

export interface BaselineSummary { agent: string; project: string; sessions: number; firstTs: string; updatedTs: string }

export class BaselineStore implements BaselinePersistence {
  private readonly stmt;
  private readonly saveBatch;

  constructor(private readonly db: DB) {
    this.stmt = {
      keys: db.prepare('SELECT agent, project FROM baselines ORDER BY updated_ts DESC'),
      load: db.prepare('SELECT model_json FROM baselines WHERE agent = ? AND project = ?'),
      save: db.prepare(`INSERT INTO baselines (agent, project, model_json, sessions, first_ts, updated_ts) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT(agent, project) DO UPDATE SET model_json = excluded.model_json, sessions = excluded.sessions, updated_ts = excluded.updated_ts`),
      acksSince: db.prepare('SELECT id, scope, agent, project, session_id AS sessionId, item, ts FROM baseline_acks WHERE id > ? ORDER BY id LIMIT ?'),
      addAck: db.prepare('INSERT INTO baseline_acks (scope, agent, project, session_id, item, ts, alert_id) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    };
    this.saveBatch = db.transaction((models: readonly BaselineModel[]) => {
      for (const m of models) this.stmt.save.run(m.agent, m.project, JSON.stringify(m), m.sessions, m.firstTs, m.updatedTs);
    });
  }

  storedKeys(): { agent: string; project: string }[] {
    return this.stmt.keys.all() as { agent: string; project: string }[];
  }

  loadModel(agent: string, project: string): BaselineModel | undefined {
    const row = this.stmt.load.get(agent, project) as { model_json: string } | undefined;
    if (!row) return undefined;
    const model: unknown = JSON.parse(row.model_json);
    return isBaselineModel(model) ? model : undefined;
  }

  saveModels(models: readonly BaselineModel[]): void {
    if (models.length > 0) this.saveBatch(models);
  }

  acksSince(afterId: number, limit: number): AckRow[] {
    return this.stmt.acksSince.all(afterId, limit) as AckRow[];
  }

  addAcks(rows: readonly Omit<AckRow, 'id'>[]): void {
    this.db.transaction(() => { for (const r of rows) this.stmt.addAck.run(r.scope, r.agent, r.project, r.sessionId, r.item, r.ts, null); })();
  }

  ackAlert(alertId: string, opts: { thisWasMe: boolean; scope: AckScope }): AckResult {
    return ackAlert(this.db, alertId, opts);
  }

  /** What is stored, without the models themselves (status and tests). */
  list(): BaselineSummary[] {
    return this.db.prepare('SELECT agent, project, sessions, first_ts AS firstTs, updated_ts AS updatedTs FROM baselines ORDER BY agent, project').all() as BaselineSummary[];
  }
}

export interface AckOptions {
  /** The alert's behaviour was the user's: fold it into the baseline (behavior-anomaly alerts only). */
  thisWasMe?: boolean;
  /** session: suppress for that session only; project: this agent×project; agent: every project of this agent. */
  scope?: AckScope;
  /** When the acknowledgement happened (ISO); now by default. */
  now?: string;
}

interface AlertRow { id: string; session_id: string | null; rule: string; dedupe_key: string; body: string }

/**
 * Marks an alert acknowledged (an id or a unique id prefix), and with `thisWasMe` records what the
 * baseline must fold in. Safe while the daemon runs: the baseline service picks the rows up on its timer.
 */
export function ackAlert(db: DB, alertId: string, opts: AckOptions = {}): AckResult {
  const scope = opts.scope ?? 'project';
  if (!ACK_SCOPES.includes(scope)) return { ok: false, message: `unknown scope "${scope}" (session, project or agent)` };
  // A prefix must say something: an empty one would match whatever alert happens to be alone.
  const prefix = alertId.replace(/[%_\\]/g, '');
  const rows = db.prepare('SELECT id, session_id, rule, dedupe_key, body FROM alerts WHERE id = ? OR (length(?) >= 4 AND id LIKE ?) LIMIT 2')
    .all(alertId, prefix, `${prefix}%`) as AlertRow[];
  const row = rows.find((r) => r.id === alertId) ?? (rows.length === 1 ? rows[0] : undefined);
  if (!row) return { ok: false, message: rows.length > 1 ? `alert id prefix ${alertId} is ambiguous` : prefix.length < 4 ? `no alert with id "${alertId}" (a prefix needs at least 4 characters)` : `no alert with id ${alertId}` };
  const markAcked = db.prepare('UPDATE alerts SET acked = 1 WHERE id = ?');
  if (!opts.thisWasMe) {
    markAcked.run(row.id);
    return { ok: true, message: `alert ${row.id} acknowledged` };
  }
  if (row.rule !== ANOMALY_RULE) {
    markAcked.run(row.id);
    return { ok: true, message: `alert ${row.id} acknowledged; --this-was-me changes nothing for a ${row.rule} alert (only ${ANOMALY_RULE} alerts learn from it)` };
  }
  const decoded = decodeAnomalyKey(row.dedupe_key);
  const agent = (JSON.parse(row.body) as { agent?: { kind?: string } }).agent?.kind;
  if (!decoded || !agent) return { ok: false, message: `alert ${row.id} does not carry its baseline items; acknowledge it without --this-was-me` };
  const sessionId = row.session_id ?? '';
  if (scope === 'session' && sessionId === '') return { ok: false, message: `alert ${row.id} has no session; use --scope project or agent` };
  const again = db.prepare('SELECT 1 FROM baseline_acks WHERE alert_id = ? AND scope = ? LIMIT 1').get(row.id, scope);
  if (again) return { ok: true, message: `alert ${row.id} was already acknowledged as yours (scope ${scope})` };
  const project = scope === 'agent' ? '*' : decoded.project;
  const ts = opts.now ?? new Date().toISOString();
  const insert = db.prepare('INSERT INTO baseline_acks (scope, agent, project, session_id, item, ts, alert_id) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    markAcked.run(row.id);
    // '*' folds the whole session (what the engine still remembers of it); the items are what the alert named.
    const items = scope === 'session' ? ['*'] : ['*', ...decoded.items];
    for (const item of items) insert.run(scope, agent, project, sessionId, item, ts, row.id);
  })();
  const where = scope === 'session' ? `for session ${sessionId} only` : scope === 'project' ? `for ${agent} in ${decoded.project}` : `for ${agent} in every project`;
  return { ok: true, message: `alert ${row.id} acknowledged as yours; this behaviour no longer raises ${ANOMALY_RULE} ${where}` };
}
