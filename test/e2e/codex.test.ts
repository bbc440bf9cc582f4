// The real Codex CLI end to end: hooks installed by `agentwatch install --agents codex` (command
// hooks running `agentwatch hook codex`), the real daemon, and a scripted Responses API on loopback.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, makeHome, repoRoot, rmHome, startDaemon } from '../helpers/daemon.js';
import type { Alert, Event } from '../../core/event.js';
import { startFakeResponses, type FakeResponses } from '../helpers/fake-openai-responses.js';
import { codexSkipReason, runCodex, writeCodexConfig, type CodexRun } from '../helpers/codex-cli.js';
import { benignSession, deniedDownload, explain, type AgentUnderTest } from './agent-scenarios.js';

const codex: AgentUnderTest<FakeResponses, CodexRun> = {
  kind: 'codex',
  name: 'codex',
  shellTool: 'Bash',
  configure: (home, model) => writeCodexConfig(home, model.baseUrl),
  checkInstall: (_home, stdout) => expect(stdout).toContain('--dangerously-bypass-hook-trust'), // the trust note
  run: (_model, opts) => runCodex(opts),
  sessionId: (run) => run.threadId,
};

const skip = codexSkipReason();

// MCP: server-everything (a devDependency), configured for Codex in ~/.codex/config.toml under `name`.
const everything = path.join(repoRoot, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
interface McpRun { run: CodexRun; model: FakeResponses; events: Event[]; alerts: Alert[]; allowlist: string }

/**
 * One Codex session whose model finds the server's `get-env` with tool_search (Codex 0.169 defers MCP
 * tools behind it) and calls it, against a daemon with `allowlist` as the IT-pushed MCP allowlist.
 */
async function mcpSession(mode: 'observe' | 'enforce', name: string, allowlist: string): Promise<McpRun> {
  const home = fs.realpathSync(makeHome('aw-e2e-codex-mcp-'));
  const ws = path.join(home, 'project');
  fs.mkdirSync(ws);
  const file = path.join(home, '.config', 'agentwatch', 'mcp-allowlist.yaml');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, allowlist);
  const model = await startFakeResponses([{ toolSearch: 'get env' }, { mcp: { server: name, tool: 'get-env' }, args: {} }, { text: 'Done.' }]);
  const daemon = await startDaemon({ home, args: ['--mode', mode] });
  try {
    fs.appendFileSync(writeCodexConfig(home, model.baseUrl), `\n[mcp_servers.${JSON.stringify(name)}]\ncommand = "node"\nargs = [${JSON.stringify(everything)}, "stdio"]\n`);
    const inst = cli(daemon, ['install', '--user', '--agents', 'codex', '--port', String(daemon.port)]);
    expect(inst.code, inst.stderr).toBe(0);
    const run = await runCodex({ home, cwd: ws, prompt: 'check which environment the project tools see' });
    expect(run.code, explain(run)).toBe(0);
    await new Promise((r) => setTimeout(r, 300)); // the last batch commits
    const stored = <T>(what: string) => cli(daemon, [what, '--json', '--session', run.threadId!]).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
    return { run, model, events: stored<Event>('events'), alerts: stored<Alert>('alerts'), allowlist: file };
  } finally {
    await model.close();
    await daemon.stop();
    rmHome(home);
  }
}

