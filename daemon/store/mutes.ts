// What the developer silenced from the console: a rule muted for a project (POST /v1/console/mutes), or an
// alert's behaviour marked "this was me" (POST /v1/console/alerts/<id>/mine) for its session, its project or
// the whole agent. Kept in the `mutes` table (migration 5) and in memory; the pipeline asks `suppressed`
// after the detectors ran, so detectors stay pure and a muted finding is simply never raised.
import type { Event } from '../../core/event.js';
import type { DB } from './database.js';
import { BoundedMap } from '../../core/bounded-map.js';

export type MuteScope = 'session' | 'project' | 'agent';

export interface Mute {
  id: number;
  rule: string;
  /** Only findings with this dedupe key ("this was me": the same behaviour); absent: every finding of the rule. */
  key?: string;
  scope: MuteScope;
  /** '*': any agent. */
  agent: string;
  /** '*': any project (scope agent or session). */
  project: string;
  sessionId: string;
  ts: string;
  alertId?: string;
}

interface Row { id: number; rule: string; dedupe_key: string | null; scope: MuteScope; agent: string; project: string; session_id: string; ts: string; alert_id: string | null }

const muteOf = (r: Row): Mute => ({
  id: r.id, rule: r.rule, ...(r.dedupe_key !== null ? { key: r.dedupe_key } : {}), scope: r.scope, agent: r.agent, project: r.project,
  sessionId: r.session_id, ts: r.ts, ...(r.alert_id !== null ? { alertId: r.alert_id } : {}),
});

export class Mutes {
  private rows: Mute[];
  /** A session's project (its first cwd): OS events carry no cwd of their session. */
  private readonly projects = new BoundedMap<string, string>(4096);

  constructor(private readonly db: DB) {
    this.rows = (db.prepare('SELECT * FROM mutes ORDER BY id').all() as Row[]).map(muteOf);
  }

  list(): Mute[] {
    return [...this.rows];
  }

  add(m: Omit<Mute, 'id' | 'ts'> & { ts?: string }): Mute {
    const ts = m.ts ?? new Date().toISOString();
    const info = this.db.prepare('INSERT INTO mutes (rule, dedupe_key, scope, agent, project, session_id, ts, alert_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(m.rule, m.key ?? null, m.scope, m.agent, m.project, m.sessionId, ts, m.alertId ?? null);
    const mute: Mute = { ...m, id: Number(info.lastInsertRowid), ts };
    this.rows.push(mute);
    return mute;
  }

  remove(id: number): boolean {
    const before = this.rows.length;
    this.db.prepare('DELETE FROM mutes WHERE id = ?').run(id);
    this.rows = this.rows.filter((m) => m.id !== id);
    return this.rows.length < before;
  }

  /** Learns the session's project from its events; called for every event before its findings are judged. */
  note(e: Event): void {
    if (e.sessionId !== undefined && e.cwd && this.projects.get(e.sessionId) === undefined) this.projects.set(e.sessionId, e.cwd);
  }

  projectOf(e: Pick<Event, 'sessionId' | 'cwd'>): string | undefined {
    return (e.sessionId !== undefined ? this.projects.get(e.sessionId) : undefined) ?? e.cwd;
  }

  /** Whether a finding of `rule` (dedupe `key`) on this event is silenced. */
  suppressed(rule: string, key: string, e: Event): boolean {
    if (this.rows.length === 0) return false;
    const project = this.projectOf(e);
    return this.rows.some((m) => m.rule === rule && (m.key === undefined || m.key === key)
      && (m.agent === '*' || m.agent === e.agent.kind)
      && (m.scope === 'session' ? m.sessionId === e.sessionId : m.project === '*' || m.project === project));
  }
}
