// The path every event takes: attribute (OS events) → redact → session → facts → detect → store → stream.
// Synchronous on purpose: a PreToolUse answer needs the findings of its own event.
import crypto from 'node:crypto';
import type { Alert, Event } from '../core/event.js';
import { severityRank } from '../core/event.js';
import { redactEvent } from '../core/redact.js';
import type { Finding } from '../detectors/detector.js';
import type { DetectorSet } from '../detectors/detector-set.js';
import { factsOf, type DetectionContext } from '../detectors/facts.js';
import { BoundedMap } from '../core/bounded-map.js';
import { actionFor, decide, type Decision, type PolicyConfig } from './policy.js';

export interface PipelineSinks {
  appendEvent(e: Event): void;
  saveAlert(a: Alert, key: string): void;
  findAlert(sessionId: string | undefined, rule: string, key: string): Alert | undefined;
  publish(msg: { type: 'event'; event: Event } | { type: 'alert'; alert: Alert } | { type: 'agent'; agent: AgentMessage }): void;
  detectorError(name: string, err: unknown): void;
}

/** The attribution stage (daemon/attribution): OS events get their owner; hook events carry theirs. */
export interface AttributionStage {
  /** Undefined: the daemon itself (or the agent's own bookkeeping) caused the event, which is then dropped. */
  attribute(raw: Event): Event | undefined;
  noteHook(hook: Event): void;
}

export interface Processed {
  event: Event;
  findings: Finding[];
  /** Alerts raised or escalated by this event (merged repeats that changed nothing are left out). */
  alerts: Alert[];
  /** What the agent is answered, when it waits for an answer (observe when it does not). */
  decision: Decision;
}

const MAX_EVIDENCE = 50;

export class Pipeline {
  private readonly alerts = new BoundedMap<string, { alert: Alert; key: string }>(20000);
  processed = 0;
  /** OS events not kept: the daemon's own, process exits, and effects no agent can be tied to. */
  dropped = 0;

  constructor(
    /** The detectors and what they remember per session; a rule reload swaps rules inside it. */
    private readonly detectors: DetectorSet,
    private readonly ctx: DetectionContext,
    private readonly sinks: PipelineSinks,
    private readonly attribution?: AttributionStage,
  ) {}

  /**
   * `policy`: given when the agent waits for this event's answer (a PreToolUse); the decision is
   * taken here so the alerts can say they blocked or asked.
   */
  process(raw: Event, policy?: PolicyConfig): Processed {
    const owned = this.attribute(raw);
    if (!owned) { this.dropped++; return { event: raw, findings: [], alerts: [], decision: { action: 'observe' } }; }
    const event = redactEvent(owned);
    const facts = factsOf(event, this.ctx);
    const findings = this.detectors.evaluate(event, facts, this.ctx, this.sinks.detectorError);
    this.sinks.appendEvent(event);
    this.sinks.publish({ type: 'event', event });
    if (event.kind === 'agent.start' || event.kind === 'agent.exit') this.sinks.publish({ type: 'agent', agent: agentMessageOf(event) });
    const decision: Decision = policy ? decide(findings, policy) : { action: 'observe' };
    const responded = (f: Finding) => (policy && decision.action !== 'observe' && actionFor(f, policy) === decision.action ? decision.action : undefined);
    const alerts = findings.map((f) => this.raise(f, event, responded(f))).filter((a): a is Alert => a !== undefined);
    this.processed++;
    return { event, findings, alerts, decision };
  }

  /** Hook events are attributed by their payload (and teach the stage); OS events by the stage. */
  private attribute(raw: Event): Event | undefined {
    if (!this.attribution) return raw;
    if (raw.source === 'hook') { this.attribution.noteHook(raw); return raw; }
    // `agentwatch run` names its own session (session.start/end of the supervised process): nothing to work out.
    if (raw.source === 'pty') return raw;
    const e = this.attribution.attribute(raw);
    // Exits only feed the process tree; an effect of no agent at all is the rest of the machine, not ours to log.
    // An MCP config change is kept even when nobody can be named: the user's own change is reported too (info).
    if (!e || e.kind === 'exit' || (e.attribution === 'none' && e.agent.kind === 'unknown' && e.kind !== 'mcp.change')) return undefined;
    return e;
  }

  /** Turns a finding into a new alert, or merges it into the identical one of this session. */
  raise(f: Finding, event: Event, response?: 'ask' | 'deny'): Alert | undefined {
    const id = `${event.sessionId ?? ''}\0${f.rule}\0${f.key}`;
    const known = this.alerts.get(id) ?? this.fromStore(event.sessionId, f, id);
    if (known) {
      const a = known.alert;
      const escalated = severityRank[f.severity] > severityRank[a.severity];
      a.count += 1;
      a.lastTs = event.ts;
      a.evidence = [...new Set([...a.evidence, ...f.evidence])].slice(-MAX_EVIDENCE);
      if (escalated) Object.assign(a, { severity: f.severity, reason: f.reason, title: f.title });
      if (response) Object.assign(a, { response, blocked: response === 'deny' || a.blocked === true });
      this.sinks.saveAlert(a, known.key);
      if (!escalated) return undefined;
      this.sinks.publish({ type: 'alert', alert: a });
      return a;
    }
    const alert: Alert = {
      id: crypto.randomUUID(), ts: event.ts, lastTs: event.ts, severity: f.severity, tactic: f.tactic, technique: f.technique,
      rule: f.rule, title: f.title, reason: f.reason, agent: event.agent, sessionId: event.sessionId, evidence: f.evidence, count: 1,
      ...(response ? { response, blocked: response === 'deny' } : {}),
    };
    this.alerts.set(id, { alert, key: f.key });
    this.sinks.saveAlert(alert, f.key);
    this.sinks.publish({ type: 'alert', alert });
    return alert;
  }

  private fromStore(sessionId: string | undefined, f: Finding, id: string): { alert: Alert; key: string } | undefined {
    const alert = this.sinks.findAlert(sessionId, f.rule, f.key);
    if (!alert) return undefined;
    const entry = { alert, key: f.key };
    this.alerts.set(id, entry);
    return entry;
  }
}

/** The stream's `{"type":"agent"}` message (SPEC): an agent process came or went, for consoles' agent lists. */
export interface AgentMessage { kind: Event['agent']['kind']; pid?: number; procKey?: string; sessionId?: string; cwd?: string; live: boolean; ts: string; variant?: string }

function agentMessageOf(e: Event): AgentMessage {
  const variant = typeof e.detail?.variant === 'string' ? e.detail.variant : undefined;
  return {
    kind: e.agent.kind, live: e.kind === 'agent.start', ts: e.ts,
    ...(e.pid !== undefined ? { pid: e.pid } : {}), ...(e.procKey ? { procKey: e.procKey } : {}),
    ...(e.sessionId ? { sessionId: e.sessionId } : {}), ...(e.cwd ? { cwd: e.cwd } : {}), ...(variant ? { variant } : {}),
  };
}
