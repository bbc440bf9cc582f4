// Alerts → Detection Finding (2004). finding_info.analytic says how it was found: a YAML rule (Rule), a
// sequence over the session's history (Behavioral) or a deviation from the agent's baseline
// (Statistical, with anomaly_analyses naming what deviated). Evidence events the caller found in the
// store become `evidences` (their process, file, endpoint or tool call) and `related_events` (by their
// uid, the metadata.uid of their own OCSF records, with their type_uid).
import type { Alert, Event, Severity } from '../../../core/event.js';
import { decodeAnomalyKey } from '../../../detectors/baseline/allowance.js';
import { actorOf, baseRecord, exportPath, type Json, type OcsfContext } from './context.js';
import { attacksOf } from './attack.js';
import { fileOf, processOf } from './system.js';

export const SEVERITY_ID: Record<Severity, number> = { info: 1, low: 2, medium: 3, high: 4, critical: 5 };

/** Rules of the sequence detectors (detectors/sequence): Behavioral analytics. */
const SEQUENCE_RULES = new Set([
  'egress-after-secret-read', 'secret-exfiltration', 'lethal-trifecta', 'download-then-execute', 'persistence-then-execute',
  'destructive-chain', 'many-egress-hosts', 'many-secret-reads', 'mass-deletion', 'slow-exfiltration', 'hook-bypass', 'hidden-secret-egress', 'hidden-persistence-write',
  'mcp-server-added-by-agent', 'mcp-config-changed', 'push-to-redirected-remote',
]);
const ANOMALY_RULE = 'behavior-anomaly';

function analyticOf(rule: string): Json {
  const [typeId, type] = rule === ANOMALY_RULE ? [3, 'Statistical'] : SEQUENCE_RULES.has(rule) ? [2, 'Behavioral'] : [1, 'Rule'];
  return { uid: rule, name: rule, type_id: typeId, type };
}

/** The class an evidence event's own record has (index.ts classOf), for related_events.type_uid. */
export type TypeUidOf = (e: Event) => number;

function evidenceOf(ctx: OcsfContext, e: Event): Json {
  const ev: Json = { uid: e.id, name: e.kind };
  if (e.source === 'hook' || e.source === 'pty') {
    ev.api = { operation: e.tool?.name ?? e.hookEvent ?? e.kind, request: { uid: e.tool?.useId ?? e.id } };
    ev.actor = actorOf(ctx, e);
  } else if (e.pid !== undefined || e.procKey) {
    ev.process = processOf(ctx, e);
  }
  if (e.path !== undefined) ev.file = fileOf(ctx, e.path, e.cwd, e.detail?.dir === true);
  if (e.remote) ev.dst_endpoint = { ip: e.remote.addr, port: e.remote.port, ...(e.remote.host ? { hostname: e.remote.host } : {}) };
  if (!ev.api && !ev.process && !ev.file && !ev.dst_endpoint) ev.actor = actorOf(ctx, e);
  return ev;
}

function anomalyAnalyses(ctx: OcsfContext, a: Alert, key: string | undefined): Json[] | undefined {
  const decoded = key !== undefined ? decodeAnomalyKey(key) : undefined;
  if (!decoded) return undefined;
  // Items are `kind:value` (host:evil.example, ngram:…, outside-reads:12): one anomaly per kind.
  const byKind = new Map<string, string[]>();
  for (const item of decoded.items) {
    const i = item.indexOf(':');
    const kind = i > 0 ? item.slice(0, i) : item;
    const value = i > 0 ? item.slice(i + 1) : item;
    byKind.set(kind, [...(byKind.get(kind) ?? []), value]);
  }
  if (byKind.size === 0) return undefined;
  return [{
    analysis_targets: [{ name: `${a.agent.kind} in ${exportPath(ctx, decoded.project)}`, type: 'agent × project baseline' }],
    anomalies: [...byKind].map(([kind, values]) => ({
      observation_parameter: kind,
      observation_type: 'never seen in this baseline',
      observations: values.slice(0, 20).map((v) => ({ value: kind === 'outside-reads' || kind === 'class' ? v : ctx.privacy === 'strict' ? exportPath(ctx, v) : v })),
      observed_pattern: a.reason,
    })),
  }];
}

