// Acceptance for MCP discovery: `agentwatch mcp --json` with HOME = a copy of a fixture home covering 15
// clients finds every configured server with its provenance, allowlist status and findings, reports the
// broken files as problems, and exits 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv } from '../helpers/run-cli.js';
import { cliMain } from '../helpers/daemon.js';
import { repoRoot } from '../helpers/repo-root.js';
import { openDatabase } from '../../daemon/store/database.js';

const FIXTURE = path.join(repoRoot, 'test', 'fixtures', 'homes', 'dev');
const SYSTEM = path.join(FIXTURE, 'system');

interface Row { type: string; agent: string; scope: string; file: string; pointer?: string; transport?: string; status?: string; name?: string;
  findings?: Array<{ id: string; severity: string; evidence?: string }>; env?: Record<string, string>; args?: string[]; project?: string; error?: string }

// [agent, scope, file (~ = HOME, <sys> = system root), pointer, transport, status, findings other than MCP-UNAPPROVED]
const EXPECTED: Array<[string, string, string, string, string, string, string[]]> = [
  ['amazon-q', 'project', '~/work/app/.amazonq/mcp.json', 'mcpServers.proj-q', 'stdio', 'unapproved', []],
  ['amazon-q', 'user', '~/.aws/amazonq/cli-agents/dev.json', 'mcpServers.git', 'stdio', 'approved', []],
  ['amazon-q', 'user', '~/.aws/amazonq/mcp.json', 'mcpServers.aws-docs', 'stdio', 'unapproved', ['MCP-UNPINNED-PACKAGE']],
  ['claude-code', 'local', '~/.claude.json', 'projects["/home/dev/work/app"].mcpServers.db', 'stdio', 'unapproved', ['MCP-INLINE-SECRET']],
  ['claude-code', 'managed', '<sys>/etc/claude-code/managed-mcp.json', 'mcpServers.company-internal', 'stdio', 'approved', []],
  ['claude-code', 'project', '~/work/app/.mcp.json', 'mcpServers.billing', 'stdio', 'unapproved', ['MCP-INLINE-SECRET']],
  ['claude-code', 'project', '~/work/app/.mcp.json', 'mcpServers.sentry', 'http', 'unapproved', []],
  ['claude-code', 'user', '~/.claude.json', 'mcpServers.filesystem', 'stdio', 'approved', []],
  ['claude-code', 'user', '~/.claude.json', 'mcpServers.github', 'stdio', 'unapproved', ['MCP-UNPINNED-PACKAGE', 'MCP-INLINE-SECRET']],
  ['claude-code', 'user', '~/.claude.json', 'mcpServers.linear', 'sse', 'unapproved', []],
  ['claude-desktop', 'user', '~/.config/Claude/claude_desktop_config.json', 'mcpServers.filesystem', 'stdio', 'unapproved', ['MCP-UNPINNED-PACKAGE', 'MCP-BROAD-PATH']],
  ['claude-desktop', 'user', '~/.config/Claude/claude_desktop_config.json', 'mcpServers.ssh-helper', 'stdio', 'unapproved', ['MCP-SENSITIVE-PATH']],
  ['cline', 'extension', '~/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json', 'mcpServers.legacy-sse', 'sse', 'unapproved', []],
  ['cline', 'extension', '~/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json', 'mcpServers.weather', 'stdio', 'unapproved', ['MCP-AUTO-APPROVE']],
  ['cline', 'user', '~/.cline/data/settings/cline_mcp_settings.json', 'mcpServers.everything', 'stdio', 'unapproved', ['MCP-AUTO-APPROVE']],
  ['codex', 'managed', '<sys>/etc/codex/managed_config.toml', 'mcp_servers.corp-codex', 'http', 'unapproved', []],
  ['codex', 'project', '~/work/app/.codex/config.toml', 'mcp_servers.proj-codex', 'stdio', 'unapproved', []],
  ['codex', 'user', '~/.codex/config.toml', 'mcp_servers.context7', 'stdio', 'unapproved', ['MCP-UNPINNED-PACKAGE']],
  ['codex', 'user', '~/.codex/config.toml', 'mcp_servers.figma', 'http', 'unapproved', []],
  ['codex', 'user', '~/.codex/config.toml', 'mcp_servers.installer', 'stdio', 'unapproved', ['MCP-SHELL-WRAPPER', 'MCP-PIPE-TO-SHELL']],
  ['continue', 'project', '~/work/app/.continue/mcpServers/db.yaml', 'mcpServers[0]', 'stdio', 'unapproved', []],
  ['continue', 'project', '~/work/app/.continue/mcpServers/from-claude.json', 'mcpServers.proj-continue-json', 'stdio', 'unapproved', []],
  ['continue', 'user', '~/.continue/config.yaml', 'mcpServers[0]', 'stdio', 'unapproved', ['MCP-UNPINNED-PACKAGE']],
  ['continue', 'user', '~/.continue/config.yaml', 'mcpServers[1]', 'http', 'unapproved', []],
  ['copilot-cli', 'project', '~/work/app/.github/mcp.json', 'mcpServers.proj-copilot', 'http', 'unapproved', []],
  ['copilot-cli', 'user', '~/.copilot/mcp-config.json', 'mcpServers.playwright', 'stdio', 'unapproved', ['MCP-UNPINNED-PACKAGE', 'MCP-AUTO-APPROVE']],
  ['copilot', 'project', '~/work/app/.vscode/mcp.json', 'servers.proj-vscode', 'stdio', 'unapproved', []],
  ['copilot', 'project', '~/work/broken/.vscode/mcp.json', 'servers.ok-one', 'stdio', 'unapproved', []],
  ['copilot', 'user', '~/.config/Code/User/mcp.json', 'servers.copilot-mcp', 'http', 'approved', []],
  ['copilot', 'user', '~/.config/Code/User/mcp.json', 'servers.perplexity', 'stdio', 'unapproved', ['MCP-UNPINNED-PACKAGE']],
  ['copilot', 'user', '~/.config/Code/User/settings.json', 'mcp.servers.root-tools', 'stdio', 'unapproved', ['MCP-SUDO']],
  ['cursor', 'project', '~/work/app/.cursor/mcp.json', 'mcpServers.proj-cursor', 'stdio', 'unapproved', []],
  ['cursor', 'user', '~/.cursor/mcp.json', 'mcpServers.figma-local', 'http', 'unapproved', []],
  ['cursor', 'user', '~/.cursor/mcp.json', 'mcpServers.github-docker', 'stdio', 'unapproved', ['MCP-UNPINNED-IMAGE']],
  ['cursor', 'user', '~/.cursor/mcp.json', 'mcpServers.remote-plain', 'http', 'unapproved', ['MCP-PLAIN-HTTP', 'MCP-INLINE-SECRET']],
  ['gemini-cli', 'extension', '~/.gemini/extensions/acme/gemini-extension.json', 'mcpServers.acme-tools', 'stdio', 'unapproved', ['MCP-UNPINNED-GIT']],
  ['gemini-cli', 'managed', '<sys>/etc/gemini-cli/settings.json', 'mcpServers.corp-search', 'http', 'unapproved', []],
  ['gemini-cli', 'project', '~/work/app/.gemini/settings.json', 'mcpServers.proj-gemini', 'stdio', 'unapproved', ['MCP-UNPINNED-IMAGE', 'MCP-CONTAINER-ESCAPE', 'MCP-SENSITIVE-PATH']],
  ['gemini-cli', 'user', '~/.gemini/settings.json', 'mcpServers.http-remote', 'http', 'unapproved', []],
  ['gemini-cli', 'user', '~/.gemini/settings.json', 'mcpServers.sse-remote', 'sse', 'unapproved', []],
  ['gemini-cli', 'user', '~/.gemini/settings.json', 'mcpServers.trusted-tools', 'stdio', 'unapproved', ['MCP-AUTO-APPROVE']],
  ['goose', 'user', '~/.config/goose/config.yaml', 'extensions.github', 'stdio', 'unapproved', ['MCP-INLINE-SECRET']],
  ['goose', 'user', '~/.config/goose/config.yaml', 'extensions.remote-sse', 'sse', 'unapproved', []],
  ['kiro', 'project', '~/work/app/.kiro/settings/mcp.json', 'mcpServers.proj-kiro', 'stdio', 'unapproved', ['MCP-UNPINNED-PACKAGE']],
  ['kiro', 'user', '~/.kiro/settings/mcp.json', 'mcpServers.fetch', 'stdio', 'unapproved', ['MCP-UNPINNED-PACKAGE', 'MCP-AUTO-APPROVE']],
  ['opencode', 'project', '~/work/app/opencode.json', 'mcp.proj-opencode', 'stdio', 'unapproved', []],
  ['opencode', 'user', '~/.config/opencode/opencode.json', 'mcp.local-tool', 'stdio', 'unapproved', []],
  ['opencode', 'user', '~/.config/opencode/opencode.json', 'mcp.remote-tool', 'http', 'unapproved', []],
  ['windsurf', 'project', '~/work/app/.windsurf/mcp_config.json', 'mcpServers.proj-windsurf', 'stdio', 'unapproved', ['MCP-SHELL-WRAPPER']],
  ['windsurf', 'user', '~/.codeium/mcp_config.json', 'mcpServers.lan-sse', 'http', 'unapproved', ['MCP-PLAIN-HTTP']],
  ['windsurf', 'user', '~/.codeium/windsurf/mcp_config.json', 'mcpServers.brave', 'stdio', 'unapproved', ['MCP-INLINE-SECRET']],
  ['windsurf', 'user', '~/.codeium/windsurf/mcp_config.json', 'mcpServers.remote', 'http', 'unapproved', []],
  ['zed', 'project', '~/work/app/.zed/settings.json', 'context_servers.proj-zed', 'http', 'unapproved', []],
  ['zed', 'user', '~/.config/zed/settings.json', 'context_servers.old-style', 'stdio', 'unapproved', []],
  ['zed', 'user', '~/.config/zed/settings.json', 'context_servers.postgres-ctx', 'stdio', 'unapproved', ['MCP-UNPINNED-PACKAGE']],
];

