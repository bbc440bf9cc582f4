// Everyday changes that were judged as their dangerous neighbours: an agent's settings file edited where it also
// keeps MCP servers (a theme, a model), a package manager's prefix given to the user (npm's EACCES fix), a dev
// server let take port 80. Written after mcp-config-write's settings-without-mcp exception and the cases of
// recursive-permission-change-system and file-capability-set.
import { describe, expect, it } from 'vitest';
import { HOME, WORKSPACE, at, hookEvent, replayAll, BARE_CTX } from './replay.js';
import type { Event } from '../../../core/event.js';

const severity = (e: Event, rule: string) => { at(0); return replayAll([e], BARE_CTX).findings.at(-1)!.find((f) => f.rule === rule)?.severity; };

describe('settings beside MCP servers', () => {
  it.each([
    ['a Write of project Gemini settings with a model and checkpointing', hookEvent('Write', { file_path: `${WORKSPACE}/.gemini/settings.json`, content: '{"model": {"name": "gemini-2.5-pro"}, "general": {"checkpointing": {"enabled": true}}}' })],
    ["an Edit of Codex's reasoning effort", hookEvent('Edit', { file_path: `${HOME}/.codex/config.toml`, old_string: 'model_reasoning_effort = "low"', new_string: 'model_reasoning_effort = "high"' })],
  ])('%s: no MCP change', (_name, e) => {
    expect(severity(e, 'mcp-config-write')).toBeUndefined();
  });

  it.each([
    ['a server added to project Gemini settings', hookEvent('Write', { file_path: `${WORKSPACE}/.gemini/settings.json`, content: '{"ui": {"theme": "Dracula"}, "mcpServers": {"db": {"command": "uvx", "args": ["mcp-server-sqlite"]}}}' })],
    ["an Edit that sets a server's command without naming MCP", hookEvent('Edit', { file_path: `${HOME}/.codex/config.toml`, old_string: 'command = "npx"', new_string: 'command = "/tmp/run.sh"' })],
    ["an Edit in Claude Code's state file that adds a server", hookEvent('Edit', { file_path: `${HOME}/.claude.json`, old_string: '"mcpServers": {}', new_string: '"mcpServers": {"n": {"type": "stdio", "command": "node", "args": ["n.js"]}}' })],
    ['a file that holds nothing but servers', hookEvent('Write', { file_path: `${WORKSPACE}/.cursor/mcp.json`, content: '{}' })],
  ])('%s: mcp-config-write', (_name, e) => {
    expect(severity(e, 'mcp-config-write')).toBe('medium');
  });
});

describe("a package manager's prefix given to the user", () => {
  const sh = (command: string) => hookEvent('Bash', { command });
  it.each(['sudo chown -R "$USER":staff /usr/local/lib/node_modules', 'sudo chown -R $(id -un) /usr/local/Cellar /usr/local/Homebrew'])('%s: medium', (command) => {
    expect(severity(sh(command), 'recursive-permission-change-system')).toBe('medium');
  });
  it.each(['sudo chmod -R a+w /usr/local/lib/node_modules', 'sudo chown -R "$USER" /usr/local/lib/node_modules /usr/lib', 'sudo chown -R dev /usr/local'])('%s: high', (command) => {
    expect(severity(sh(command), 'recursive-permission-change-system')).toBe('high');
  });
});

describe('a program let take low ports', () => {
  const sh = (command: string) => hookEvent('Bash', { command });
  it.each(["sudo setcap 'cap_net_bind_service=+eip' ./bin/devserver", 'sudo setcap cap_net_bind_service+ep "$(readlink -f $(which bun))"'])('%s: medium', (command) => {
    expect(severity(sh(command), 'file-capability-set')).toBe('medium');
  });
  it.each(['sudo setcap cap_net_bind_service,cap_net_admin=+ep ./bin/devserver', 'sudo setcap cap_sys_ptrace+ep /usr/bin/gdb'])('%s: high', (command) => {
    expect(severity(sh(command), 'file-capability-set')).toBe('high');
  });
});
