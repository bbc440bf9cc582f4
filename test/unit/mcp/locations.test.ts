// The location catalog as data, and how a path template becomes a path on each OS.
import { describe, expect, it } from 'vitest';
import { builtinLocations, expandTemplate, parseLocations, templatesFor, underSystemRoot } from '../../../collectors/mcp/locations.js';

const linux = { home: '/home/u', platform: 'linux' as const, env: {} };
const win = { home: 'C:\\Users\\u', platform: 'win32' as const, env: {} };

describe('expandTemplate', () => {
  it('~, ${VAR:-default} (nested), $VAR and {project}', () => {
    expect(expandTemplate('~/.cursor/mcp.json', linux)).toBe('/home/u/.cursor/mcp.json');
    expect(expandTemplate('${CODEX_HOME:-~/.codex}/config.toml', linux)).toBe('/home/u/.codex/config.toml');
    expect(expandTemplate('${CODEX_HOME:-~/.codex}/config.toml', { ...linux, env: { CODEX_HOME: '/srv/codex' } })).toBe('/srv/codex/config.toml');
    expect(expandTemplate('${A:-${B:-~/.cline}/data}/x.json', { ...linux, env: { B: '/b' } })).toBe('/b/data/x.json');
    expect(expandTemplate('${XDG_CONFIG_HOME:-~/.config}/zed/settings.json', { ...linux, env: { XDG_CONFIG_HOME: '' } })).toBe('/home/u/.config/zed/settings.json');
    expect(expandTemplate('{project}/.mcp.json', { ...linux, project: '/w/app' })).toBe('/w/app/.mcp.json');
  });
  it('undefined when a variable without default is unset, or {project} has no project', () => {
    expect(expandTemplate('$NOPE/x', linux)).toBeUndefined();
    expect(expandTemplate('{project}/.mcp.json', linux)).toBeUndefined();
  });
  it('Windows: %APPDATA% defaults under the home, backslashes kept', () => {
    expect(expandTemplate('%APPDATA%\\Claude\\claude_desktop_config.json', win)).toBe('C:\\Users\\u\\AppData\\Roaming\\Claude\\claude_desktop_config.json');
    expect(expandTemplate('%APPDATA%\\Zed\\settings.json', { ...win, env: { APPDATA: 'D:\\roam' } })).toBe('D:\\roam\\Zed\\settings.json');
    expect(expandTemplate('~/.cursor/mcp.json', win)).toBe('C:\\Users\\u\\.cursor\\mcp.json');
  });
  it('a system root moves default managed paths, not ones an environment variable chose', () => {
    expect(underSystemRoot('/etc/claude-code/managed-mcp.json', linux, '/fx')).toBe('/fx/etc/claude-code/managed-mcp.json');
    const t = '${GEMINI_CLI_SYSTEM_SETTINGS_PATH:-/etc/gemini-cli/settings.json}';
    expect(underSystemRoot(t, linux, '/fx')).toBe('/fx/etc/gemini-cli/settings.json');
    expect(underSystemRoot(t, { ...linux, env: { GEMINI_CLI_SYSTEM_SETTINGS_PATH: '/opt/g.json' } }, '/fx')).toBe('/opt/g.json');
    expect(underSystemRoot('/etc/claude-code/managed-mcp.json', linux, undefined)).toBe('/etc/claude-code/managed-mcp.json');
  });
});

describe('the built-in catalog', () => {
  const locs = builtinLocations();
  it('covers 16 agents; every agent has a user-level location on every OS', () => {
    const agents = [...new Set(locs.map((l) => l.agent))];
    expect(agents.sort()).toEqual(['amazon-q', 'claude-code', 'claude-desktop', 'cline', 'codex', 'continue', 'copilot', 'copilot-cli', 'cursor', 'gemini-cli', 'goose', 'kiro', 'opencode', 'qwen-code', 'windsurf', 'zed']);
    for (const agent of agents) for (const os of ['linux', 'darwin', 'win32'] as const) {
      const own = locs.filter((l) => l.agent === agent && l.scope !== 'project' && l.scope !== 'managed').flatMap((l) => templatesFor(l, os));
      expect(own.length, `${agent} on ${os}`).toBeGreaterThan(0);
    }
  });
  it('Claude Code managed-mcp.json on each OS', () => {
    const managed = locs.find((l) => l.agent === 'claude-code' && l.scope === 'managed')!;
    expect(templatesFor(managed, 'linux')).toEqual(['/etc/claude-code/managed-mcp.json']);
    expect(templatesFor(managed, 'darwin')).toEqual(['/Library/Application Support/ClaudeCode/managed-mcp.json']);
    expect(templatesFor(managed, 'win32')).toEqual(['C:\\Program Files\\ClaudeCode\\managed-mcp.json']);
  });
  it('a malformed catalog entry is one line naming its index and key', () => {
    expect(() => parseLocations([{ agent: 'nope', scope: 'user', format: 'json', root: 'x', paths: {} }])).toThrow(/^MCP location catalog: 0\.agent: /);
    expect(() => parseLocations([{ agent: 'zed', scope: 'user', format: 'xml', root: 'x', paths: {} }])).toThrow(/0\.format/);
  });
});