// [file, what the one-line error must say]
const PROBLEMS: Array<[string, RegExp]> = [
  ['~/work/broken/.mcp.json', /mcpServers: expected a map of servers/],
  ['~/work/broken/.cursor/mcp.json', /mcp\.json:3: not valid JSON/],
  ['~/work/broken/.codex/config.toml', /config\.toml:1: not valid TOML/],
  ['~/work/broken/.continue/mcpServers/bad.yaml', /bad\.yaml:\d+: not valid YAML/],
  ['~/work/broken/.vscode/mcp.json', /servers\.bad-args: args must be a list/],
  ['~/work/broken/.kiro/settings/mcp.json', /mcpServers\.nothing: has neither command nor url/],
];

let home: string;
const tilde = (f: string) => f.replace(home, '~').replace(SYSTEM, '<sys>');

function mcp(args: string[], extraEnv: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cliMain, 'mcp', ...args], {
    env: cleanEnv({ HOME: home, XDG_CONFIG_HOME: '', AGENTWATCH_STATE_DIR: path.join(home, '.local', 'state', 'agentwatch'), ...extraEnv }),
    encoding: 'utf8', timeout: 30_000,
  });
  const rows = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Row);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, servers: rows.filter((x) => x.type === 'server'), problems: rows.filter((x) => x.type === 'problem') };
}

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-mcp-home-'));
  fs.cpSync(path.join(FIXTURE, 'home'), home, { recursive: true });
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('agentwatch mcp --json on a fixture home', () => {
  it('finds every server of 15 clients with provenance, status and findings, and reports broken files', () => {
    const r = mcp(['--json', '--project', path.join(home, 'work/app'), '--project', path.join(home, 'work/broken'), '--system-root', SYSTEM]);
    expect(r.code, r.stderr).toBe(0);
    const got = r.servers.map((s) => [s.agent, s.scope, tilde(s.file), s.pointer, s.transport, s.status, s.findings!.map((f) => f.id).filter((id) => id !== 'MCP-UNAPPROVED')]);
    expect(got).toEqual(EXPECTED);
    expect(new Set(r.servers.map((s) => s.agent)).size).toBe(15);
    // Every server the allowlist does not approve says so as a finding.
    for (const s of r.servers) expect(s.findings!.some((f) => f.id === 'MCP-UNAPPROVED'), s.name).toBe(s.status === 'unapproved');
    expect(r.problems.map((p) => tilde(p.file))).toEqual(expect.arrayContaining(PROBLEMS.map(([f]) => f)));
    expect(r.problems).toHaveLength(PROBLEMS.length);
    for (const [file, re] of PROBLEMS) expect(r.problems.find((p) => tilde(p.file) === file)!.error).toMatch(re);
    // Local scope keeps the project the entry belongs to.
    expect(r.servers.find((s) => s.scope === 'local')!.project).toBe('/home/dev/work/app');
  });

  it('never prints a secret from the configs', () => {
    const r = mcp(['--json', '--project', path.join(home, 'work/app'), '--system-root', SYSTEM]);
    for (const secret of ['ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8', 's3cretPassw0rd', 'sk_live_51Habcdefghijklmnopqrstuv', 'BSAq1w2e3r4t5y6u7i8o9p0', 'abcdef0123456789abcdef0123456789']) {
      expect(r.stdout).not.toContain(secret);
    }
    const github = r.servers.find((s) => s.agent === 'claude-code' && s.name === 'github')!;
    expect(github.env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: '[REDACTED]' });
    expect(github.findings!.find((f) => f.id === 'MCP-INLINE-SECRET')!.evidence).toBe('GITHUB_PERSONAL_ACCESS_TOKEN=[REDACTED]');
    const text = mcp(['--project', path.join(home, 'work/app'), '--system-root', SYSTEM]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('MCP-PIPE-TO-SHELL');
    expect(text.stdout).not.toContain('s3cretPassw0rd');
  });

  it('reads project configs from the working directories of sessions the daemon has seen', () => {
    const stateDir = path.join(home, '.local', 'state', 'agentwatch');
    fs.mkdirSync(stateDir, { recursive: true });
    const db = openDatabase(path.join(stateDir, 'agentwatch.db')).db;
    db.prepare('INSERT INTO sessions (id, agent, cwd, first_ts, last_ts) VALUES (?, ?, ?, ?, ?)').run('s1', 'claude-code', path.join(home, 'work/app'), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
    db.close();
    try {
      const r = mcp(['--json']);
      expect(r.code, r.stderr).toBe(0);
      const projectRows = (rows: Array<[string, string]>) => rows.map(([f, p]) => `${f} ${p}`).sort();
      expect(projectRows(r.servers.filter((s) => s.scope === 'project').map((s) => [tilde(s.file), s.pointer!])))
        .toEqual(projectRows(EXPECTED.filter((e) => e[1] === 'project' && e[2].startsWith('~/work/app/')).map((e) => [e[2], e[3]])));
      expect(r.servers.some((s) => s.scope === 'managed')).toBe(false); // no system root given: the fixture's managed files are not on this machine's /etc
    } finally {
      fs.rmSync(path.join(home, '.local', 'state'), { recursive: true, force: true });
    }
  });

  it('a broken allowlist is one problem line; servers show no-policy and the command still exits 0', () => {
    const policy = path.join(home, '.config', 'agentwatch', 'mcp-allowlist.yaml');
    const good = fs.readFileSync(policy, 'utf8');
    fs.writeFileSync(policy, 'servers:\n  - package: a\n    url: https://x\n');
    try {
      const r = mcp(['--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.servers.length).toBeGreaterThan(0);
      expect(r.servers.every((s) => s.status === 'no-policy')).toBe(true);
      const p = r.problems.find((x) => x.file === policy)!;
      expect(p.error).toMatch(/mcp-allowlist\.yaml:2: servers\.0: each entry names exactly one of package, command or url/);
      expect(p.error).not.toContain('\n');
    } finally {
      fs.writeFileSync(policy, good);
    }
  });

  it('--server filters, --fail-on sets the exit code for CI, and bad input is a one-line error with exit 2', () => {
    const one = mcp(['--json', '--server', 'playwright']);
    expect(one.code).toBe(0);
    expect(one.servers.map((s) => s.agent)).toEqual(['copilot-cli']);
    expect(mcp(['--json', '--server', 'playwright', '--fail-on', 'high']).code).toBe(1);
    expect(mcp(['--json', '--server', 'figma', '--fail-on', 'high']).code).toBe(0);
    const missing = mcp(['--project', path.join(home, 'no-such-dir')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^agentwatch: --project .*no-such-dir: no such directory$/);
    const noServer = mcp(['--server', 'nope']);
    expect(noServer.code).toBe(2);
  });
});