/**
 * The title and reason are sentences for a developer that name paths, hosts and commands: strict sends the
 * rule alone, standard shows the home directory as `~`.
 */
function textOf(ctx: OcsfContext, a: Alert): { title: string; desc?: string } {
  if (ctx.privacy === 'strict') return { title: a.rule };
  if (ctx.privacy === 'full' || !ctx.home) return { title: a.title, desc: a.reason };
  const tilde = (s: string) => s.split(`${ctx.home}/`).join('~/');
  return { title: tilde(a.title), desc: tilde(a.reason) };
}

export interface AlertRecord {
  alert: Alert;
  /** The developer acknowledged it (alerts.acked). */
  acked?: boolean;
  /** The alert's dedupe key (alerts.dedupe_key): for a behavior-anomaly, what deviated. */
  key?: string;
  /** The alert's evidence events the store still has, in evidence order. */
  evidence?: Event[];
  /** What the evidence tool calls did on the OS (events with their toolUseId): processes, files, connections. */
  effects?: Event[];
}

export function detectionFinding(ctx: OcsfContext, rec: AlertRecord, typeUidOf: TypeUidOf): Json {
  const a = rec.alert;
  const r = baseRecord(ctx, {
    classUid: 2004, className: 'Detection Finding', category: [2, 'Findings'], activity: a.count > 1 ? [2, 'Update'] : [1, 'Create'],
    id: a.id, ts: a.ts, severityId: SEVERITY_ID[a.severity], sessionId: a.sessionId, profiles: ['security_control'],
  });
  const evidence = [...(rec.evidence ?? []), ...(rec.effects ?? [])];
  const info: Json = {
    uid: a.id,
    ...textOf(ctx, a),
    analytic: analyticOf(a.rule),
    created_time: Date.parse(a.ts),
    first_seen_time: Date.parse(a.ts),
    last_seen_time: Date.parse(a.lastTs),
    related_events_count: evidence.length,
  };
  const attacks = attacksOf(a.tactic, a.technique);
  if (attacks.length) info.attacks = attacks;
  if (evidence.length) {
    info.related_events = evidence.map((e) => ({ uid: e.id, type_uid: typeUidOf(e), title: e.kind }));
  }
  info.types = [a.tactic];
  r.finding_info = info;
  if (evidence.length) r.evidences = evidence.map((e) => evidenceOf(ctx, e));
  const anomalies = a.rule === ANOMALY_RULE ? anomalyAnalyses(ctx, a, rec.key) : undefined;
  if (anomalies) r.anomaly_analyses = anomalies;
  r.actor = actorOf(ctx, { agent: a.agent, sessionId: a.sessionId });
  r.message = info.title;
  r.count = a.count;
  r.start_time = Date.parse(a.ts);
  r.end_time = Date.parse(a.lastTs);
  r.is_alert = true;
  r.status_id = rec.acked ? 4 : 1;
  r.status = rec.acked ? 'Resolved' : 'New';
  // What the daemon answered the agent because of it (enforce mode): the decision of the audit trail.
  if (a.blocked || a.response === 'deny') { r.action_id = 2; r.action = 'Denied'; r.disposition_id = 2; r.disposition = 'Blocked'; }
  else if (a.response === 'ask') { r.action_id = 99; r.action = 'Ask'; r.disposition_id = 14; r.disposition = 'Delayed'; }
  // Held for the developer (docs/hold.md): still waiting, or allowed by them or by the fallback.
  else if (a.response === 'hold') { r.action_id = 99; r.action = 'Hold'; r.disposition_id = 14; r.disposition = 'Delayed'; }
  else { r.action_id = 1; r.action = 'Allowed'; r.disposition_id = 15; r.disposition = 'Detected'; }
  if (a.score !== undefined) r.risk_score = Math.round(a.score * (a.score <= 1 ? 100 : 1));
  r.unmapped = { agentwatch: { rule: a.rule, tactic: a.tactic, ...(a.technique ? { technique: a.technique } : {}), evidence: a.evidence, ...(a.held ? { response: a.response, held: a.held } : {}) } };
  return r;
}
