// discoverMcp and its parts against the fixture home: candidates per OS, parseConfigFile, ids and fingerprints.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { discoverMcp, mcpConfigCandidates, parseConfigFile, serverFingerprint, serverId } from '../../../collectors/mcp/discover.js';
import { redactServer } from '../../../collectors/mcp/redact-entry.js';
import { repoRoot } from '../../helpers/repo-root.js';

const HOME = path.join(repoRoot, 'test/fixtures/homes/dev/home');
const SYSTEM = path.join(repoRoot, 'test/fixtures/homes/dev/system');

describe('mcpConfigCandidates', () => {
  it('plain paths whether or not they exist (a watcher sees them appear); globs expanded against the disk', () => {
    const c = mcpConfigCandidates({ home: '/nonexistent-home', platform: 'linux', env: {} });
    expect(c).toContainEqual(expect.objectContaining({ file: '/nonexistent-home/.cursor/mcp.json', agent: 'cursor', scope: 'user', format: 'json' }));
    expect(c.some((x) => x.file.includes('*'))).toBe(false);
    const fx = mcpConfigCandidates({ home: HOME, platform: 'linux', env: {} });
    expect(fx).toContainEqual(expect.objectContaining({ file: path.join(HOME, '.gemini/extensions/acme/gemini-extension.json'), scope: 'extension', pattern: path.join(HOME, '.gemini/extensions/*/gemini-extension.json') }));
  });
  it('project files only for the projects given; managed files under the system root', () => {
    const none = mcpConfigCandidates({ home: HOME, platform: 'linux', env: {} });
    expect(none.some((x) => x.scope === 'project')).toBe(false);
    const some = mcpConfigCandidates({ home: HOME, platform: 'linux', env: {}, projects: ['/w/app', '/w/app'], systemRoot: SYSTEM });
    expect(some.filter((x) => x.file === '/w/app/.mcp.json')).toEqual([expect.objectContaining({ agent: 'claude-code', scope: 'project', project: '/w/app' })]);
    expect(some).toContainEqual(expect.objectContaining({ file: path.join(SYSTEM, 'etc/claude-code/managed-mcp.json'), scope: 'managed' }));
  });
  it('macOS and Windows locations', () => {
    const mac = mcpConfigCandidates({ home: '/Users/u', platform: 'darwin', env: {} }).map((x) => x.file);
    expect(mac).toContain('/Users/u/Library/Application Support/Claude/claude_desktop_config.json');
    expect(mac).toContain('/Library/Application Support/ClaudeCode/managed-mcp.json');
    const w = mcpConfigCandidates({ home: 'C:\\Users\\u', platform: 'win32', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' } }).map((x) => x.file);
    expect(w).toContain('C:\\Users\\u\\AppData\\Roaming\\Claude\\claude_desktop_config.json');
    expect(w).toContain('C:\\Users\\u\\.codex\\config.toml');
    expect(w).toContain('C:\\Program Files\\ClaudeCode\\managed-mcp.json');
  });
});

describe('discoverMcp', () => {
  it('on macOS reads Claude Desktop from Library/Application Support', () => {
    const inv = discoverMcp({ home: HOME, platform: 'darwin', env: {} });
    expect(inv.servers.filter((s) => s.provenance.agent === 'claude-desktop').map((s) => s.name)).toEqual(['mac-only']);
  });
  it('Linux fixture: servers of 15 agents, sorted, each with an id, and no-policy without an allowlist', () => {
    const inv = discoverMcp({ home: HOME, platform: 'linux', env: {}, projects: [path.join(HOME, 'work/app')], systemRoot: SYSTEM });
    expect(new Set(inv.servers.map((s) => s.provenance.agent)).size).toBe(15);
    expect(inv.problems).toEqual([]);
    expect(inv.servers.every((s) => s.status === 'no-policy' && /^mcp_[0-9a-f]{16}$/.test(s.id))).toBe(true);
    expect(new Set(inv.servers.map((s) => s.id)).size).toBe(inv.servers.length);
    expect(inv.filesRead).toContain(path.join(HOME, '.claude.json'));
    expect(inv.filesRead.filter((f) => f === path.join(HOME, '.claude.json'))).toHaveLength(1);
  });
});

describe('parseConfigFile', () => {
  const cand = { file: '/h/.cursor/mcp.json', agent: 'cursor' as const, scope: 'user' as const, format: 'json' as const, root: 'mcpServers' };
  it('servers with provenance, findings and status', () => {
    const r = parseConfigFile(cand, '{"mcpServers":{"a":{"command":"npx","args":["x"]}}}');
    expect(r.problem).toBeUndefined();
    expect(r.servers[0]).toMatchObject({ name: 'a', id: serverId('cursor', 'user', '/h/.cursor/mcp.json', 'mcpServers.a'), status: 'no-policy',
      provenance: { agent: 'cursor', scope: 'user', file: '/h/.cursor/mcp.json', format: 'json', pointer: 'mcpServers.a' } });
    expect(r.servers[0]!.findings.map((f) => f.id)).toEqual(['MCP-UNPINNED-PACKAGE']);
  });
  it('unparseable text is a problem with file:line, never a throw; invalid entries count', () => {
    expect(parseConfigFile(cand, '{\n"mcpServers": {,}\n}')).toEqual({ servers: [], problem: { file: '/h/.cursor/mcp.json', agent: 'cursor', scope: 'user', error: expect.stringMatching(/^\/h\/\.cursor\/mcp\.json:2: not valid JSON: /) } });
    const r = parseConfigFile(cand, '{"mcpServers":{"a":1,"b":2,"c":{"command":"x"}}}');
    expect(r.servers.map((s) => s.name)).toEqual(['c']);
    expect(r.problem!.error).toBe('/h/.cursor/mcp.json: mcpServers.a: expected an object, found number (and 1 more)');
  });
  it('a candidate without a root falls back to the catalog entry of its agent and scope', () => {
    const { root: _root, ...bare } = cand;
    expect(parseConfigFile(bare, '{"mcpServers":{"a":{"command":"x"}}}').servers).toHaveLength(1);
  });
});

describe('serverFingerprint', () => {
  const base = { name: 'a', transport: 'stdio' as const, command: 'npx', args: ['x@1.0.0'], env: { A: '1', B: '2' } };
  it('is stable, ignores key order and the name, and changes with anything launch-relevant', () => {
    expect(serverFingerprint(base)).toBe(serverFingerprint({ ...base, env: { B: '2', A: '1' }, name: 'renamed' }));
    for (const changed of [{ args: ['x@1.0.1'] }, { env: { A: '1', B: '3' } }, { command: 'bunx' }, { trust: true }, { disabled: true }, { cwd: '/w' }]) {
      expect(serverFingerprint({ ...base, ...changed }), JSON.stringify(changed)).not.toBe(serverFingerprint(base));
    }
  });
});

describe('redactServer', () => {
  it('masks env and header values by their names, secrets in args and urls, and keeps references', () => {
    const r = redactServer({ name: 'a', transport: 'stdio', command: 'node', args: ['s.js', '--token', 'abcdefgh1234', 'postgres://u:pw12345678@h/db'],
      env: { DB_PASSWORD: 'hunter2hunter2', LOG: 'debug', GH: '${GITHUB_TOKEN}' }, headers: { 'X-API-Key': 'k123456789', Accept: 'json' } });
    expect(r.env).toEqual({ DB_PASSWORD: '[REDACTED]', LOG: 'debug', GH: '${GITHUB_TOKEN}' });
    expect(r.headers).toEqual({ 'X-API-Key': '[REDACTED]', Accept: 'json' });
    expect(r.args).toEqual(['s.js', '--token', '[REDACTED]', 'postgres://u:[REDACTED]@h/db']);
  });
});
