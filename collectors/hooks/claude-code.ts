// Claude Code's hook payloads (../shared/reference/real-agents.md) → Events, and its decision format.
import { z } from 'zod';
import type { Event, EventKind } from '../../daemon/event.js';
import { HookPayloadError, truncateDeep, type HookAdapter } from './hook-adapter.js';

const Payload = z.looseObject({
  hook_event_name: z.string().min(1).max(100),
  session_id: z.string().max(200).optional(),
  transcript_path: z.string().max(4096).optional(),
  cwd: z.string().max(4096).optional(),
  tool_name: z.string().max(200).optional(),
  tool_input: z.unknown().optional(),
  tool_response: z.unknown().optional(),
  tool_use_id: z.string().max(200).optional(),
  error: z.unknown().optional(),
  prompt: z.string().optional(),
  message: z.string().optional(),
});

const FILE_READ_TOOLS = new Set(['Read', 'NotebookRead']);
const FILE_WRITE_TOOLS = new Set(['Write', 'Edit', 'MultiEdit', 'NotebookEdit']);

function kindOf(hook: string, tool: string | undefined): EventKind {
  switch (hook) {
    case 'SessionStart': return 'session.start';
    case 'SessionEnd': return 'session.end';
    case 'UserPromptSubmit': return 'prompt';
    case 'PreToolUse':
      if (tool && FILE_READ_TOOLS.has(tool)) return 'file.read';
      if (tool && FILE_WRITE_TOOLS.has(tool)) return 'file.write';
      return 'tool.call';
    case 'PostToolUse': case 'PostToolUseFailure': return 'tool.result';
    case 'Stop': case 'SubagentStop': return 'turn.end';
    case 'Notification': return 'notification';
    default: return 'hook.other';
  }
}

function stringField(input: unknown, ...keys: string[]): string | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  for (const k of keys) {
    const v = (input as Record<string, unknown>)[k];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return undefined;
}

export const claudeCodeAdapter: HookAdapter = {
  agent: 'claude-code',
  normalise(payload, { ts, newId }) {
    const parsed = Payload.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HookPayloadError(`not a Claude Code hook payload: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}`);
    }
    const p = parsed.data;
    const kind = kindOf(p.hook_event_name, p.tool_name);
    const event: Event = {
      id: newId(), ts, source: 'hook', kind, agent: { kind: 'claude-code' },
      sessionId: p.session_id, cwd: p.cwd, hookEvent: p.hook_event_name, transcriptPath: p.transcript_path,
    };
    if (p.tool_name !== undefined) {
      event.tool = { name: p.tool_name, input: truncateDeep(p.tool_input ?? {}, 65536), useId: p.tool_use_id };
      if (kind === 'tool.result') {
        event.tool.output = truncateDeep(p.hook_event_name === 'PostToolUseFailure' ? p.error ?? p.tool_response : p.tool_response);
        if (p.hook_event_name === 'PostToolUseFailure') event.tool.failed = true;
      }
      const command = p.tool_name === 'Bash' ? stringField(p.tool_input, 'command') : undefined;
      if (command !== undefined) event.command = command;
      const path = stringField(p.tool_input, 'file_path', 'notebook_path', 'path');
      if (path !== undefined) event.path = path;
    }
    if (p.prompt !== undefined) event.text = truncateDeep(p.prompt, 65536) as string;
    else if (p.message !== undefined) event.text = truncateDeep(p.message) as string;
    return event;
  },
  canBlock(event) {
    return event.hookEvent === 'PreToolUse';
  },
  answer(event, verdict) {
    if (event.hookEvent !== 'PreToolUse' || !verdict.deny) return {};
    return {
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: verdict.reason ?? 'Blocked by agentwatch policy.',
      },
    };
  },
};
