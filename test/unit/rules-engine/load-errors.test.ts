// A bad rule is reported with file:line (and its id) and skipped; every other rule still loads.
import { describe, expect, it } from 'vitest';
import { loadRuleTexts } from '../../../detectors/rules/engine/load.js';

/** A valid rule item, as YAML lines, with `condition` spliced in. */
function rule(id: string, condition: string): string {
  return `- rule: ${id}
  desc: test rule ${id}
  condition: ${condition}
  severity: high
  tactic: execution
  reason: "The agent runs {cmd.line}."
  examples: {match: [{tool: Bash, command: "x"}], nomatch: [{tool: Bash, command: "y"}]}
`;
}

const GOOD_A = rule('good-a', '{cmd.prog: curl}');
const GOOD_B = rule('good-b', '{cmd.prog: wget}');

function load(text: string, file = 'pack.yaml') {
  return loadRuleTexts([{ file, text }]);
}

/** Line (1-based) of the first line of `text` containing `needle`. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('rule load errors', () => {
  it('bad YAML syntax: the broken item is reported at its line, the others load', () => {
    const text = `${GOOD_A}- rule: broken\n  desc: [unclosed\n  severity: high\n${GOOD_B}`;
    const { rules, report } = load(text);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ file: 'pack.yaml' });
    expect(report.errors[0]!.line).toBeGreaterThanOrEqual(lineOf(text, 'rule: broken'));
    expect(report.errors[0]!.line).toBeLessThan(lineOf(text, 'rule: good-b'));
    expect(rules.map((r) => r.id)).toEqual(['good-a', 'good-b']);
  });

  it('a cascade of YAML errors is one error naming the first line, with a count', () => {
    const text = `${GOOD_A}- rule: tab
	desc: d
${GOOD_B}`;
    const { rules, report } = load(text);
    expect(report.errors).toEqual([{ file: 'pack.yaml', line: lineOf(text, '\tdesc'), message: expect.stringMatching(/more YAML errors after it\)$/) }]);
    expect(rules.map((r) => r.id)).toEqual(['good-a']);
  });

  it('duplicate keys in a map', () => {
    const text = `${GOOD_A}${rule('dup-key', '{cmd.prog: x}').replace('severity: high', 'severity: high\n  severity: low')}${GOOD_B}`;
    const { rules, report } = load(text);
    expect(report.errors).toEqual([{ file: 'pack.yaml', line: lineOf(text, 'severity: low'), message: expect.stringMatching(/unique/) }]);
    expect(rules.map((r) => r.id)).toEqual(['good-a', 'good-b']);
  });

  it('a file that is not a list of items', () => {
    const { rules, report } = load('rule: x\ndesc: y\n');
    expect(rules).toEqual([]);
    expect(report.errors).toEqual([{ file: 'pack.yaml', line: 1, message: expect.stringMatching(/YAML list/) }]);
  });

  it.each([
    ['unknown field', '{cmd.nope: curl}', /unknown field 'cmd\.nope'/],
    ['unknown operator', '{field: cmd.prog, op: like, value: curl}', /unknown operator 'like'/],
    ['bad regex', "{cmd.line: {regex: '(unclosed'}}", /bad regex/],
    ['missing macro', '{macro: no-such-macro}', /unknown macro 'no-such-macro'/],
    ['unknown list', '{cmd.prog: {in: {list: no-such-list}}}', /unknown list 'no-such-list'/],
    ['bad CIDR', '{egress.host: {cidr: 10.0.0.0/33}}', /bad CIDR/],
    ['not a condition', '[cmd.prog]', /must be a map/],
  ])('%s: reported at file:line with the rule id, the other rules load', (_name, condition, message) => {
    const text = `${GOOD_A}\n${rule('bad-one', condition)}\n${GOOD_B}`;
    const { rules, report } = load(text);
    expect(report.errors).toEqual([{ file: 'pack.yaml', line: lineOf(text, 'rule: bad-one') + 2, ruleId: 'bad-one', message: expect.stringMatching(message) }]);
    expect(rules.map((r) => r.id)).toEqual(['good-a', 'good-b']);
  });

  it('an error deep inside a condition names the line of the leaf', () => {
    const text = `${GOOD_A}- rule: deep\n  desc: d\n  condition:\n    all:\n      - {cmd.prog: git}\n      - {cmd.args: {regex: '[a-'}}\n  severity: low\n  tactic: impact\n  reason: "x."\n`;
    const { report } = load(text);
    expect(report.errors).toEqual([{ file: 'pack.yaml', line: lineOf(text, "[a-'"), ruleId: 'deep', message: expect.stringMatching(/bad regex/) }]);
  });

  it('duplicate rule id: the second is reported at its line, the first is kept', () => {
    const text = `${GOOD_A}${rule('good-a', '{cmd.prog: nc}')}${GOOD_B}`;
    const { rules, report } = load(text);
    expect(report.errors).toEqual([{ file: 'pack.yaml', line: 8, ruleId: 'good-a', message: expect.stringMatching(/duplicate rule id 'good-a' \(first at pack\.yaml:1\)/) }]);
    expect(rules.map((r) => r.id)).toEqual(['good-a', 'good-b']);
    expect(rules[0]!.file).toBe('pack.yaml');
  });

  it('schema errors: unknown key, bad severity, bad tactic, missing reason', () => {
    const text = [
      GOOD_A,
      rule('extra-key', '{cmd.prog: x}').replace('severity: high', 'severity: high\n  priority: 3'),
      rule('bad-sev', '{cmd.prog: x}').replace('severity: high', 'severity: urgent'),
      rule('bad-tactic', '{cmd.prog: x}').replace('tactic: execution', 'tactic: reconnaissance'),
      rule('no-reason', '{cmd.prog: x}').replace(/ {2}reason: .*\n/, ''),
      GOOD_B,
    ].join('');
    const { rules, report } = load(text);
    expect(rules.map((r) => r.id)).toEqual(['good-a', 'good-b']);
    const byRule = Object.fromEntries(report.errors.map((e) => [e.ruleId, e]));
    expect(byRule['extra-key']).toMatchObject({ line: lineOf(text, 'rule: extra-key'), message: "unknown key 'priority'" });
    expect(byRule['bad-sev']!.message).toMatch(/^severity: /);
    expect(byRule['bad-tactic']!.message).toMatch(/^tactic: /);
    expect(byRule['no-reason']!.message).toMatch(/^reason: /);
  });

  it('an unknown placeholder in the reason is an error', () => {
    const { rules, report } = load(rule('tpl', '{cmd.prog: x}').replace('{cmd.line}', '{cmd.nope}'));
    expect(rules).toEqual([]);
    expect(report.errors[0]).toMatchObject({ ruleId: 'tpl', message: expect.stringMatching(/unknown field \{cmd\.nope\}/) });
  });

  it('a broken macro is reported once, at the macro, and the rules using it are skipped', () => {
    const text = `- macro: m\n  condition: {cmd.bogus: x}\n${rule('uses-m', '{macro: m}')}${GOOD_A}`;
    const { rules, report } = load(text);
    expect(rules.map((r) => r.id)).toEqual(['good-a']);
    expect(report.errors[0]).toEqual({ file: 'pack.yaml', line: 2, message: expect.stringMatching(/macro 'm': unknown field 'cmd\.bogus'/) });
    expect(report.errors[1]).toMatchObject({ ruleId: 'uses-m', message: expect.stringMatching(/macro 'm' does not compile/) });
  });

  it('a macro that refers to itself', () => {
    const { report } = load(`- macro: loop\n  condition: {any: [{macro: loop}, {cmd.prog: x}]}\n${rule('uses-loop', '{macro: loop}')}`);
    expect(report.errors.some((e) => /refers to itself/.test(e.message))).toBe(true);
  });

  it('an item that is neither rule, list nor macro', () => {
    const { report } = load(`- rules: x\n${GOOD_A}`);
    expect(report.errors).toEqual([{ file: 'pack.yaml', line: 1, message: expect.stringMatching(/exactly one of rule:, list: or macro:/) }]);
  });
});

describe('examples', () => {
  it('a malformed example is a load error at its line', () => {
    const text = `${GOOD_A}${rule('bad-example', '{cmd.prog: x}').replace('{tool: Bash, command: "y"}', '{tool: Bash, cmd: "y"}')}${GOOD_B}`;
    const { rules, report } = load(text);
    expect(report.errors).toEqual([{ file: 'pack.yaml', line: lineOf(text, 'cmd: "y"'), ruleId: 'bad-example', message: expect.stringMatching(/unknown key 'cmd'/) }]);
    expect(rules.map((r) => r.id)).toEqual(['good-a', 'good-b']);
  });
});
