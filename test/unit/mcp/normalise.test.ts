// Each client's dialect → McpServerConfig, on literal documents.
import { describe, expect, it } from 'vitest';
import { normaliseDocument, pointerKey } from '../../../collectors/mcp/normalise.js';

const one = (doc: unknown, root: string, url?: 'http' | 'sse') => {
  const r = normaliseDocument(doc, root, url);
  expect(r.invalid).toEqual([]);
  expect(r.entries).toHaveLength(1);
  return r.entries[0]!;
};

describe('Claude-style mcpServers maps (Claude Code, Desktop, Cursor, Copilot CLI, Kiro, Q, Cline, Windsurf, Gemini)', () => {
  it('stdio without a type; http/sse by type; streamable-http is http', () => {
    const r = normaliseDocument({ mcpServers: {
      a: { command: 'npx', args: ['-y', 'pkg'], env: { K: 'v', N: 3 } },
      b: { type: 'http', url: 'https://x/mcp', headers: { H: 'v' } },
      c: { type: 'sse', url: 'https://x/sse' },
      d: { type: 'streamable-http', url: 'https://x/d' },
      e: { type: 'local', command: 'node', args: ['s.js'], tools: ['*'] },
    } }, 'mcpServers');
    expect(r.invalid).toEqual([]);
    expect(r.entries.map((e) => [e.pointer, e.config.transport])).toEqual([['mcpServers.a', 'stdio'], ['mcpServers.b', 'http'], ['mcpServers.c', 'sse'], ['mcpServers.d', 'http'], ['mcpServers.e', 'stdio']]);
    expect(r.entries[0]!.config).toEqual({ name: 'a', transport: 'stdio', command: 'npx', args: ['-y', 'pkg'], env: { K: 'v', N: '3' } });
    expect(r.entries[1]!.config).toEqual({ name: 'b', transport: 'http', url: 'https://x/mcp', headers: { H: 'v' } });
    expect(r.entries[4]!.config.autoApprove).toBe(true);
  });

  it('a url without a type takes the client default: Gemini/Cline legacy SSE, others http; Gemini httpUrl is http', () => {
    expect(one({ mcpServers: { s: { url: 'https://x/sse' } } }, 'mcpServers', 'sse').config.transport).toBe('sse');
    expect(one({ mcpServers: { s: { url: 'https://x/mcp' } } }, 'mcpServers').config.transport).toBe('http');
    expect(one({ mcpServers: { s: { httpUrl: 'https://x/mcp' } } }, 'mcpServers', 'sse').config).toEqual({ name: 's', transport: 'http', url: 'https://x/mcp' });
  });

  it('Windsurf serverUrl; Cline autoApprove list; Roo alwaysAllow; Gemini trust; disabled', () => {
    expect(one({ mcpServers: { w: { serverUrl: 'https://w/mcp' } } }, 'mcpServers').config.url).toBe('https://w/mcp');
    expect(one({ mcpServers: { c: { command: 'x', autoApprove: ['a', 'b'], disabled: true } } }, 'mcpServers').config).toMatchObject({ autoApprove: ['a', 'b'], disabled: true });
    expect(one({ mcpServers: { r: { command: 'x', alwaysAllow: ['*'] } } }, 'mcpServers').config.autoApprove).toBe(true);
    expect(one({ mcpServers: { g: { command: 'x', trust: true } } }, 'mcpServers').config.trust).toBe(true);
  });

  it('Claude local scope: every project in ~/.claude.json, with a pointer and the project path', () => {
    const r = normaliseDocument({ mcpServers: { u: { command: 'x' } }, projects: {
      '/home/u/app': { mcpServers: { db: { command: 'uvx', args: ['pg'] } } }, '/home/u/other': { allowedTools: [] },
    } }, 'projects.*.mcpServers');
    expect(r.entries).toEqual([{ config: { name: 'db', transport: 'stdio', command: 'uvx', args: ['pg'] }, pointer: 'projects["/home/u/app"].mcpServers.db', project: '/home/u/app' }]);
  });

  it('VS Code: `servers` in mcp.json and `mcp.servers` in settings.json', () => {
    expect(one({ inputs: [], servers: { p: { type: 'stdio', command: 'npx' } } }, 'servers').pointer).toBe('servers.p');
    expect(one({ 'editor.fontSize': 12, mcp: { servers: { p: { command: 'npx' } } } }, 'mcp.servers').pointer).toBe('mcp.servers.p');
  });

  it("Continue's list form names entries by `name`; a JSON map dropped into mcpServers/ works too", () => {
    const r = normaliseDocument({ name: 'cfg', mcpServers: [{ name: 'SQLite', command: 'npx', args: ['-y', 'mcp-sqlite'] }, { name: 'docs', type: 'streamable-http', url: 'https://d/mcp' }] }, 'mcpServers');
    expect(r.entries.map((e) => [e.pointer, e.config.name, e.config.transport])).toEqual([['mcpServers[0]', 'SQLite', 'stdio'], ['mcpServers[1]', 'docs', 'http']]);
  });
});

