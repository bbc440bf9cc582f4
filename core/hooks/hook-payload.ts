// The hook payload shape Claude Code, Codex, Gemini CLI and Qwen Code share (snake_case session_id, cwd,
// hook_event_name, tool_name, tool_input …), and one normaliser driven by a per-agent table (the hook
// adapters in collectors/hooks, and the rule examples, which are written as Claude Code tool calls).
import { z } from 'zod';
import type { AgentKind, Event, EventKind } from '../event.js';
import { writtenFiles } from './written-files.js';
import { stringList, toolShape } from './mcp-tool-shape.js';
import { intern, internMaybe } from '../intern.js';

/** Gemini CLI's (and Qwen Code's) read_many_files: its files in `paths`, or `include` in later versions. */
export const readManyFilesPaths = (tool: string, input: unknown): string[] => (tool === 'read_many_files' ? stringList(input, 'paths') ?? stringList(input, 'include') ?? [] : []);

export class HookPayloadError extends Error {
  readonly code = 'AW_ERR_HOOK_PAYLOAD';
}

const MAX_OUTPUT_CHARS = 8192;

// What a key, a token or a password is made of: a cut inside such a run would keep a partial secret
// that no redaction pattern recognises any more (a 20-character `ghp_…` is not a token shape).
const SECRETISH = /[A-Za-z0-9_\-+/=.]+$/;

/** The first `max` characters, backed off to the start of a word-like run the cut would split. */
function headOf(s: string, max: number): string {
  const head = s.slice(0, max);
  if (!/[A-Za-z0-9_\-+/=.]/.test(s[max] ?? '')) return head;
  // A run longer than any key or token shape (a base64 blob) is cut where it is.
  const run = SECRETISH.exec(head);
  return run && run[0].length <= 256 ? head.slice(0, run.index) : head;
}

/** Tool outputs can be whole files; keep the head of every string so storage stays bounded. */
export function truncateDeep(value: unknown, max = MAX_OUTPUT_CHARS, depth = 0): unknown {
  if (typeof value !== 'string') return truncateObject(value, max, depth);
  if (value.length <= max) return value;
  const head = headOf(value, max);
  return `${head}… [${value.length - head.length} more chars]`;
}

function truncateObject(value: unknown, max: number, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 16) return '[nested too deep]';
  if (Array.isArray(value)) return value.slice(0, 200).map((v) => truncateDeep(v, max, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).slice(0, 200).map(([k, v]) => [k, truncateDeep(v, max, depth + 1)]));
}

const Payload = z.looseObject({
  hook_event_name: z.string().min(1).max(100),
  session_id: z.string().max(200).optional(),
  transcript_path: z.string().max(4096).nullish(),
  cwd: z.string().max(4096).optional(),
  tool_name: z.string().max(200).optional(),
  tool_input: z.unknown().optional(),
  tool_response: z.unknown().optional(),
  tool_use_id: z.string().max(200).optional(),
  error: z.unknown().optional(),
  prompt: z.string().optional(),
  message: z.string().optional(),
});

/** How one agent names things: its hook events and its tools. */
export interface HookDialect {
  agent: AgentKind;
  /** Hook event name → kind; `pre` and `post` are tool calls and results. */
  hooks: Record<string, EventKind | 'pre' | 'post'>;
  /** Hook events that report a failed tool call. */
  failureHooks?: readonly string[];
  readTools: ReadonlySet<string>;
  writeTools: ReadonlySet<string>;
  /** Tools whose input carries a shell command, and under which key. */
  shellTools: Readonly<Record<string, string>>;
  /** tool_input keys that name the file a tool works on, in order of preference. */
  pathKeys: readonly string[];
  /**
   * The agent sends no tool_use_id (Gemini CLI): each announced call gets one of ours, `aw-<event id>`, so
   * the OS effects attribution ties to the call can name it (its result, sending none, is paired by tool name).
   */
  mintsCallIds?: boolean;
  /** Extra file paths a tool names in its input (Codex's apply_patch headers, Gemini CLI's read_many_files). */
  pathsOf?: (tool: string, input: unknown) => string[];
}

