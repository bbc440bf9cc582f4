// The one Event type that flows through the whole pipeline (../shared/SPEC.md, "Event").
// Every collector emits it, detectors read only it, the store and the stream carry it as is.

/**
 * An agent kind: a `kind` of the agent catalog (core/agents/catalog.yaml), or `unknown` when nothing names
 * one. A string, so a new agent is a catalog entry and no TypeScript edit; it is validated where it enters
 * (catalog load, `--agent`, posted bodies) by isAgentKind in core/agents/catalog.ts.
 */
export type AgentKind = string;

export type EventSource = 'hook' | 'process' | 'file' | 'network' | 'mcp' | 'pty' | 'self';

export type EventKind =
  | 'session.start' | 'session.end' | 'prompt' | 'tool.call' | 'tool.result'
  | 'exec' | 'file.read' | 'file.write' | 'file.delete' | 'net.connect'
  | 'mcp.server' | 'mcp.change' | 'tamper'
  | 'turn.end'        // the agent finished answering (Claude Stop / SubagentStop)
  | 'notification'    // the agent asked the user something (Claude Notification)
  | 'hook.other'      // a hook event we do not model yet; kept so nothing is lost
  | 'exit'            // a process ended (kernel tier)
  | 'file.rename'
  | 'dns.query'       // a UDP send to port 53
  | 'agent.start'     // a process the agent catalog recognises started (collectors/agents)
  | 'agent.exit'
  | 'daemon.unclean-exit'; // source self: the previous daemon died without shutting down

export interface AgentRef {
  kind: AgentKind;
  /** pid of the agent process, when a collector knows it. */
  pid?: number;
}

export interface ToolInfo {
  name: string;
  /** The tool's input exactly as the agent sent it (after redaction). */
  input: unknown;
  /** The tool's output (tool.result only, after redaction, truncated). */
  output?: unknown;
  /** The agent's id for this tool call; ties a tool.call to its tool.result. */
  useId?: string;
  /** An MCP tool call's server and tool as the agent itself names them (Gemini CLI's `mcp_context`), when
   *  it says so beside the tool name: the name alone (`mcp_<server>_<tool>`, or a bare tool) is ambiguous. */
  mcp?: { server: string; tool: string };
  /** True when the agent reported the call failed. */
  failed?: boolean;
}

/** One file a write or edit tool writes, as every agent's tool comes out (core/hooks/written-files.ts). */
export interface WrittenFile {
  /** As the agent named it (absolute, or relative to the event's cwd). */
  path: string;
  /** The new text: the whole file (Write, write_file, an added file) or the new fragment (an edit's new text, a patch's added lines). */
  content?: string;
  /** The replaced text of an edit (old_string, a patch's removed lines). */
  old?: string;
  /** The tool removes the file (apply_patch Delete File). */
  deleted?: boolean;
}

export interface Event {
  id: string;
  /** ISO 8601. */
  ts: string;
  source: EventSource;
  kind: EventKind;
  agent: AgentRef;
  /** The agent's own session id (Claude Code's session_id), so an alert opens the transcript. */
  sessionId?: string;
  pid?: number;
  ppid?: number;
  exe?: string;
  argv?: string[];
  cwd?: string;
  /** File the event is about: the read or written path (absolute when the agent gave one). */
  path?: string;
  /** Hook file.read events of a tool that reads several files at once (Gemini CLI's read_many_files, an MCP server's read_multiple_files): every path it names, the first also in `path`. */
  reads?: string[];
  /** A shell command line (Bash tool calls, exec events). */
  command?: string;
  remote?: { addr: string; port: number; host?: string };
  tool?: ToolInfo;
  /** Hook file.write events: what the write/edit tool writes, the same shape for every agent. */
  writes?: WrittenFile[];
  /** A user prompt (kind "prompt"). */
  text?: string;
  /** The native hook event name this came from, e.g. "PreToolUse". */
  hookEvent?: string;
  /** Where the agent keeps this session's transcript. */
  transcriptPath?: string;
  /** OS events: how `agent`/`sessionId` were worked out (see daemon/attribution). */
  attribution?: 'exact' | 'ancestry' | 'correlated' | 'probable' | 'none';
  /** OS events: the hook tool call (its tool.useId) this effect belongs to, when known. */
  toolUseId?: string;
  /** OS events: the stdio MCP server (its name in the agent's MCP config) whose process this is, or started it. */
  mcpServer?: string;
  /** Process identity that survives pid reuse: `pid:starttime`. */
  procKey?: string;
  /**
   * Exec events of the kernel tier: the parent's procKey and its own parent's pid, as the kernel saw them at
   * the exec. A subshell (a fork that never execs) is often gone before /proc can be read; these still tie
   * the program through it to the shell that forked it.
   */
  parentProcKey?: string;
  grandparentPid?: number;
  uid?: number;
  /**
   * exec/exit details and file/network outcomes (e.g. exit code, open flags, connect errno); for hook events,
   * what the agent says of the call's origin (Claude Code: `agentType`, `subagentId`, `skill`, collectors/hooks/claude-code.ts).
   */
  detail?: Record<string, string | number | boolean>;
}

