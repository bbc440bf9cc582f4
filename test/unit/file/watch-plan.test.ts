// Planning the file watcher on a fake filesystem, the ignore rules, the catalog and the config schema.
import { describe, expect, it } from 'vitest';
import { FileWatchConfigSchema } from '../../../collectors/file/config.js';
import { WATCH_CATALOG, type WatchEntry } from '../../../collectors/file/watch-catalog.js';
import { isIgnoredBelow, isShallowRelevant, isUnderAny, planCatalog, rootOf, type Exists } from '../../../collectors/file/watch-plan.js';

const HOME = '/home/dev';
const fakeFs = (dirs: string[], files: string[] = []): Exists => (p) => (dirs.includes(p) ? 'dir' : files.includes(p) ? 'file' : undefined);

describe('planCatalog', () => {
  const catalog: WatchEntry[] = [
    { id: 'shell-rc', class: 'persistence', kind: 'file', path: '~/.bashrc' },
    { id: 'ssh', class: 'credential', kind: 'dir', path: '~/.ssh' },
    { id: 'docker', class: 'credential', kind: 'file', path: '~/.docker/config.json' },
    { id: 'systemd-unit', class: 'persistence', kind: 'dir', path: '~/.config/systemd/user', os: 'linux' },
    { id: 'autostart', class: 'persistence', kind: 'dir', path: '~/Library/LaunchAgents', os: 'darwin' },
  ];

  it('watches existing catalog dirs deeply and parents of files shallowly', () => {
    const plan = planCatalog(catalog, HOME, 'linux', fakeFs(['/', '/home', HOME, `${HOME}/.ssh`, `${HOME}/.config`], [`${HOME}/.bashrc`]));
    expect([...plan.deep.keys()]).toEqual([`${HOME}/.ssh`]);
    expect([...plan.targets.keys()]).toEqual([`${HOME}/.bashrc`, `${HOME}/.docker/config.json`]);
    expect([...plan.anchors]).toEqual([HOME, `${HOME}/.config`]);
    // Missing parents are watched for creation; macOS-only entries are not planned on Linux.
    expect([...plan.ancestors].sort()).toEqual([`${HOME}/.config/systemd`, `${HOME}/.config/systemd/user`, `${HOME}/.docker`]);
    expect(isShallowRelevant(plan, `${HOME}/.docker`)).toBe(true);
    expect(isShallowRelevant(plan, `${HOME}/.bashrc`)).toBe(true);
    expect(isShallowRelevant(plan, `${HOME}/notes.txt`)).toBe(false);
    expect(isShallowRelevant(plan, `${HOME}/Library`)).toBe(false);
  });

  it('moves a dir from "wait for it" to deep once it exists', () => {
    const plan = planCatalog(catalog, HOME, 'linux', fakeFs(['/', '/home', HOME, `${HOME}/.config`, `${HOME}/.config/systemd`, `${HOME}/.config/systemd/user`, `${HOME}/.ssh`]));
    expect([...plan.deep.keys()]).toEqual([`${HOME}/.ssh`, `${HOME}/.config/systemd/user`]);
  });
});

describe('ignore rules', () => {
  const ignored = new Set(FileWatchConfigSchema.parse({}).ignoredDirs);
  const ws = '/home/dev/build/proj'; // a workspace under a dir named like build output is still watched
  it.each([
    [`${ws}/src/a.ts`, false],
    [`${ws}/node_modules/x/index.js`, true],
    [`${ws}/packages/app/dist/main.js`, true],
    [`${ws}/.next/cache/x`, true],
    [`${ws}/.git`, false],
    [`${ws}/.git/hooks/pre-commit`, false],
    [`${ws}/.git/config`, false],
    [`${ws}/.git/objects/ab/cdef`, true],
    [`${ws}/.git/index`, true],
    [`${ws}/target/debug/app`, true],
  ])('%s ignored: %s', (path, expected) => {
    expect(isIgnoredBelow(ws, path, ignored)).toBe(expected);
  });

  it('finds the longest root and self paths', () => {
    expect(rootOf(['/w', '/w/sub'], '/w/sub/x')).toBe('/w/sub');
    expect(rootOf(['/w'], '/w2/x')).toBeUndefined();
    expect(isUnderAny(['/home/dev/.local/state/agentwatch'], '/home/dev/.local/state/agentwatch/agentwatch.db')).toBe(true);
    expect(isUnderAny(['/home/dev/.local/state/agentwatch'], '/home/dev/.local/state/agentwatch2')).toBe(false);
  });
});

describe('catalog and config', () => {
  it('covers the credential, persistence and agent-config locations the issue names', () => {
    const paths = WATCH_CATALOG.map((e) => e.path);
    for (const p of ['~/.aws', '~/.ssh', '~/.kube', '~/.docker/config.json', '~/.npmrc', '~/.pypirc', '~/.netrc', '~/.git-credentials',
      '~/.bashrc', '~/.zshrc', '~/.profile', '~/.config/autostart', '~/.config/systemd/user', '/etc/cron.d', '~/Library/LaunchAgents',
      '~/.claude/settings.json', '~/.claude.json', '~/.codex/config.toml', '~/.codex/hooks.json', '~/.gemini/settings.json', '~/.cursor/mcp.json']) {
      expect(paths, p).toContain(p);
    }
    expect(WATCH_CATALOG.some((e) => e.id === 'gcloud') && WATCH_CATALOG.some((e) => e.id === 'azure') && WATCH_CATALOG.some((e) => e.id === 'browser')).toBe(true);
  });

  it('has defaults and rejects unknown keys', () => {
    expect(FileWatchConfigSchema.parse({})).toMatchObject({ enabled: true, maxWatches: 4096, maxDepth: 8, workspaces: true, extraDirs: [] });
    expect(() => FileWatchConfigSchema.parse({ maxWatchez: 1 })).toThrow();
  });
});
