// The one way an alert is raised, whatever raised it (a detector's finding, the decision budget, a live
// MCP scan): merged into the identical alert of its session (same rule and key), then written to the
// outputs (store, stream). The merge memory is this process's; earlier runs' alerts come from the store.
// New alerts past the per-minute caps (alert-limiter.ts) are folded into one summary alert per minute.
import crypto from 'node:crypto';
import type { Alert, AlertDraft, AlertResponse } from '../core/event.js';
import { severityRank } from '../core/event.js';
import { BoundedMap } from '../core/bounded-map.js';
import type { AlertChange, Output } from './outputs/output.js';
import { AlertLimiter, describeFlood, type AlertLimits, type FloodWindow } from './alert-limiter.js';

const MAX_EVIDENCE = 50;
/** The rule of the summary alert of a minute's suppressed alerts. */
export const FLOOD_RULE = 'alert-flood';
/** Caps that never bite normal use (config `alerts`). */
export const DEFAULT_ALERT_LIMITS: AlertLimits = { perSessionPerMinute: 30, perMinute: 120 };

export type FindStoredAlert = (sessionId: string | undefined, rule: string, key: string) => Alert | undefined;

export class AlertPath {
  private readonly known = new BoundedMap<string, { alert: Alert; key: string }>(20000);
  readonly limiter: AlertLimiter;
  /** The last critical agent-hook-tamper alert (an agent stopping or blinding agentwatch): who probably sent the signal that ends the daemon. */
  lastMonitorStop?: Alert;

  /** `stored`: an alert of an earlier run with this identity (absent: this process's memory only). */
  constructor(private readonly output: Output, private readonly stored?: FindStoredAlert, private readonly limits = DEFAULT_ALERT_LIMITS) {
    this.limiter = new AlertLimiter(limits);
  }

  /**
   * Turns a draft into a new alert at `ts`, or merges it into the identical one. `response`: how the
   * agent was answered because of it (enforce mode).
   */
  raise({ alert: draft, key }: AlertDraft, ts: string, response?: AlertResponse): { alert: Alert; change: AlertChange } {
    const out = this.raiseOne({ alert: draft, key }, ts, response);
    if (draft.rule === 'agent-hook-tamper' && draft.severity === 'critical') this.lastMonitorStop = { ...out.alert, lastTs: ts };
    return out;
  }

  private raiseOne({ alert: draft, key }: AlertDraft, ts: string, response?: AlertResponse): { alert: Alert; change: AlertChange } {
    const id = `${draft.sessionId ?? ''}\0${draft.rule}\0${key}`;
    const known = this.known.get(id) ?? this.fromStore(draft, key, id);
    if (known) {
      const a = known.alert;
      const escalated = severityRank[draft.severity] > severityRank[a.severity];
      a.count += 1;
      a.lastTs = ts;
      // A repeat keeps at least its own evidence (a scan's diff can be longer than the usual cap).
      a.evidence = [...new Set([...a.evidence, ...draft.evidence])].slice(-Math.max(MAX_EVIDENCE, draft.evidence.length));
      if (escalated) Object.assign(a, { severity: draft.severity, reason: draft.reason, title: draft.title });
      if (response) Object.assign(a, { response, blocked: response === 'deny' || a.blocked === true });
      return this.write(a, known.key, escalated ? 'escalated' : 'repeat');
    }
    const admitted = this.limiter.admit({ ...draft, answered: response !== undefined }, Date.parse(ts));
    if (!admitted.pass) return this.summarise(admitted.window, draft, ts);
    const alert: Alert = { id: crypto.randomUUID(), ts, lastTs: ts, ...draft, count: 1, ...(response ? { response, blocked: response === 'deny' } : {}) };
    this.known.set(id, { alert, key });
    return this.write(alert, key, 'new');
  }

  /**
   * The agent's answer was settled after its alerts were written (a held call decided, an ask denied in a
   * headless session): the final response (and a hold's outcome) goes into each, stored and streamed as an
   * `answered` change. `denied`: whether the agent was denied.
   */
  answer(alert: Alert, key: string, response: AlertResponse, denied: boolean, held?: NonNullable<Alert['held']>): void {
    Object.assign(alert, { response, ...(held ? { held } : {}), blocked: denied || alert.blocked === true });
    this.write(alert, key, 'answered');
  }

  /**
   * The minute's summary alert, created or merged with one more suppressed alert: its count is how many
   * were folded, its severity the highest of them, its reason which rules and sessions they were.
   */
  private summarise(w: FloodWindow, draft: AlertDraft['alert'], ts: string): { alert: Alert; change: AlertChange } {
    const key = new Date(w.startMs).toISOString();
    const reason = describeFlood(w, this.limits);
    const known = this.known.get(`\0${FLOOD_RULE}\0${key}`);
    if (known) {
      const a = known.alert;
      const escalated = severityRank[draft.severity] > severityRank[a.severity];
      Object.assign(a, { count: w.suppressed, lastTs: ts, reason, ...(escalated ? { severity: draft.severity } : {}) });
      return this.write(a, key, escalated ? 'escalated' : 'repeat');
    }
    const alert: Alert = {
      id: crypto.randomUUID(), ts, lastTs: ts, severity: draft.severity, tactic: 'defense-evasion', rule: FLOOD_RULE,
      title: 'Alert flood: new alerts over the per-minute cap were folded into this one', reason, agent: { kind: 'unknown' },
      evidence: [], count: w.suppressed,
    };
    this.known.set(`\0${FLOOD_RULE}\0${key}`, { alert, key });
    return this.write(alert, key, 'new');
  }

  private write(alert: Alert, key: string, change: AlertChange): { alert: Alert; change: AlertChange } {
    this.output.writeAlert(alert, key, change);
    return { alert, change };
  }

  private fromStore(draft: AlertDraft['alert'], key: string, id: string): { alert: Alert; key: string } | undefined {
    const alert = this.stored?.(draft.sessionId, draft.rule, key);
    if (!alert) return undefined;
    const entry = { alert, key };
    this.known.set(id, entry);
    return entry;
  }
}
