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

/**
 * The built-in pack and then every `*.yaml` in `dirs`; never throws, see `report`. The daemon leaves out
 * the rules' `examples:` (`examples: false`): only tests and `rules` commands run them, and the built-in
 * pack's ~1,000 held 1.1 MB of the daemon's heap for its whole life.
 */
export function loadRulePack(dirs: readonly string[] = [], opts: { examples?: boolean } = {}): RulePack {
  const loaded = loadRulePacks(dirs, BUILTIN_RULES_DIR);
  const rules = opts.examples === false ? loaded.rules.map((r) => ({ ...r, examples: NO_EXAMPLES })) : loaded.rules;
  return { rules, report: loaded.report, detector: createRuleDetector(rules) };
}

const NO_EXAMPLES: CompiledRule['examples'] = Object.freeze({ match: Object.freeze([]), nomatch: Object.freeze([]) });
