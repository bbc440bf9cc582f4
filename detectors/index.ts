// The built-in detectors, as an explicit list, and the one function that runs them all.
// Single-event rules are data (detectors/rules/builtin/*.yaml); session sequences stay TypeScript.
import type { Detector, DetectionInput, Finding } from './detector.js';
import { exfiltration } from './rules/exfiltration.js';
import { builtinPack } from './rules/pack.js';
import { mcpChange } from './sequence/mcp-change.js';

export { builtinPack, loadRulePack, BUILTIN_RULES_DIR, type RulePack } from './rules/pack.js';
export { loadRulePacks, loadRuleTexts, formatIssue, type RuleLoadReport, type LoadIssue } from './rules/engine/load.js';
export { createRuleDetector } from './rules/engine/rule-detector.js';

export const builtinDetectors: readonly Detector[] = [builtinPack.detector, exfiltration, mcpChange];

/** Runs every detector; one that throws is reported as a finding-less result, never stops the rest. */
export function runDetectors(detectors: readonly Detector[], input: DetectionInput, onError: (name: string, err: unknown) => void): Finding[] {
  const out: Finding[] = [];
  for (const d of detectors) {
    try {
      out.push(...d.evaluate(input));
    } catch (err) {
      onError(d.name, err);
    }
  }
  return out;
}
