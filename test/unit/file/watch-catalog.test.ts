// The watch catalog as data: the YAML groups flatten to one entry a path, and a broken catalog is
// reported in one line naming the file and the field.
import { describe, expect, it } from 'vitest';
import { parseWatchCatalog, WATCH_CATALOG, watchCatalogWithAgents } from '../../../collectors/file/watch-catalog.js';
import { agentCatalog, parseCatalog } from '../../../core/agents/catalog.js';

const EMPTY = 'credential: []\npersistence: []\nagent-config: []\n';

describe('parseWatchCatalog', () => {
  it('flattens each group to one entry per path, files before dirs, with the class and os of the group', () => {
    const text = `${EMPTY.replace('credential: []', 'credential:\n  - { id: gcloud, files: [~/a.db, ~/b.db], dirs: [~/legacy] }')}`
      .replace('agent-config: []', 'agent-config:\n  - { id: vscode, os: darwin, files: [~/Library/x.json] }');
    expect(parseWatchCatalog(text, 'cat.yaml')).toEqual([
      { id: 'gcloud', class: 'credential', kind: 'file', path: '~/a.db' },
      { id: 'gcloud', class: 'credential', kind: 'file', path: '~/b.db' },
      { id: 'gcloud', class: 'credential', kind: 'dir', path: '~/legacy' },
      { id: 'vscode', class: 'agent-config', kind: 'file', path: '~/Library/x.json', os: 'darwin' },
    ]);
  });

  it.each([
    ['credential: [\n', /^cat\.yaml: /],
    [EMPTY.replace('credential: []', 'credential:\n  - { id: aws }'), /^cat\.yaml: credential\.0: needs files or dirs$/],
    [EMPTY.replace('credential: []', 'credential:\n  - { id: aws, dirs: [~/.aws], os: windows }'), /^cat\.yaml: credential\.0\.os: /],
    [EMPTY.replace('credential: []', 'credential:\n  - { id: aws, dir: [~/.aws] }'), /^cat\.yaml: credential\.0: /],
    [`${EMPTY}secrets: []\n`, /^cat\.yaml: \(top\): /],
    ['persistence: []\n', /^cat\.yaml: credential: /],
  ])('rejects a malformed catalog in one line (%#)', (text, message) => {
    let err: Error | undefined;
    try { parseWatchCatalog(text, 'cat.yaml'); } catch (e) { err = e as Error; }
    expect(err?.message).toMatch(message);
    expect(err?.message).not.toContain('\n');
  });
});

describe('the shipped catalog', () => {
  it('lists every path once, in every class', () => {
    const paths = WATCH_CATALOG.map((e) => e.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(new Set(WATCH_CATALOG.map((e) => e.class))).toEqual(new Set(['credential', 'persistence', 'agent-config']));
    expect(WATCH_CATALOG.find((e) => e.path === '~/Library/Keychains')).toEqual({ id: 'keychain', class: 'credential', kind: 'dir', path: '~/Library/Keychains', os: 'darwin' });
    expect(WATCH_CATALOG.find((e) => e.path === '/etc/crontab')).toEqual({ id: 'cron', class: 'persistence', kind: 'file', path: '/etc/crontab', os: 'linux' });
  });
});

describe('agent config files from the agent catalog', () => {
  it('watches every agent\'s user-level config and hook files, once, with the agent named in the id', () => {
    const catalog = parseCatalog(`agents:
  - kind: acme-code
    label: Acme Code
    variants: [{ id: acme-cli, variant: cli, label: Acme, match: [{ program: ^acme$ }] }]
    configFiles: [~/.acme/settings.json, .acme/settings.json, ~/.claude/settings.json]
    hookFiles: [~/.acme/settings.json, /etc/acme/managed.json]
`);
    const entries = watchCatalogWithAgents(catalog);
    expect(entries.filter((e) => e.path === '~/.acme/settings.json')).toEqual([{ id: 'acme-code-config', class: 'agent-config', kind: 'file', path: '~/.acme/settings.json' }]);
    expect(entries.filter((e) => e.path === '~/.claude/settings.json')).toHaveLength(1); // already in the YAML
    expect(entries.some((e) => e.path === '.acme/settings.json' || e.path === '/etc/acme/managed.json')).toBe(false);
    // the shipped catalog: Qwen Code (added as a catalog entry only) is watched too
    expect(watchCatalogWithAgents(agentCatalog()).some((e) => e.path.startsWith('~/.qwen/'))).toBe(true);
  });
});
