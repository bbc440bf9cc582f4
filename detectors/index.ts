// The built-in detectors, as an explicit list, and the set that runs them. Single-event rules are
// data (detectors/rules/builtin/*.yaml, loaded by the caller once, with its config packs); session
// sequences and baselines are TypeScript.
import type { AnyDetector } from './detector.js';
import { DetectorSet } from './detector-set.js';
import { exfiltration } from './rules/exfiltration.js';
import { tokenEgress } from './rules/token-egress.js';
import { mcpChange } from './sequence/mcp-change.js';
import { mcpCall } from './mcp-call.js';
import { createSequenceDetectors, type SequenceLimits } from './sequence/index.js';

export { DetectorSet } from './detector-set.js';
export { loadRulePack, BUILTIN_RULES_DIR, type RulePack } from './rules/pack.js';
export { loadRulePacks, loadRuleTexts, formatIssue, type RuleLoadReport, type LoadIssue } from './rules/engine/load.js';
export { createRuleDetector } from './rules/engine/rule-detector.js';

/** The rules and the single-event detectors beside them (exfiltration reads the shared taint; token-egress the env tokens a line sends; mcp-call the MCP registry in ctx). */
export function builtinDetectors(rules: AnyDetector): AnyDetector[] {
  return [rules, exfiltration, tokenEgress, mcpChange, mcpCall];
}

export interface DetectorSetOptions {
  /** The loaded rule packs' detector (named `rules`: a reload replaces it by that name). */
  rules: AnyDetector;
  /** Sequence thresholds from config; unset ones keep their defaults. */
  limits?: Partial<SequenceLimits>;
  /** Model-based detectors that run last (the baseline judge). */
  extra?: readonly AnyDetector[];
}

/** Every detector the daemon runs, in the order their findings come out. */
export function createDetectorSet({ rules, limits = {}, extra = [] }: DetectorSetOptions): DetectorSet {
  return new DetectorSet([...builtinDetectors(rules), ...createSequenceDetectors(limits), ...extra]);
}
