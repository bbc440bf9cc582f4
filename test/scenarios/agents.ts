// The agents the scenario eval drives: the same scenario steps (written as Claude Code tool calls) played
// by each real CLI's scripted model in that CLI's own tools. Each CLI's quirks live here, never in the
// scenario files:
//   Codex  — no read/write/edit tools of its own: Read is `cat` through exec_command, Write and Edit are
//            apply_patch (Add File / Update File); its hooks run only when trusted (--dangerously-bypass-hook-trust).
//   Gemini — file tools are confined to the workspace: the scenario HOME is added (--include-directories);
//            its shell refuses `$(…)` and backticks, so such a command runs through `bash -c`.
//   MCP    — a scenario's servers come in the workspace's `.mcp.json` (Claude Code's project file). Gemini
//            and Codex read their own config, so the driver copies them there (the user-scope file, where
//            `gemini mcp add` / `codex mcp add` put them too). A step `mcp__<server>__<tool>` is Gemini's
//            `mcp_<server>_<tool>`; Codex 0.169 defers MCP tools behind its `tool_search` tool, so its model
//            first searches for the tool, then calls it in the server's namespace (fake-openai-responses.ts).
import fs from 'node:fs';
import path from 'node:path';
import type { AgentKind } from '../../core/event.js';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { startFakeResponses, type ResponsesStep } from '../helpers/fake-openai-responses.js';
import { startFakeGemini, type GeminiStep } from '../helpers/fake-gemini.js';
import { runCodex, writeCodexConfig } from '../helpers/codex-cli.js';
import { runGemini, writeGeminiSettings } from '../helpers/gemini-cli.js';
import { installHostShims } from '../helpers/host-shims.js';
import { runClaude } from './harness.js';
import type { Step } from './scenario.js';

export interface AgentRun {
  code: number | null;
  sessionId?: string;
  ms: number;
  stderr: string;
  /** What each tool call returned to the model, in order. */
  results: { content: string; isError: boolean }[];
}

export interface EvalAgent {
  kind: AgentKind;
  /** Files (relative to HOME) the agent's config and agentwatch's hooks live in (Claude's settings too, a
   *  scenario fixture for every agent; harness.ts): restored before each scenario. */
  configFiles: string[];
  /** The agent's own config in a fresh HOME, written before `agentwatch install`. */
  configure(home: string): void;
  /** It can run with a resolv.conf of the eval's (`resolver` in run): scenarios with setup.resolver are played only then. */
  confinesResolver?: boolean;
  run(opts: { home: string; ws: string; steps: Step[]; final: string; prompt: string; resolver?: string }): Promise<AgentRun>;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const str = (v: unknown) => (typeof v === 'string' ? v : '');
// A scenario's crontab, docker or systemctl call must not change the machine that runs the eval.
const shimmed = (home: string) => ({ PATH: installHostShims(path.join(path.dirname(home), 'host-shims')).path });

const claude: EvalAgent = {
  kind: 'claude-code',
  configFiles: ['.claude/settings.json'],
  configure: () => {},
  confinesResolver: true,
  async run({ home, ws, steps, final, prompt, resolver }) {
    const script = steps.map((st) => (st.tool === 'Bash' && !st.input.description ? { tool: st.tool, input: { ...st.input, description: 'run a command' } } : st));
    const fake = await startFakeAnthropic([...script, { text: final }]);
    try {
      const r = await runClaude({ home, cwd: ws, baseUrl: fake.url, prompt, resolver });
      return { code: r.code, sessionId: r.sessionId, ms: r.ms, stderr: r.stderr, results: fake.toolResults() };
    } finally {
      await fake.close();
    }
  },
};

/** An apply_patch body: Add File for a Write, one Update hunk for an Edit (the old text must be in the file). */
function patchOf(step: Step): string {
  const file = str(step.input.file_path);
  const lines = (s: string, mark: string) => s.replace(/\n$/, '').split('\n').map((l) => `${mark}${l}`).join('\n');
  if (step.tool === 'Write') {
    // apply_patch adds only new files: an existing one is rewritten by an Update of all its lines.
    if (!fs.existsSync(file)) return `*** Begin Patch\n*** Add File: ${file}\n${lines(str(step.input.content), '+')}\n*** End Patch\n`;
    return `*** Begin Patch\n*** Update File: ${file}\n@@\n${lines(fs.readFileSync(file, 'utf8'), '-')}\n${lines(str(step.input.content), '+')}\n*** End Patch\n`;
  }
  return `*** Begin Patch\n*** Update File: ${file}\n@@\n${lines(str(step.input.old_string), '-')}\n${lines(str(step.input.new_string), '+')}\n*** End Patch\n`;
}

const MCP_STEP = /^mcp__(.+?)__(.+)$/;

/** The MCP servers a scenario brings in the workspace's `.mcp.json`, as `{name: {command, args}}`. */
function projectMcpServers(ws: string): Record<string, { command: string; args?: string[] }> {
  const file = path.join(ws, '.mcp.json');
  if (!fs.existsSync(file)) return {};
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { mcpServers?: Record<string, { command: string; args?: string[] }> }).mcpServers ?? {};
}

