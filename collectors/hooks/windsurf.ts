// Windsurf (Cascade) hooks (agents-and-configs.md §1.7): `agent_action_name` names the event, the
// trajectory is the session, and each event's facts sit in `tool_info`. Mapped into the shared hook shape:
// run_command → a shell call, read_code / write_code → file reads and writes, mcp_tool_use → mcp__server__tool.
// Windsurf blocks only on exit 2, which `agentwatch hook` never returns: nothing here can block.
import type { HookAdapter } from './hook-adapter.js';
import { normaliseHookPayload, type HookDialect } from '../../core/hooks/hook-payload.js';

export const windsurfDialect: HookDialect = {
  agent: 'windsurf',
  hooks: {
    pre_user_prompt: 'prompt', post_cascade_response: 'turn.end',
    pre_read_code: 'pre', post_read_code: 'post', pre_write_code: 'pre', post_write_code: 'post',
    pre_run_command: 'pre', post_run_command: 'post', pre_mcp_tool_use: 'pre', post_mcp_tool_use: 'post',
  },
  readTools: new Set(['read_code']),
  writeTools: new Set(['write_code']),
  shellTools: { run_command: 'command' },
  pathKeys: ['file_path'],
};

type Json = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Windsurf's payload in the shared shape (hook_event_name, session_id, tool_name, tool_input …). */
function shared(payload: unknown): unknown {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return payload;
  const p = payload as Json;
  const action = str(p.agent_action_name);
  const info = (p.tool_info !== null && typeof p.tool_info === 'object' ? p.tool_info : {}) as Json;
  const out: Json = { hook_event_name: action, session_id: str(p.trajectory_id), cwd: str(info.cwd) };
  const what = action?.replace(/^(pre|post)_/, '');
  if (what === 'run_command') Object.assign(out, { tool_name: 'run_command', tool_input: { command: info.command_line, cwd: info.cwd } });
  else if (what === 'read_code' || what === 'write_code') Object.assign(out, { tool_name: what, tool_input: { file_path: info.file_path, edits: info.edits } });
  else if (what === 'mcp_tool_use') {
    Object.assign(out, { tool_name: `mcp__${String(info.mcp_server_name)}__${String(info.mcp_tool_name)}`, tool_input: info.mcp_tool_arguments ?? {}, tool_response: info.mcp_result });
  } else if (what === 'user_prompt') out.prompt = str(info.user_prompt);
  else if (what === 'cascade_response') out.message = str(info.response);
  return out;
}

export const windsurfAdapter: HookAdapter = {
  agent: 'windsurf',
  normalise: (payload, stamp) => normaliseHookPayload(windsurfDialect, shared(payload), stamp),
  canBlock: () => false,
  answer: () => ({}),
};

/** The adapter the registry (index.ts) loads for the catalog's `adapter: windsurf`. */
export const adapter = windsurfAdapter;
