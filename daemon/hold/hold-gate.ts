// The final answer of a call the agent waits on, after the policy decided (daemon/policy.ts): a `hold`
// waits for a console (pending.ts) and then answers, an `ask` in a headless session becomes a deny (nobody
// can answer it), and a held call's outcome is written into its alerts. Everything else passes as decided.
import type { Event } from '../../core/event.js';
import type { Verdict } from '../../core/verdict.js';
import type { Config } from '../config/schema.js';
import type { AlertPath } from '../alert-path.js';
import type { Processed } from '../pipeline.js';
import type { HoldAnswer, PendingHolds, PendingView, Resolution } from './pending.js';
import { pendingViewOf, stepsOf, STEPS } from './pending-view.js';

export interface HoldGateDeps {
  policy: Readonly<Config['policy']>;
  holds: PendingHolds;
  alerts: AlertPath;
  /** The session's last events, oldest first (the store). */
  recent(sessionId: string, n: number): Event[];
}

/**
 * Per call: whether its session is headless (asked only on an ask), the agent stopping waiting (asked only
 * when the call is held: most calls never are, and each signal is an AbortController and a listener), and
 * the hold starting.
 */
export interface CallContext {
  headless(): boolean;
  gone(): AbortSignal;
  onHeld?(view: PendingView): void;
}

const ASKED = 'agentwatch asks you to confirm this';
const BLOCKED = 'agentwatch blocked this';

const RESPONSE = { 'console:allow': 'held-allowed', 'console:deny': 'held-denied', timeout: 'held-timeout', 'no-console': 'held-no-console' } as const;

export class HoldGate {
  constructor(private readonly deps: HoldGateDeps) {}

  async verdict(result: Processed, call: CallContext): Promise<Verdict> {
    const { action, finding } = result.decision;
    if (action === 'observe' || !finding) return { action: 'observe' };
    if (action === 'deny') return { action: 'deny', reason: `${BLOCKED}: ${finding.reason}` };
    if (action === 'ask') {
      const verdict = this.ask(finding.reason, call);
      // The alerts said "ask"; nobody could be asked, so they say what the agent got.
      if (verdict.action === 'deny') for (const { alert, key } of result.responded) this.deps.alerts.answer(alert, key, 'deny', true);
      return verdict;
    }
    const { timeoutS, fallback } = this.deps.policy.hold;
    const steps = result.event.sessionId === undefined ? [] : stepsOf(this.deps.recent(result.event.sessionId, STEPS + 1), result.event);
    const { view, done, waiting } = this.deps.holds.hold(pendingViewOf(result.event, finding, steps), timeoutS * 1000, fallback, call.gone());
    if (waiting) call.onHeld?.(view);
    const r = await done;
    const verdict = this.answer(r, finding.reason, call);
    this.record(result, r, verdict.action === 'deny');
    return verdict;
  }

  private ask(reason: string, call: CallContext): Verdict {
    if (this.deps.policy.headlessAsk === 'deny' && call.headless()) return { action: 'deny', reason: `${BLOCKED} (a headless session has nobody to ask): ${reason}` };
    return { action: 'ask', reason: `${ASKED}: ${reason}` };
  }

  private answer(r: Resolution, reason: string, call: CallContext): Verdict {
    if (r.by === 'console') return r.answer === 'allow' ? { action: 'observe' } : { action: 'deny', reason: `${BLOCKED}: the developer refused it at the agentwatch console. ${reason}` };
    const why = r.by === 'timeout' ? `nobody answered at the agentwatch console within ${this.deps.policy.hold.timeoutS} s` : 'it was held for the developer, but no agentwatch console is connected';
    if (r.answer === 'allow') return { action: 'observe' };
    if (r.answer === 'ask') return this.ask(`${why}. ${reason}`, call);
    return { action: 'deny', reason: `${BLOCKED}: ${why}. ${reason}` };
  }

  private record(result: Processed, r: Resolution, denied: boolean): void {
    const response = r.by === 'console' ? RESPONSE[`console:${r.answer as 'allow' | 'deny'}`] : RESPONSE[r.by];
    const held = { answer: r.answer as HoldAnswer, by: r.by, at: new Date().toISOString() };
    for (const { alert, key } of result.responded) this.deps.alerts.answer(alert, key, response, denied, held);
  }
}
