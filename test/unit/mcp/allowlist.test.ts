// The allowlist IT pushes: parsing with file:line errors, and approval by package+version, command, url and team.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { approvalStatus, loadAllowlist, parseAllowlist, type Allowlist } from '../../../collectors/mcp/allowlist.js';
import type { McpServerConfig } from '../../../collectors/mcp/types.js';

const policy = (yaml: string): Allowlist => {
  const r = parseAllowlist(yaml, 'p.yaml');
  if ('error' in r) throw new Error(r.error);
  return r;
};
const npx = (spec: string): McpServerConfig => ({ name: 'n', transport: 'stdio', command: 'npx', args: ['-y', spec] });

describe('parseAllowlist', () => {
  it('YAML and JSON', () => {
    expect(policy('servers:\n  - package: a\n').entries).toEqual([{ package: 'a' }]);
    expect(policy('{"version": 1, "servers": [{"url": "https://x/*", "teams": ["t"]}]}').entries).toEqual([{ url: 'https://x/*', teams: ['t'] }]);
  });
  it('a broken file is one line with file:line and the key', () => {
    expect(parseAllowlist('servers:\n  - package: a\n  - packge: b\n', 'p.yaml')).toEqual({ error: 'allowlist p.yaml:3: servers.1.packge: unknown key' });
    expect(parseAllowlist('servers:\n  - package: a\n    command: b\n', 'p.yaml')).toEqual({ error: 'allowlist p.yaml:2: servers.0: each entry names exactly one of package, command or url' });
    expect(parseAllowlist('servers: [\n', 'p.yaml')).toMatchObject({ error: expect.stringMatching(/^allowlist p\.yaml:\d+: not valid YAML\/JSON: /) });
    expect(parseAllowlist('servers:\n  - package: a\n    teams: []\n', 'p.yaml')).toMatchObject({ error: expect.stringMatching(/^allowlist p\.yaml:3: servers\.0\.teams: /) });
    expect(parseAllowlist('nothing: here\n', 'p.yaml')).toMatchObject({ error: expect.stringMatching(/^allowlist p\.yaml:1: /) });
  });
});

describe('approvalStatus', () => {
  it('no policy → no-policy', () => expect(approvalStatus(npx('a'), undefined)).toBe('no-policy'));

  it('package with an exact version or a semver range; an unpinned server does not satisfy a versioned entry', () => {
    const p = policy('servers:\n  - package: "@m/fs"\n    version: ">=2025.1.0"\n  - package: any-version\n  - package: exact\n    version: 1.2.3\n');
    expect(approvalStatus(npx('@m/fs@2025.8.21'), p)).toBe('approved');
    expect(approvalStatus(npx('@m/fs@2024.12.1'), p)).toBe('unapproved');
    expect(approvalStatus(npx('@m/fs'), p)).toBe('unapproved');
    expect(approvalStatus(npx('any-version'), p)).toBe('approved');
    expect(approvalStatus(npx('exact@1.2.3'), p)).toBe('approved');
    expect(approvalStatus(npx('exact@1.2.4'), p)).toBe('unapproved');
    expect(approvalStatus(npx('@m/fs-evil@2025.8.21'), p)).toBe('unapproved');
  });

  it('PyPI and docker packages by exact version or digest; ecosystem narrows', () => {
    const p = policy(`servers:\n  - package: mcp-server-git\n    ecosystem: pypi\n    version: "2025.1.14"\n  - package: ghcr.io/github/github-mcp-server\n    version: "sha256:${'a'.repeat(64)}"\n`);
    expect(approvalStatus({ name: 'g', transport: 'stdio', command: 'uvx', args: ['mcp-server-git==2025.1.14'] }, p)).toBe('approved');
    expect(approvalStatus({ name: 'g', transport: 'stdio', command: 'npx', args: ['mcp-server-git@2025.1.14'] }, p)).toBe('unapproved');
    expect(approvalStatus({ name: 'd', transport: 'stdio', command: 'docker', args: ['run', '-i', `ghcr.io/github/github-mcp-server@sha256:${'a'.repeat(64)}`] }, p)).toBe('approved');
    expect(approvalStatus({ name: 'd', transport: 'stdio', command: 'docker', args: ['run', '-i', 'ghcr.io/github/github-mcp-server:latest'] }, p)).toBe('unapproved');
  });

  it('command and url globs; args when given must match exactly', () => {
    const p = policy('servers:\n  - command: "/usr/local/bin/company-*"\n  - command: node\n    args: [/opt/approved.js]\n  - url: "https://*.githubcopilot.com/mcp/*"\n');
    expect(approvalStatus({ name: 'c', transport: 'stdio', command: '/usr/local/bin/company-mcp' }, p)).toBe('approved');
    expect(approvalStatus({ name: 'c', transport: 'stdio', command: '/tmp/usr/local/bin/company-mcp' }, p)).toBe('unapproved');
    expect(approvalStatus({ name: 'c', transport: 'stdio', command: 'node', args: ['/opt/approved.js'] }, p)).toBe('approved');
    expect(approvalStatus({ name: 'c', transport: 'stdio', command: 'node', args: ['/opt/other.js'] }, p)).toBe('unapproved');
    expect(approvalStatus({ name: 'u', transport: 'http', url: 'https://api.githubcopilot.com/mcp/x' }, p)).toBe('approved');
    expect(approvalStatus({ name: 'u', transport: 'http', url: 'https://api.githubcopilot.com.evil.io/mcp/x' }, p)).toBe('unapproved');
  });

  it('team entries approve only for machines of that team', () => {
    const p = policy('servers:\n  - command: /opt/srv\n    teams: [platform, sre]\n');
    const c: McpServerConfig = { name: 'c', transport: 'stdio', command: '/opt/srv' };
    expect(approvalStatus(c, p, 'platform')).toBe('approved');
    expect(approvalStatus(c, p, 'marketing')).toBe('unapproved');
    expect(approvalStatus(c, p)).toBe('unapproved');
  });
});

describe('loadAllowlist', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });
  const tmp = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-allow-')); dirs.push(d); return d; };

  it('user file first, then the system one; neither → no policy and no error', () => {
    const home = tmp(); const sys = tmp();
    expect(loadAllowlist({ home, systemRoot: sys })).toEqual({});
    fs.mkdirSync(path.join(sys, 'etc/agentwatch'), { recursive: true });
    fs.writeFileSync(path.join(sys, 'etc/agentwatch/mcp-allowlist.yaml'), 'servers:\n  - package: sys\n');
    expect(loadAllowlist({ home, systemRoot: sys }).allowlist!.entries).toEqual([{ package: 'sys' }]);
    fs.mkdirSync(path.join(home, '.config/agentwatch'), { recursive: true });
    fs.writeFileSync(path.join(home, '.config/agentwatch/mcp-allowlist.yaml'), 'servers:\n  - package: user\n');
    expect(loadAllowlist({ home, systemRoot: sys }).allowlist!.entries).toEqual([{ package: 'user' }]);
  });

  it('a configured file that is missing or broken is an error line, not a throw', () => {
    const home = tmp();
    expect(loadAllowlist({ home, configured: path.join(home, 'nope.yaml') }).error).toMatch(/nope\.yaml: cannot read \(ENOENT\); servers are shown as no-policy$/);
    fs.writeFileSync(path.join(home, 'bad.yaml'), 'servers: 3\n');
    const r = loadAllowlist({ home, configured: '~/bad.yaml' });
    expect(r.allowlist).toBeUndefined();
    expect(r.error).toMatch(/^allowlist .*bad\.yaml:1: servers: /);
  });
});
