import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agentKinds, DEFAULT_CATALOG_FILE, loadCatalog, parseCatalog } from '../../../core/agents/catalog.js';

// One agent `aider` with one variant `x`; `extra` goes into the variant.
const entry = (extra: string) => `agents:\n  - kind: aider\n    label: Aider\n    variants:\n      - id: x\n        variant: cli\n        label: X\n        match:\n          - program: '^x$'\n${extra.replace(/^ {4}/gm, '        ')}`;

describe('agent catalog', () => {
  it('the shipped catalog loads and covers every agent kind', () => {
    const c = loadCatalog();
    expect(new Set(c.entries.map((e) => e.agent))).toEqual(new Set(agentKinds().filter((k) => k !== 'unknown')));
    const claude = c.entries.filter((e) => e.agent === 'claude-code').map((e) => e.variant);
    expect(claude).toEqual(['ide-bundled', 'npm', 'native']);
    expect(c.entries.find((e) => e.id === 'codex-cli')?.sessionEnv).toBe('CODEX_SESSION_ID');
    expect(c.entries.find((e) => e.id === 'claude-code-native')?.hookEvents).toContain('PreToolUse');
    expect(c.entries.find((e) => e.id === 'gemini-cli')?.envStamps).toContain('GEMINI_CLI');
  });

  it('a minimal entry parses, with defaults for the file lists', () => {
    const c = parseCatalog(entry(''));
    expect(c.entries[0]).toMatchObject({ id: 'x', agent: 'aider', hookFiles: [], envStamps: [] });
    expect(c.entries[0]!.match[0]!.program!.test('x')).toBe(true);
  });

  it.each([
    ['not YAML', 'agents: [\n', /not valid YAML/],
    ['bad agent kind', entry('').replace('kind: aider', 'kind: Sky Net'), /agents\.0\.kind/],
    ['reserved agent kind', entry('').replace('kind: aider', 'kind: unknown'), /agents\.0\.kind: "unknown" is reserved/],
    ['bad regex', entry('').replace("'^x$'", "'(['"), /bad regex/],
    ['empty rule', entry('').replace("          - program: '^x$'\n", '          - {}\n'), /needs program, path or args/],
    ['unknown key', entry('    colour: red\n'), /colour/],
    ['duplicate id', `${entry('')}  - kind: goose\n    label: Goose\n    variants: [{id: x, variant: cli, label: Y, match: [{program: y}]}]\n`, /duplicate id x/],
    ['no agents', 'agents: []\n', /agents/],
  ])('a broken catalog (%s) is a one-line error naming the file', (_what, text, re) => {
    let msg = '';
    try { parseCatalog(text, '/etc/cat.yaml'); } catch (err) { msg = (err as Error).message; }
    expect(msg).toMatch(re);
    expect(msg.startsWith('/etc/cat.yaml: ')).toBe(true);
    expect(msg).not.toContain('\n');
  });

  it('a missing file is a one-line error too', () => {
    const file = path.join(os.tmpdir(), 'aw-no-such-catalog.yaml');
    expect(() => loadCatalog(file)).toThrow(/cannot read the agent catalog: ENOENT/);
    expect(fs.existsSync(DEFAULT_CATALOG_FILE)).toBe(true);
  });
});
