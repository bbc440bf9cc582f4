// The acceptance line of "agents as data": a new agent added as one catalog entry (here in an extra
// catalog file, as config `collectors.agents.catalogFiles` adds one) shows up in `agents`, attribution,
// `install` and the rules that name agent files, without other edits. Then Qwen Code, the agent that was
// added this way to the shipped catalog (its entry, collectors/hooks/qwen-code.ts, installer/qwen-code-hooks.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agentCatalog, isAgentKind, useCatalogFiles } from '../../../core/agents/catalog.js';
import { stampOf } from '../../../core/agents/stamp.js';
import { buildInventory } from '../../../collectors/agents/inventory.js';
import { hooksInstalled } from '../../../collectors/agents/hooks-installed.js';
import { builtinLocations } from '../../../collectors/mcp/locations.js';
import { hookAdapters } from '../../../collectors/hooks/index.js';
import { guessAgent } from '../../../daemon/supervise/agent-guess.js';
import { isAgentBookkeeping } from '../../../daemon/attribution/bookkeeping.js';
import { agentConfigFile, installAgent, isSupportedAgent, uninstallAgent } from '../../../installer/install.js';
import { loadRulePack } from '../../../detectors/rules/pack.js';
import { EXAMPLE_CTX, exampleEvent } from '../../../detectors/rules/engine/examples.js';
import { factsOf } from '../../../detectors/facts.js';
import { newSessionState } from '../../../detectors/session-state.js';
import { isHousekeeping } from '../../../detectors/sequence/hook-bypass.js';
import type { Event } from '../../../core/event.js';

const ACME = `agents:
  - kind: acme-code
    label: Acme Code
    commands: [acme, '@acme/code']
    variants:
      - id: acme-code-cli
        variant: cli
        label: Acme Code CLI
        match: [{program: ^acme$}, {path: 'node_modules/@acme/code/'}]
    configFiles: [~/.acme/settings.json, ~/.acme/mcp.json]
    hookFiles: [~/.acme/settings.json]
    envStamps: [ACME_AGENT, ACME_SESSION_ID]
    sessionEnv: ACME_SESSION_ID
    markerEnv: {ACME_AGENT: '1'}
    stateDirs: [~/.acme/history/]
    ruleFiles:
      hooks: {id: acme-settings, label: "Acme Code's settings (hooks)", patterns: [~/.acme/settings.json, '**/.acme/settings.json']}
      mcp: [~/.acme/mcp.json]
    adapter: qwen-code
    install: {file: ~/.acme/settings.json, format: qwen-code}
    mcp:
      - {scope: user, format: json, root: mcpServers, paths: {all: ~/.acme/mcp.json}}
`;

const dirs: string[] = [];
const tmp = (prefix: string) => { const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix)); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

const env = (...kv: string[]) => new Map(kv.map((s) => s.split('=', 2) as [string, string]));
const rulesFor = (e: Event) => {
  const pack = loadRulePack();
  return pack.detector.evaluate({ event: e, facts: factsOf(e, EXAMPLE_CTX), session: newSessionState(e), ctx: EXAMPLE_CTX }).map((f) => f.rule);
};

