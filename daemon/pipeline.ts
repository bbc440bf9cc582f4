// The path every event takes: attribute (OS events) → redact → session → facts → detect → decide →
// outputs (store, stream) and the alert path. Synchronous on purpose: a PreToolUse answer needs the
// findings of its own event.
import type { Alert, AlertDraft, Event } from '../core/event.js';
import { redactEvent } from '../core/redact.js';
import type { Finding } from '../detectors/detector.js';
import type { DetectorSet } from '../detectors/detector-set.js';
import { factsOf, type DetectionContext } from '../detectors/facts.js';
import { actionFor, decide, type Decision, type PolicyConfig } from './policy.js';
import { AlertPath, type FindStoredAlert } from './alert-path.js';
import type { AlertLimits } from './alert-limiter.js';
import type { Output } from './outputs/output.js';

export interface PipelineDeps {
  /** Where every kept event and every alert goes (daemon/outputs: the store, the stream …). */
  output: Output;
  /** Alerts stored by earlier runs, so a repeat after a restart merges into them. */
  findAlert?: FindStoredAlert;
  /** New alerts per session and per minute before they are folded into a summary (default: alert-path.ts). */
  alertLimits?: AlertLimits;
  detectorError(name: string, err: unknown): void;
  /** What the developer silenced in the console (daemon/mutes.ts): a suppressed finding is never raised. */
  mutes?: { note(e: Event): void; suppressed(rule: string, key: string, e: Event): boolean };
}

/** The policy of a call the agent waits on; a decision later than `decisionBudgetMs` (enforce) lets it proceed. */
export type GatePolicy = PolicyConfig & { decisionBudgetMs?: number };

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
  /** The alerts (new or merged repeats) that carry the decision: a held call's outcome is written into them later. */
  responded: { alert: Alert; key: string }[];
}

export class Pipeline {
  /** The one alert path: the pipeline's findings, and whatever else raises an alert in this daemon. */
  readonly alerts: AlertPath;
  processed = 0;
  /** OS events not kept: the daemon's own, process exits, and effects no agent can be tied to. */
  dropped = 0;

  constructor(
    /** The detectors and what they remember per session; a rule reload swaps rules inside it. */
    private readonly detectors: DetectorSet,
    private readonly ctx: DetectionContext,
    private readonly deps: PipelineDeps,
    private readonly attribution?: AttributionStage,
  ) {
    this.alerts = new AlertPath(deps.output, deps.findAlert, deps.alertLimits);
  }

  /**
   * `policy`: given when the agent waits for this event's answer (a PreToolUse); the decision is taken
   * here, once and finally, so the alerts can say they blocked or asked. `startedNs`: when the request
   * arrived (process.hrtime.bigint()), for the decision budget.
   */
  process(raw: Event, policy?: GatePolicy, startedNs = process.hrtime.bigint()): Processed {
    const owned = this.attribute(raw);
    if (!owned) { this.dropped++; return { event: raw, findings: [], alerts: [], decision: { action: 'observe' }, responded: [] }; }
    const event = redactEvent(owned);
    const facts = factsOf(event, this.ctx);
    const mutes = this.deps.mutes;
    mutes?.note(event);
    const judged = this.detectors.evaluate(event, facts, this.ctx, this.deps.detectorError);
    const findings = mutes ? judged.filter((f) => !mutes.suppressed(f.rule, f.key, event)) : judged;
    this.deps.output.writeEvent(event);
    const late = policy ? overBudget(policy, startedNs) : undefined;
    const decision: Decision = policy && late === undefined ? decide(findings, policy) : { action: 'observe' };
    const responded = (f: Finding) => (policy && decision.action !== 'observe' && actionFor(f, policy) === decision.action ? decision.action : undefined);
    const raised = late === undefined ? findings : [...findings, timeoutFinding(event, 'decision-timeout',
      `agentwatch took ${late.toFixed(0)} ms to judge this ${event.tool?.name ?? ''} call (budget ${policy!.decisionBudgetMs!} ms), so it was allowed without a verdict.`)];
    const alerts: Alert[] = [];
    const answered: Processed['responded'] = [];
    for (const f of raised) {
      const response = responded(f);
      const { alert, change } = this.alerts.raise(draftOf(f, event), event.ts, response);
      if (change !== 'repeat') alerts.push(alert);
      if (response) answered.push({ alert, key: f.key });
    }
    this.processed++;
    return { event, findings, alerts, decision, responded: answered };
  }

  /**
   * A call the agent waited on was allowed without being judged (the daemon was overloaded; the event
   * itself is judged later): the decision-timeout alert of its session, merged, says so.
   */
  unjudged(event: Event, reason: string): Alert {
    return this.alerts.raise(draftOf(timeoutFinding(event, 'overload', reason), event), event.ts).alert;
  }

  /** Resolves once what was processed so far is durable in the outputs (the store committed it); see Output.durable. */
  durable(): Promise<void> {
    return this.deps.output.durable?.() ?? Promise.resolve();
  }

  /** Hook events are attributed by their payload (and teach the stage); OS events by the stage. */
  private attribute(raw: Event): Event | undefined {
    if (!this.attribution) return raw;
    if (raw.source === 'hook') { this.attribution.noteHook(raw); return raw; }
    // `agentwatch run` names its own session (session.start/end of the supervised process): nothing to work
    // out, but its end releases what the session was given (the file watcher's workspace).
    if (raw.source === 'pty') { if (raw.kind === 'session.end') this.attribution.noteHook(raw); return raw; }
    const e = this.attribution.attribute(raw);
    // Exits only feed the process tree; an effect of no agent at all is the rest of the machine, not ours to log.
    // An MCP config change is kept even when nobody can be named: the user's own change is reported too (info).
    if (!e || e.kind === 'exit' || (e.attribution === 'none' && e.agent.kind === 'unknown' && e.kind !== 'mcp.change')) return undefined;
    return e;
  }

}

function draftOf(f: Finding, event: Event): AlertDraft {
  const alert = { severity: f.severity, tactic: f.tactic, technique: f.technique, rule: f.rule, title: f.title, reason: f.reason, agent: event.agent, sessionId: event.sessionId, evidence: f.evidence };
  return { alert, key: f.key };
}

/** Milliseconds since `startedNs` when a gated decision (enforce) took longer than its budget. */
function overBudget(policy: GatePolicy, startedNs: bigint): number | undefined {
  if (policy.mode !== 'enforce' || policy.decisionBudgetMs === undefined) return undefined;
  const ms = Number(process.hrtime.bigint() - startedNs) / 1e6;
  return ms > policy.decisionBudgetMs ? ms : undefined;
}

/** Too slow (or too busy) to be trusted as a gate: the call proceeds, and this says so. */
function timeoutFinding(event: Event, key: string, reason: string): Finding {
  return {
    rule: 'decision-timeout', severity: 'medium', tactic: 'defense-evasion', title: 'Hook decision timed out',
    reason, evidence: [event.id], key, block: false,
  };
}
