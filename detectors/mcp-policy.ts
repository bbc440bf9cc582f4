// The MCP registry as detectors see it at call time: which configured server a tool call goes to, and
// whether the allowlist IT pushed lets this machine's team call that tool. The daemon keeps the
// inventory and the policy in memory (daemon/mcp-registry.ts) and answers from there, so a detector
// asking stays pure: no file is read on the decision path.
import type { AgentKind, Event } from '../core/event.js';

/** What a server runs or where it is: enough to say what was not approved, and to judge one written by the agent. */
export interface McpLaunch { command?: string; args?: string[]; url?: string }

export type McpCallVerdict =
  | { status: 'approved' }
  /** No config the inventory reads defines a server of that name (a `--mcp-config` file, a plugin …). */
  | { status: 'unknown-server' }
  | { status: 'unapproved-server'; launch: string; file: string }
  /** The server is approved, but no entry for this team lists the tool. */
  | { status: 'unapproved-tool'; launch: string; file: string; tools: string[] };

export interface McpCallPolicy {
  /** The allowlist file, named in every reason. */
  readonly source: string;
  readonly team?: string;
  /** Server names configured for an agent (in a workspace), to split Gemini's `mcp_<server>_<tool>`. */
  serverNames(agent: AgentKind, cwd?: string): string[];
  judge(call: { agent: AgentKind; server: string; tool: string; cwd?: string }): McpCallVerdict;
  /** Whether a server written into a config by the agent would be approved (any tool). */
  approves(launch: McpLaunch): boolean;
}

export interface McpToolName { server: string; tool: string }

/**
 * The server and tool of an MCP tool name: `mcp__<server>__<tool>` (Claude Code, Codex, Cursor's
 * Claude-style hooks), Gemini's `mcp_<server>_<tool>` (split at the longest configured server name,
 * as the name alone is ambiguous — unless the agent named both beside it: `tool.mcp`), `@server/tool` (Kiro/Amazon Q).
 */
export function mcpToolName(event: Event, known: () => string[]): McpToolName | undefined {
  const name = event.tool?.name;
  if (name === undefined) return undefined;
  if (event.tool?.mcp) return event.tool.mcp;
  let m = /^mcp__(.+?)__(.+)$/.exec(name);
  if (m) return { server: m[1]!, tool: m[2]! };
  m = /^@([^/]+)\/(.+)$/.exec(name);
  if (m) return { server: m[1]!, tool: m[2]! };
  if (name.startsWith('mcp_')) {
    const rest = name.slice(4);
    const server = known().filter((s) => rest.startsWith(`${s}_`) && rest.length > s.length + 1).sort((a, b) => b.length - a.length)[0];
    if (server !== undefined) return { server, tool: rest.slice(server.length + 1) };
    const i = rest.indexOf('_');
    if (i > 0 && i < rest.length - 1) return { server: rest.slice(0, i), tool: rest.slice(i + 1) };
  }
  return undefined;
}