describe('an agent added as one catalog entry', () => {
  beforeAll(() => {
    const file = path.join(tmp('aw-cat-'), 'acme.yaml');
    fs.writeFileSync(file, ACME);
    useCatalogFiles([file]);
  });
  afterAll(() => { useCatalogFiles([]); });

  it('is an agent kind', () => {
    expect(isAgentKind('acme-code')).toBe(true);
    expect(agentCatalog().agents.at(-1)?.kind).toBe('acme-code');
  });

  it('shows up in `agents`: its process is recognised, with the session its children stamp', () => {
    const rows = buildInventory([
      { pid: 10, ppid: 1, procKey: '10:1', comm: 'node', exe: '/usr/bin/node', argv: ['node', '/usr/lib/node_modules/@acme/code/bin/acme.js'] },
      { pid: 11, ppid: 10, procKey: '11:1', comm: 'bash', exe: '/bin/bash', argv: ['bash', '-c', 'ls'], stamp: stampOf(env('ACME_SESSION_ID=acme-s1')) },
    ], agentCatalog());
    expect(rows).toMatchObject([{ agent: 'acme-code', variant: 'cli', entryId: 'acme-code-cli', pid: 10, sessionIds: ['acme-s1'], children: 1 }]);
    expect(guessAgent(['npx', '-y', '@acme/code@1.2.0'])).toBe('acme-code');
  });

  it('attribution: its env stamp names it and its session; its own state files are bookkeeping', () => {
    expect(stampOf(env('ACME_SESSION_ID=acme-s1', 'HOME=/home/dev'))).toEqual({ agent: 'acme-code', sessionId: 'acme-s1', home: '/home/dev' });
    expect(stampOf(env('ACME_AGENT=1'))).toEqual({ agent: 'acme-code' });
    expect(stampOf(env('AGENTWATCH_SESSION_ID=run-1', 'AGENTWATCH_AGENT=acme-code'))).toEqual({ agent: 'acme-code', sessionId: 'run-1' });
    const write = (p: string): Event => ({ id: 'e', ts: '2026-01-01T00:00:00.000Z', source: 'file', kind: 'file.write', agent: { kind: 'acme-code' }, path: p });
    expect(isAgentBookkeeping(write('/home/dev/.acme/history/1.jsonl'), '/home/dev')).toBe(true);
    expect(isAgentBookkeeping(write('/home/dev/.acme/settings.json'), '/home/dev')).toBe(false);
    expect(isHousekeeping(['acme', '--version'])).toBe(true); // a hooked agent's own program is not an unhooked effect
  });

  it('`install` puts its hooks in its config file, `agents` sees them, uninstall restores the file', () => {
    const home = tmp('aw-home-');
    const o = { home, stateDir: path.join(home, 'state'), dryRun: false, targets: { url: 'unused', command: "'/usr/bin/node' '/opt/aw/dist/daemon/main.js' hook acme-code", secret: 'unused' } };
    expect(isSupportedAgent('acme-code')).toBe(true);
    expect(agentConfigFile('acme-code', home)).toBe(path.join(home, '.acme', 'settings.json'));
    expect(hooksInstalled('acme-code', home)).toBe(false);
    expect(installAgent('acme-code', o).action).toBe('installed');
    const settings = JSON.parse(fs.readFileSync(path.join(home, '.acme', 'settings.json'), 'utf8'));
    expect(settings.hooks.PreToolUse[0]).toMatchObject({ matcher: '*', hooks: [{ type: 'command', command: o.targets.command }] });
    expect(hooksInstalled('acme-code', home)).toBe(true);
    expect(uninstallAgent('acme-code', o).action).toBe('restored');
    expect(fs.existsSync(path.join(home, '.acme', 'settings.json'))).toBe(false);
  });

  it('the rules that name agent files: a write to its MCP config, and its hooks edited out', () => {
    expect(rulesFor(exampleEvent({ tool: 'Write', path: '~/.acme/mcp.json', content: '{"mcpServers": {"x": {}}}' }))).toContain('mcp-config-write');
    expect(rulesFor(exampleEvent({ tool: 'Edit', path: '~/.acme/settings.json', old: '"command": "agentwatch hook acme-code"', new: '""' }))).toContain('agent-hook-tamper');
    expect(rulesFor(exampleEvent({ tool: 'Write', path: '~/.acme/notes.json', content: '{}' }))).toEqual([]);
    expect(builtinLocations().filter((l) => l.agent === 'acme-code')).toEqual([{ agent: 'acme-code', scope: 'user', format: 'json', root: 'mcpServers', url: 'http', paths: { all: '~/.acme/mcp.json' } }]);
  });
});

describe('Qwen Code, added that way to the shipped catalog', () => {
  const stamp = { ts: '2026-01-01T00:00:00.000Z', newId: () => 'q1' };
  const base = { session_id: 'qs-1', cwd: '/w', transcript_path: '/home/u/.qwen/tmp/x/chats/s.jsonl' };
  const qwen = hookAdapters.get('qwen-code')!;

  it('its hooks become Events; a deny is Claude-shaped', () => {
    const shell = qwen.normalise({ ...base, hook_event_name: 'PreToolUse', tool_name: 'run_shell_command', tool_input: { command: 'rm -rf build' }, tool_use_id: 'toolu_1' }, stamp);
    expect(shell).toMatchObject({ source: 'hook', kind: 'tool.call', agent: { kind: 'qwen-code' }, sessionId: 'qs-1', command: 'rm -rf build', tool: { useId: 'toolu_1' } });
    expect(qwen.normalise({ ...base, hook_event_name: 'PreToolUse', tool_name: 'write_file', tool_input: { file_path: '/w/a.txt', content: 'x' } }, stamp)).toMatchObject({ kind: 'file.write', path: '/w/a.txt' });
    expect(qwen.normalise({ ...base, hook_event_name: 'PostToolUseFailure', tool_name: 'read_file', tool_input: { absolute_path: '/w/b' }, error: 'ENOENT' }, stamp)).toMatchObject({ kind: 'tool.result', tool: { failed: true, output: 'ENOENT' } });
    expect(qwen.canBlock(shell)).toBe(true);
    expect(qwen.answer(shell, { action: 'deny', reason: 'no' })).toEqual({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'no' } });
  });

  it('its shell commands carry its stamp; `run -- qwen` knows it; install writes ~/.qwen/settings.json', () => {
    expect(stampOf(env('QWEN_CODE=1', 'QWEN_CODE_SESSION_ID=qs-1'))).toEqual({ agent: 'qwen-code', sessionId: 'qs-1' });
    expect(stampOf(env('QWEN_CODE=1'))).toEqual({ agent: 'qwen-code' });
    expect(guessAgent(['qwen', '-p', 'hi'])).toBe('qwen-code');
    const home = tmp('aw-qwen-');
    const r = installAgent('qwen-code', { home, stateDir: path.join(home, 'state'), dryRun: false, targets: { url: 'unused', command: 'agentwatch hook qwen-code', secret: 'unused' } });
    expect(r).toMatchObject({ action: 'installed', file: path.join(home, '.qwen', 'settings.json') });
    expect(hooksInstalled('qwen-code', home)).toBe(true);
    expect(rulesFor(exampleEvent({ tool: 'Write', path: '~/.qwen/settings.json', content: '{}' }))).toContain('mcp-config-write');
    expect(rulesFor(exampleEvent({ tool: 'Edit', path: '.qwen/settings.json', old: '"command": "agentwatch hook qwen-code"', new: '""' }))).toContain('agent-hook-tamper');
  });
});