/** Gemini reads MCP servers from `mcpServers` in its settings.json (agentwatch's hooks are in there too: merged). */
function addGeminiMcpServers(home: string, ws: string): void {
  const servers = projectMcpServers(ws);
  if (Object.keys(servers).length === 0) return;
  const file = path.join(home, '.gemini', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8')) as { mcpServers?: Record<string, unknown> };
  fs.writeFileSync(file, `${JSON.stringify({ ...settings, mcpServers: { ...settings.mcpServers, ...servers } }, null, 2)}\n`);
}

/** Codex reads MCP servers from `[mcp_servers.<name>]` in ~/.codex/config.toml (a JSON string is a TOML string too). */
function addCodexMcpServers(home: string, ws: string): void {
  const servers = Object.entries(projectMcpServers(ws));
  if (servers.length === 0) return;
  const toml = (v: string) => JSON.stringify(v);
  const tables = servers.map(([name, s]) => `\n[mcp_servers.${toml(name)}]\ncommand = ${toml(s.command)}\nargs = [${(s.args ?? []).map(toml).join(', ')}]\n`);
  fs.appendFileSync(path.join(home, '.codex', 'config.toml'), tables.join(''));
}

function codexSteps(step: Step): ResponsesStep[] {
  const mcp = MCP_STEP.exec(step.tool);
  if (mcp) return [{ toolSearch: `${mcp[2]!.replace(/[-_]/g, ' ')} ${mcp[1]}` }, { mcp: { server: mcp[1]!, tool: mcp[2]! }, args: step.input }];
  return [codexStep(step)];
}

function codexStep(step: Step): ResponsesStep {
  if (step.tool === 'Bash') return { tool: 'exec_command', args: { cmd: str(step.input.command) } };
  if (step.tool === 'Read') return { tool: 'exec_command', args: { cmd: `cat ${q(str(step.input.file_path))}` } };
  // Built when the model asks for it: an Edit's patch is valid only against the file as it is then.
  return { tool: 'apply_patch', custom: true, get input() { return patchOf(step); } };
}

const codex: EvalAgent = {
  kind: 'codex',
  configFiles: ['.claude/settings.json', '.codex/config.toml', '.codex/hooks.json'],
  configure: (home) => { writeCodexConfig(home, 'http://127.0.0.1:9/v1'); }, // each run points it at its own model (-c)
  async run({ home, ws, steps, final, prompt }) {
    const fake = await startFakeResponses([...steps.flatMap(codexSteps), { text: final }]);
    addCodexMcpServers(home, ws);
    try {
      // No login shell: a login bash reads /etc/profile, which sets PATH anew and so drops the host shims
      // (the real pkill -f agentwatch then killed every daemon on the machine, the real systemctl ran).
      const r = await runCodex({ home, cwd: ws, prompt, env: shimmed(home), args: ['-c', `model_providers.mock.base_url="${fake.baseUrl}"`, '-c', 'allow_login_shell=false'] });
      return { code: r.code, sessionId: r.threadId, ms: r.ms, stderr: r.stderr, results: fake.toolOutputs().map((o) => ({ content: o.output, isError: false })) };
    } finally {
      await fake.close();
    }
  },
};

function geminiStep(step: Step): GeminiStep {
  const mcp = MCP_STEP.exec(step.tool);
  if (mcp) return { tool: `mcp_${mcp[1]}_${mcp[2]}`, args: step.input };
  const file = str(step.input.file_path);
  if (step.tool === 'Read') return { tool: 'read_file', args: { file_path: file } };
  if (step.tool === 'Write') return { tool: 'write_file', args: { file_path: file, content: str(step.input.content) } };
  if (step.tool === 'Edit') return { tool: 'replace', args: { file_path: file, old_string: str(step.input.old_string), new_string: str(step.input.new_string), instruction: 'apply the edit' } };
  const command = str(step.input.command);
  return { tool: 'run_shell_command', args: { command: /\$\(|`/.test(command) ? `bash -c ${q(command)}` : command, description: 'run a command' } };
}

const gemini: EvalAgent = {
  kind: 'gemini-cli',
  configFiles: ['.claude/settings.json', '.gemini/settings.json'],
  configure: (home) => { writeGeminiSettings(home); },
  async run({ home, ws, steps, final, prompt }) {
    const fake = await startFakeGemini([...steps.map(geminiStep), { text: final }]);
    addGeminiMcpServers(home, ws);
    try {
      const r = await runGemini({ home, cwd: ws, baseUrl: fake.url, prompt, env: shimmed(home), args: ['--include-directories', home] });
      const results = fake.functionResponses().map((f) => ({ content: JSON.stringify(f.response), isError: f.response.error !== undefined }));
      return { code: r.code, sessionId: r.sessionId, ms: r.ms, stderr: r.stderr, results };
    } finally {
      await fake.close();
    }
  },
};

export const EVAL_AGENTS: readonly EvalAgent[] = [claude, codex, gemini];

export function evalAgent(kind: string): EvalAgent {
  const a = EVAL_AGENTS.find((x) => x.kind === kind);
  if (!a) throw new Error(`unknown agent ${kind}: one of ${EVAL_AGENTS.map((x) => x.kind).join(', ')}`);
  return a;
}