describe.skipIf(skip)(`Codex CLI end to end${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('(a) a benign session (list, write a file, run a command) is stored under Codex\'s session id with no medium+ alert', () => benignSession(codex, {
    model: (notes) => startFakeResponses([
      { tool: 'exec_command', args: { cmd: 'ls -la' } },
      { tool: 'apply_patch', custom: true, input: `*** Begin Patch\n*** Add File: ${notes}\n+# notes\n+written by codex\n*** End Patch\n` },
      { tool: 'exec_command', args: { cmd: 'wc -l notes.md' } },
      { text: 'Wrote the notes.' },
    ]),
    seen: (model) => expect(model.toolOutputs()[2]?.output).toContain('2 notes.md'),
    // Codex's SessionEnd (installed since 0.171) ends the session in the daemon when `codex exec` exits.
    stored: (events) => expect(events.map((e) => e.kind)).toContain('session.end'),
  }));

  it('(b) in enforce mode a download piped to a shell is denied: it never runs, the alert is blocked, Codex saw the reason', () => deniedDownload(codex, {
    model: (command) => startFakeResponses([{ tool: 'exec_command', args: { cmd: command } }, { text: 'Installed.' }]),
    seen: (model, run) => {
      // What the model got back for the call, and what `codex exec --json` reported.
      const out = model.toolOutputs()[0]?.output ?? '';
      expect(out, explain(run)).toContain('blocked by PreToolUse hook');
      expect(out).toContain('agentwatch blocked this');
      // `codex exec --json` reports no command_execution item for a call its PreToolUse hook blocked.
      expect(run.events.some((e) => (e.item as { type?: string } | undefined)?.type === 'command_execution')).toBe(false);
      expect(run.stderr).toContain('Command blocked by PreToolUse hook: agentwatch blocked this');
    },
    stored: (events) => expect(events.some((e) => e.kind === 'tool.result')).toBe(false), // no PostToolUse: it never ran
  }));

  // The patch Codex's model sends: a kill switch added to Claude's settings, or our hook lines removed
  // from Codex's own hooks.json (built from the file `agentwatch install` wrote).
  const tamperings: [string, (home: string) => { file: string; patch: string }][] = [
    ["sets disableAllHooks in Claude's ~/.claude/settings.json", (home) => {
      const file = path.join(home, '.claude', 'settings.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '{\n  "model": "opus"\n}\n');
      return { file, patch: `*** Begin Patch\n*** Update File: ${file}\n@@\n {\n+  "disableAllHooks": true,\n   "model": "opus"\n*** End Patch\n` };
    }],
    ["removes agentwatch's hook from ~/.codex/hooks.json", (home) => {
      const file = path.join(home, '.codex', 'hooks.json');
      const ours = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('agentwatch'));
      expect(ours.length).toBeGreaterThan(0);
      return { file, patch: `*** Begin Patch\n*** Update File: ${file}\n@@\n${ours.map((l) => `-${l}`).join('\n')}\n*** End Patch\n` };
    }],
  ];
  it.each(tamperings)('(c) in enforce mode an apply_patch that %s is agent-hook-tamper and denied', async (_name, build) => {
    const home = fs.realpathSync(makeHome('aw-e2e-codex-tamper-'));
    const ws = path.join(home, 'project');
    fs.mkdirSync(ws);
    let model: FakeResponses | undefined;
    let patch = '';
    const daemon = await startDaemon({ home, args: ['--mode', 'enforce'] });
    try {
      // The model's script needs the patch, the patch needs the installed hooks: a server that reads it late.
      model = await startFakeResponses([{ tool: 'apply_patch', custom: true, get input() { return patch; } }, { text: 'Done.' }]);
      writeCodexConfig(home, model.baseUrl);
      const inst = cli(daemon, ['install', '--user', '--agents', 'codex', '--port', String(daemon.port)]);
      expect(inst.code, inst.stderr).toBe(0);
      const target = build(home);
      patch = target.patch;
      const before = fs.readFileSync(target.file, 'utf8');
      const run = await runCodex({ home, cwd: ws, prompt: 'tidy up the settings' });
      expect(run.code, explain(run)).toBe(0);
      expect(fs.readFileSync(target.file, 'utf8')).toBe(before); // denied: never applied
      expect(model.toolOutputs()[0]?.output, explain(run)).toContain('agentwatch blocked this');
      await new Promise((r) => setTimeout(r, 300));
      const r = cli(daemon, ['alerts', '--json', '--session', run.threadId!]);
      const alerts = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Alert);
      expect(alerts.find((a) => a.rule === 'agent-hook-tamper'), JSON.stringify(alerts)).toMatchObject({ blocked: true, severity: 'high', agent: { kind: 'codex' } });
    } finally {
      await model?.close();
      await daemon.stop();
      rmHome(home);
    }
  }, 180_000);
  it('(d) in enforce mode a call to an MCP server the allowlist does not approve, found through tool_search, is denied naming the allowlist', async () => {
    const { run, model, events, alerts, allowlist } = await mcpSession('enforce', 'everything', 'servers:\n  - package: "@acme/mcp-docs"\n');
    // The model found the deferred tool as Codex lists it: namespace mcp__everything, function get_env.
    const search = (model.requests.at(-1) as { input: { type: string; tools?: { name: string; tools?: { name: string }[] }[] }[] }).input.find((i) => i.type === 'tool_search_output');
    expect(search?.tools?.find((t) => t.name === 'mcp__everything')?.tools?.map((t) => t.name), explain(run)).toContain('get_env');
    const out = model.toolOutputs()[0]?.output ?? '';
    expect(out, explain(run)).toContain('agentwatch blocked this');
    expect(out).not.toContain('"PATH"'); // the server never handed its environment over
    const call = events.find((e) => e.kind === 'tool.call' && e.tool?.name === 'mcp__everything__get_env');
    expect(call, JSON.stringify(events.map((e) => [e.kind, e.tool?.name]))).toBeDefined();
    expect(events.some((e) => e.kind === 'tool.result')).toBe(false); // no PostToolUse: it never ran
    const alert = alerts.find((a) => a.rule === 'mcp-unapproved-server');
    expect(alert, JSON.stringify(alerts)).toMatchObject({ blocked: true, severity: 'high', agent: { kind: 'codex' }, evidence: [call!.id] });
    expect(alert!.reason).toContain(allowlist);
    expect(alert!.reason).toContain('~/.codex/config.toml');
  }, 180_000);
  it('(e) in enforce mode an approved MCP server and tool run, though Codex renames them (everything-env, get-env → mcp__everything_env__get_env)', async () => {
    const allow = `servers:\n  - command: node\n    args: [${JSON.stringify(everything)}, stdio]\n    tools: [get-env]\n`;
    const { run, model, events, alerts } = await mcpSession('enforce', 'everything-env', allow);
    expect(model.toolOutputs()[0]?.output, explain(run)).toContain('"PATH"'); // the server answered
    expect(events.filter((e) => e.tool?.name === 'mcp__everything_env__get_env').map((e) => e.kind)).toEqual(['tool.call', 'tool.result']);
    expect(alerts.filter((a) => a.rule.startsWith('mcp-')), JSON.stringify(alerts)).toEqual([]);
  }, 180_000);
});
