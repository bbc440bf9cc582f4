// What to do about a finding when the agent waits for an answer: observe (allow), ask the user, hold (wait
// for the developer at a console), or deny.
// Pure: the verdict depends only on the findings and the policy config.
import type { Finding } from '../detectors/detector.js';
import { severityRank, type Severity } from '../core/event.js';

import type { Action } from '../core/verdict.js';

export type { Action };

export interface PolicyConfig {
  mode: 'observe' | 'enforce';
  /** Default action for findings of a rule that marks itself blockable, by severity. */
  bySeverity: Record<Severity, Action>;
  /** Per-rule override, for blockable or not (e.g. `secret-read: ask`). */
  rules: Record<string, Action>;
}

// hold outranks ask (a person decides either way, and the console shows the context) and yields to deny.
const RANK: Record<Action, number> = { observe: 0, ask: 1, hold: 2, deny: 3 };

export function actionFor(f: Finding, p: PolicyConfig): Action {
  if (p.mode === 'observe') return 'observe';
  return p.rules[f.rule] ?? (f.block ? p.bySeverity[f.severity] : 'observe');
}

export interface Decision { action: Action; finding?: Finding }

/** The strongest action among the findings; ties go to the most severe finding, which gives the reason. */
export function decide(findings: readonly Finding[], p: PolicyConfig): Decision {
  let best: Decision = { action: 'observe' };
  for (const f of findings) {
    const action = actionFor(f, p);
    if (action === 'observe') continue;
    const stronger = RANK[action] > RANK[best.action]
      || (RANK[action] === RANK[best.action] && best.finding && severityRank[f.severity] > severityRank[best.finding.severity]);
    if (stronger) best = { action, finding: f };
  }
  return best;
}
