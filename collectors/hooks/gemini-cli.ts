// Gemini CLI's hooks (real-agents.md §2.3): BeforeTool/AfterTool with raw tool names, and
// `{"decision":"deny","reason":…}` to block. "ask" is not a documented decision, so ask becomes deny.
import type { HookAdapter } from './hook-adapter.js';
import { normaliseHookPayload, readManyFilesPaths, type HookDialect } from '../../core/hooks/hook-payload.js';

export const geminiDialect: HookDialect = {
  agent: 'gemini-cli',
  hooks: {
    SessionStart: 'session.start', SessionEnd: 'session.end', BeforeAgent: 'prompt', AfterAgent: 'turn.end',
    BeforeTool: 'pre', AfterTool: 'post', Notification: 'notification',
  },
  readTools: new Set(['read_file', 'read_many_files']),
  writeTools: new Set(['write_file', 'replace']),
  shellTools: { run_shell_command: 'command' },
  pathKeys: ['file_path', 'absolute_path', 'path', 'dir_path'],
  mintsCallIds: true,
  pathsOf: readManyFilesPaths,
};

/** BeforeTool/AfterTool of an MCP tool carry `mcp_context {server_name, tool_name, …}` beside the tool name. */
function mcpContext(payload: unknown): { server: string; tool: string } | undefined {
  const c = (payload as { mcp_context?: { server_name?: unknown; tool_name?: unknown } } | null)?.mcp_context;
  return typeof c?.server_name === 'string' && typeof c.tool_name === 'string' && c.server_name && c.tool_name
    ? { server: c.server_name.slice(0, 200), tool: c.tool_name.slice(0, 200) } : undefined;
}

export const geminiCliAdapter: HookAdapter = {
  agent: 'gemini-cli',
  normalise: (payload, stamp) => {
    const event = normaliseHookPayload(geminiDialect, payload, stamp);
    const mcp = event.tool && mcpContext(payload);
    return mcp ? { ...event, tool: { ...event.tool!, mcp } } : event;
  },
  canBlock: (event) => event.hookEvent === 'BeforeTool',
  answer: (event, verdict) =>
    event.hookEvent === 'BeforeTool' && verdict.action !== 'observe' ? { decision: 'deny', reason: verdict.reason ?? 'agentwatch policy' } : {},
};

/** The adapter the registry (index.ts) loads for the catalog's `adapter: gemini-cli`. */
export const adapter = geminiCliAdapter;
