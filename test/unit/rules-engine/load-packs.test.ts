// Packs on disk: the built-in directory, then config directories IT can push; and the built-in
// pack's path lists kept in step with the TypeScript catalog that sequence and baseline code read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRulePacks } from '../../../detectors/rules/engine/load.js';
import { BUILTIN_RULES_DIR } from '../../../detectors/rules/pack.js';
import { agentHookFiles, catalogRuleLists, PERSISTENCE_FILES } from '../../../detectors/catalog.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-rules-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('loadRulePacks', () => {
  it('loads the built-in pack, then config packs; a bad file costs only its bad rules', () => {
    const it1 = path.join(tmp, 'it');
    fs.mkdirSync(it1);
    fs.writeFileSync(path.join(it1, '10-mute.yaml'), '- rule: npm-publish\n  enabled: false\n');
    fs.writeFileSync(path.join(it1, '20-extra.yml'), [
      '- rule: corp-vpn-off',
      '  desc: VPN switched off',
      '  condition: {all: [{cmd.prog: [nmcli, wg-quick]}, {cmd.args: [down, disconnect]}]}',
      '  severity: medium',
      '  tactic: defense-evasion',
      '  reason: "The agent runs `{cmd.line}`, which takes this machine off the corporate VPN."',
      '  examples: {match: [{tool: Bash, command: "wg-quick down corp"}], nomatch: [{tool: Bash, command: "wg-quick up corp"}]}',
      '- rule: corp-broken',
      '  desc: broken',
      '  condition: {cmd.prog: {matches: x}}',
      '  severity: low',
      '  tactic: impact',
      '  reason: "x."',
      '',
    ].join('\n'));
    fs.writeFileSync(path.join(it1, 'notes.txt'), 'not a rule file');
    const { rules, report } = loadRulePacks([it1, path.join(tmp, 'missing')], BUILTIN_RULES_DIR);
    const ids = rules.map((r) => r.id);
    expect(ids).toContain('corp-vpn-off');
    expect(ids).toContain('secret-read');
    expect(ids).not.toContain('npm-publish');
    expect(report.errors).toEqual([{ file: path.join(it1, '20-extra.yml'), line: 10, ruleId: 'corp-broken', message: expect.stringMatching(/unknown operator 'matches'/) }]);
    expect(report.warnings).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: path.join(tmp, 'missing'), message: expect.stringMatching(/cannot read rule directory/) }),
      expect.objectContaining({ file: path.join(it1, '10-mute.yaml'), line: 1, ruleId: 'npm-publish', message: "rule 'npm-publish' disabled" }),
    ]));
    expect(report.loaded).toBe(rules.length);
    expect(report.files.filter((f) => f.startsWith(it1))).toHaveLength(2);
  });

  it('a missing built-in directory is an error, not a crash', () => {
    const { rules, report } = loadRulePacks([], path.join(tmp, 'nope'));
    expect(rules).toEqual([]);
    expect(report.errors[0]).toMatchObject({ file: path.join(tmp, 'nope'), line: 0 });
  });
});

describe('built-in path lists match detectors/catalog.ts', () => {
  const lists = new Map<string, unknown[]>();
  for (const f of fs.readdirSync(BUILTIN_RULES_DIR)) {
    for (const item of YAML.parse(fs.readFileSync(path.join(BUILTIN_RULES_DIR, f), 'utf8')) as Record<string, unknown>[]) {
      if (typeof item.list === 'string') lists.set(item.list, item.items as unknown[]);
    }
  }
  it.each(PERSISTENCE_FILES.map((c) => [c.id, c] as const))('persistence class %s', (id, c) => {
    const list = { 'shell-rc': 'shell-rc-files', 'authorized-keys': 'authorized-keys-files', 'git-hook': 'git-hook-files', 'systemd-unit': 'systemd-unit-files', cron: 'cron-files', autostart: 'autostart-files', 'login-script': 'login-script-files', 'udev-rule': 'udev-rule-files' }[id];
    expect(lists.get(list ?? id)).toEqual(c.patterns);
  });
  it('agent hook files', () => {
    // One source: the agent catalog gives the rules this list (a pack defining it too could drift).
    expect(lists.has('agent-hook-files')).toBe(false);
    expect(catalogRuleLists().get('agent-hook-files')).toEqual(agentHookFiles().flatMap((c) => c.patterns));
  });
});

describe('detectors/rules/README.md', () => {
  it('documents every field', async () => {
    const { FIELDS } = await import('../../../detectors/rules/engine/fields.js');
    const doc = fs.readFileSync(new URL('../../../detectors/rules/README.md', import.meta.url), 'utf8');
    for (const f of Object.keys(FIELDS)) expect(doc, f).toContain(`| \`${f}\` |`);
  });
});