describe('other dialects', () => {
  it('Codex mcp_servers: url → http, http_headers, enabled = false → disabled', () => {
    const r = normaliseDocument({ mcp_servers: {
      c7: { command: 'npx', args: ['-y', 'x'], env: { K: 'v' }, cwd: '/w' },
      figma: { url: 'https://f/mcp', bearer_token_env_var: 'T', http_headers: { R: 'us' }, enabled: false },
    } }, 'mcp_servers');
    expect(r.entries.map((e) => e.config)).toEqual([
      { name: 'c7', transport: 'stdio', command: 'npx', args: ['-y', 'x'], env: { K: 'v' }, cwd: '/w' },
      { name: 'figma', transport: 'http', url: 'https://f/mcp', headers: { R: 'us' }, disabled: true },
    ]);
  });

  it('Zed context_servers: current, older {command:{path}} and remote shapes; extension-provided ones are skipped', () => {
    const r = normaliseDocument({ context_servers: {
      cur: { source: 'custom', command: 'npx', args: ['a'], env: {} },
      old: { command: { path: '/bin/mcp', args: ['--stdio'], env: { A: 'b' } }, settings: {} },
      remote: { url: 'https://z/mcp', headers: { A: 'b' } },
      ext: { source: 'extension', settings: {} },
    } }, 'context_servers');
    expect(r.invalid).toEqual([]);
    expect(r.entries.map((e) => e.config)).toEqual([
      { name: 'cur', transport: 'stdio', command: 'npx', args: ['a'], env: {} },
      { name: 'old', transport: 'stdio', command: '/bin/mcp', args: ['--stdio'], env: { A: 'b' } },
      { name: 'remote', transport: 'http', url: 'https://z/mcp', headers: { A: 'b' } },
    ]);
  });

  it('OpenCode mcp: command as an array, environment, remote, enabled = false', () => {
    const r = normaliseDocument({ mcp: {
      l: { type: 'local', command: ['npx', '-y', '@a/b@1.0.0'], environment: { M: 'dev' } },
      r: { type: 'remote', url: 'https://o/mcp', enabled: false },
    } }, 'mcp');
    expect(r.entries.map((e) => e.config)).toEqual([
      { name: 'l', transport: 'stdio', command: 'npx', args: ['-y', '@a/b@1.0.0'], env: { M: 'dev' } },
      { name: 'r', transport: 'http', url: 'https://o/mcp', disabled: true },
    ]);
  });

  it('Goose extensions: cmd/args/envs, sse uri; builtin extensions are not MCP servers we can see', () => {
    const r = normaliseDocument({ extensions: {
      developer: { type: 'builtin', name: 'developer', enabled: true },
      gh: { type: 'stdio', name: 'github', cmd: 'npx', args: ['x'], envs: { T: 'v' }, enabled: false },
      s: { type: 'sse', uri: 'https://g/sse' },
    } }, 'extensions');
    expect(r.invalid).toEqual([]);
    expect(r.entries.map((e) => e.config)).toEqual([
      { name: 'github', transport: 'stdio', command: 'npx', args: ['x'], env: { T: 'v' }, disabled: true },
      { name: 's', transport: 'sse', url: 'https://g/sse' },
    ]);
  });
});

describe('wrong types are reported per entry; the valid entries are kept', () => {
  it('names the field and what was found', () => {
    const r = normaliseDocument({ mcpServers: {
      ok: { command: 'x' }, a: { command: 'npx', args: '-y x' }, b: { env: { A: 'b' } }, c: 'npx foo', d: { command: 'x', env: { A: { nested: 1 } } },
      e: { type: 'carrier-pigeon', url: 'https://x' }, f: { command: 7 },
    } }, 'mcpServers');
    expect(r.entries.map((e) => e.config.name)).toEqual(['ok']);
    expect(r.invalid).toEqual([
      { pointer: 'mcpServers.a', error: 'args must be a list, found string "-y x"' },
      { pointer: 'mcpServers.b', error: 'has neither command nor url' },
      { pointer: 'mcpServers.c', error: 'expected an object, found string' },
      { pointer: 'mcpServers.d', error: 'env.A must be a string, found an object' },
      { pointer: 'mcpServers.e', error: 'type "carrier-pigeon" is not a known MCP transport' },
      { pointer: 'mcpServers.f', error: 'command must be a string, found number 7' },
    ]);
  });

  it('a root of the wrong type, or a top level that is not an object', () => {
    expect(normaliseDocument({ mcpServers: 'oops' }, 'mcpServers').invalid).toEqual([{ pointer: 'mcpServers', error: 'expected a map of servers, found string' }]);
    expect(normaliseDocument([1, 2], 'mcpServers').invalid).toEqual([{ pointer: '(root)', error: 'expected an object at the top level' }]);
    expect(normaliseDocument({ other: 1 }, 'mcpServers')).toEqual({ entries: [], invalid: [] });
    expect(normaliseDocument(undefined, 'mcpServers')).toEqual({ entries: [], invalid: [] });
  });

  it('pointers quote keys that are not identifiers', () => {
    expect(pointerKey('mcpServers', 'my server')).toBe('mcpServers["my server"]');
    expect(pointerKey('', 'projects')).toBe('projects');
    expect(pointerKey('mcpServers', 2)).toBe('mcpServers[2]');
  });
});

it('a stdio entry without args has no args field; a ws entry keeps its wss:// url', () => {
  expect(normaliseDocument({ mcpServers: { a: { command: '/opt/srv' } } }, 'mcpServers').entries[0]!.config).toEqual({ name: 'a', transport: 'stdio', command: '/opt/srv' });
  expect(normaliseDocument({ mcpServers: { w: { type: 'ws', url: 'wss://x/socket' } } }, 'mcpServers').entries[0]!.config).toEqual({ name: 'w', transport: 'http', url: 'wss://x/socket' });
});