function stringField(input: unknown, keys: readonly string[]): string | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  for (const k of keys) {
    const v = (input as Record<string, unknown>)[k];
    if (typeof v === 'string' && v.length > 0) return v;
  }
  return undefined;
}

export function normaliseHookPayload(d: HookDialect, payload: unknown, stamp: { ts: string; newId: () => string }): Event {
  const parsed = Payload.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HookPayloadError(`not a ${d.agent} hook payload: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}`);
  }
  const p = parsed.data;
  const mapped = Object.hasOwn(d.hooks, p.hook_event_name) ? d.hooks[p.hook_event_name]! : 'hook.other';
  const tool = p.tool_name;
  let kind: EventKind;
  // An MCP tool that reads, writes or runs a command locally is judged as the agent's own tool would be.
  const saysMcp = typeof (payload as { mcp_context?: unknown }).mcp_context === 'object';
  const shape = tool === undefined ? undefined : toolShape(tool, p.tool_input, saysMcp);
  const file = shape !== undefined && shape.kind !== 'shell' ? shape : undefined;
  if (mapped === 'pre') kind = tool && d.readTools.has(tool) ? 'file.read' : tool && d.writeTools.has(tool) ? 'file.write' : file?.kind ?? 'tool.call';
  else if (mapped === 'post') kind = 'tool.result';
  else kind = mapped;
  const event: Event = {
    id: stamp.newId(), ts: stamp.ts, source: 'hook', kind, agent: { kind: d.agent },
    // Interned here, where every hook event is made (with the tool, path and command below): every open
    // session keeps these again in its memory, and what keeps them takes them as they are (core/intern.ts).
    sessionId: internMaybe(p.session_id), cwd: internMaybe(p.cwd), hookEvent: p.hook_event_name, transcriptPath: internMaybe(p.transcript_path ?? undefined),
  };
  if (tool !== undefined) {
    const failed = d.failureHooks?.includes(p.hook_event_name) ?? false;
    const useId = p.tool_use_id ?? (d.mintsCallIds && mapped === 'pre' ? `aw-${event.id}` : undefined);
    event.tool = { name: intern(tool), input: truncateDeep(p.tool_input ?? {}, 65536), useId };
    if (kind === 'tool.result') {
      event.tool.output = truncateDeep(failed ? p.error ?? p.tool_response : p.tool_response);
      if (failed) event.tool.failed = true;
    }
    const shellKey = Object.hasOwn(d.shellTools, tool) ? d.shellTools[tool] : undefined;
    const command = shellKey === undefined ? (shape?.kind === 'shell' ? shape.command : undefined) : stringField(p.tool_input, [shellKey]);
    if (command !== undefined) event.command = intern(command);
    // A read of several files (an MCP read_multiple_files; a dialect's own, e.g. Gemini CLI's read_many_files) names them all.
    const reads = kind === 'file.read' ? file?.paths ?? d.pathsOf?.(tool, p.tool_input) : undefined;
    const path = file?.path ?? stringField(p.tool_input, d.pathKeys) ?? (reads ?? d.pathsOf?.(tool, p.tool_input))?.[0];
    if (path !== undefined) event.path = intern(path);
    if (reads !== undefined && reads.length > 1) event.reads = reads.map(intern);
    if (kind === 'file.write') {
      // From the untruncated input: a kill switch at the end of a long settings file must still be seen.
      const writes = writtenFiles(tool, p.tool_input, path);
      if (writes.length > 0) event.writes = truncateDeep(writes, 65536) as typeof writes;
    }
  }
  if (p.prompt !== undefined) event.text = truncateDeep(p.prompt, 65536) as string;
  else if (p.message !== undefined) event.text = truncateDeep(p.message) as string;
  return event;
}