/**
 * Whose a hook call was when not the session's main thread, from what the agent said (Event.detail): `skill <name>` for
 * a skill's shell command (it ran with no tool call), `subagent <type>` for a subagent's call. One wording for the CLI and the console.
 */
export function callOrigin(e: Pick<Event, 'detail'>): string | undefined {
  const d = e.detail;
  if (typeof d?.skill === 'string') return `skill ${d.skill}`;
  return typeof d?.subagentId === 'string' && typeof d.agentType === 'string' ? `subagent ${d.agentType}` : undefined;
}

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export const severityRank: Record<Severity, number> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

/**
 * An alert's tactic: the SPEC's ten, and three ATT&CK tactics it left out that rules need (privilege escalation:
 * set-uid shells, sudo fed a password, pods with the node's privileges; collection: a home directory archived,
 * the screen or clipboard captured; lateral movement: logging into every host known_hosts lists). One list for
 * the alert schema, the rule schema and the console.
 */
export const TACTICS = [
  'credential-access', 'exfiltration', 'persistence', 'impact', 'execution', 'defense-evasion', 'command-and-control',
  'discovery', 'initial-access', 'privilege-escalation', 'collection', 'lateral-movement', 'behavior-anomaly',
] as const;
export type Tactic = typeof TACTICS[number];

/** An alert as the SPEC fixes it; `count` says how many identical findings were merged into it. */
export interface Alert {
  id: string;
  ts: string;
  severity: Severity;
  tactic: Tactic;
  technique?: string;
  rule: string;
  title: string;
  reason: string;
  agent: AgentRef;
  sessionId?: string;
  evidence: string[];
  score?: number;
  count: number;
  /** Last time a finding merged into this alert. */
  lastTs: string;
  /** Whether the daemon answered the triggering PreToolUse with deny. */
  blocked?: boolean;
  /**
   * How the daemon answered the agent because of this alert (enforce mode), when it did. A held call
   * (policy `hold`) is `hold` while it waits, then `held-allowed` / `held-denied` (the developer decided at a
   * console), `held-timeout` (nobody decided in time) or `held-no-console` (no console was connected):
   * the fallback answered those two, and `held` says which.
   */
  response?: AlertResponse;
  /** A held call's outcome: the answer given, who gave it, and when. */
  held?: { answer: 'allow' | 'deny' | 'ask'; by: 'console' | 'timeout' | 'no-console'; at: string };
  /** Someone acknowledged it (`agentwatch alerts ack`, a console); set when read back from the store. */
  acknowledged?: boolean;
}

export type AlertResponse = 'ask' | 'deny' | 'hold' | 'held-allowed' | 'held-denied' | 'held-timeout' | 'held-no-console';

/** Session ids `agentwatch run` gives a supervised process tree whose agent stamps none of its own. */
export const SUPERVISED_SESSION_PREFIX = 'run-';

/**
 * An alert as its source raises it (a detector's finding on an event, a live MCP scan), before the one
 * alert path (daemon/alert-path.ts) merges it: `key` says which repeats are the same alert.
 */
export interface AlertDraft { alert: Omit<Alert, 'id' | 'ts' | 'lastTs' | 'count'>; key: string }
