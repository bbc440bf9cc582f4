// The built-in rule pack (detectors/rules/builtin/*.yaml), next to this file both in the sources
// (vitest) and in dist/ (node), plus config packs from directories IT can push. Nothing is loaded at
// import: the daemon loads the packs once, from its config (daemon/rule-packs.ts).
import { fileURLToPath } from 'node:url';
import type { Detector } from '../detector.js';
import { loadRulePacks, type RuleLoadReport } from './engine/load.js';
import { createRuleDetector } from './engine/rule-detector.js';
import type { CompiledRule } from './engine/compile-rule.js';

export const BUILTIN_RULES_DIR = fileURLToPath(new URL('./builtin/', import.meta.url));

export interface RulePack { rules: CompiledRule[]; report: RuleLoadReport; detector: Detector }

/** The built-in pack and then every `*.yaml` in `dirs`; never throws, see `report`. */
export function loadRulePack(dirs: readonly string[] = []): RulePack {
  const { rules, report } = loadRulePacks(dirs, BUILTIN_RULES_DIR);
  return { rules, report, detector: createRuleDetector(rules) };
}
