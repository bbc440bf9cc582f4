// The built-in pack loads cleanly, and every rule's examples behave as they say.
import { describe, expect, it } from 'vitest';
import { loadRulePack } from '../../../detectors/rules/pack.js';
import { formatIssue } from '../../../detectors/rules/engine/load.js';
import { runRuleExamples } from '../../../detectors/rules/engine/examples.js';

const builtinPack = loadRulePack();

const { rules, report } = builtinPack;

describe('built-in rule pack', () => {
  it('loads without errors or warnings', () => {
    expect(report.errors.map(formatIssue)).toEqual([]);
    expect(report.warnings.map(formatIssue)).toEqual([]);
    expect(report.loaded).toBe(rules.length);
    expect(rules.length).toBeGreaterThanOrEqual(40);
  });

  it('has stable kebab-case ids, and every rule has match and nomatch examples', () => {
    for (const r of rules) {
      expect(r.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(r.examples.match.length, `${r.id} (${r.file}:${r.line}) has no match example`).toBeGreaterThan(0);
      expect(r.examples.nomatch.length, `${r.id} (${r.file}:${r.line}) has no nomatch example`).toBeGreaterThan(0);
    }
  });

  it.each(rules.map((r) => [r.id, r] as const))('%s: its examples behave as stated', (_id, rule) => {
    const failures = runRuleExamples([rule]).map((f) => `${f.rule} (${f.file}:${f.line}) ${f.kind} ${JSON.stringify(f.example)}: ${f.message}`);
    expect(failures).toEqual([]);
  });
});
