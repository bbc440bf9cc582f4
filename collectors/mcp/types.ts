// The shapes MCP discovery, static findings, the config watcher and the live scanner share.
// Discovery (discover.ts) turns config files into McpServerEntry values; findings.ts judges one entry
// at a time; the watcher diffs inventories; the scanner (scan/) starts or connects to an entry.
import type { AgentKind, Severity } from '../../core/event.js';

/**
 * Where a config sits. managed: pushed by IT (/etc, /Library/Application Support …); user: the home;
 * project: a workspace file (.mcp.json, .cursor/mcp.json …); local: per-project entries kept in a user
 * file (Claude Code's ~/.claude.json projects[…]); extension: an IDE extension's or CLI extension's store.
 */
export type McpScope = 'managed' | 'user' | 'project' | 'local' | 'extension';

export type McpTransport = 'stdio' | 'http' | 'sse';

export type ConfigFormat = 'json' | 'jsonc' | 'toml' | 'yaml';

/** One server as the client will launch or contact it, normalised across every client's dialect. */
export interface McpServerConfig {
  name: string;
  transport: McpTransport;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
  url?: string;
  headers?: Record<string, string>;
  /** Tools the client runs without asking (Cline `autoApprove`, Roo `alwaysAllow` …); true = all. */
  autoApprove?: string[] | true;
  /** Gemini `trust: true` and similar: every call runs without confirmation. */
  trust?: boolean;
  disabled?: boolean;
}

export interface McpProvenance {
  agent: AgentKind;
  scope: McpScope;
  /** Absolute path of the file the entry came from. */
  file: string;
  format: ConfigFormat;
  /** Where inside the file, e.g. `mcpServers.github` or `projects["/home/u/app"].mcpServers.db`. */
  pointer: string;
  /** The workspace a project/local entry belongs to. */
  project?: string;
}

export interface Finding {
  /** Stable id, e.g. `MCP-UNPINNED-PACKAGE`; docs/ and tests refer to it. */
  id: string;
  severity: Severity;
  /** One sentence: what and why. */
  message: string;
  /** The text that triggered it (already redacted). */
  evidence?: string;
}

export type ApprovalStatus = 'approved' | 'unapproved' | 'no-policy';

export interface McpServerEntry extends McpServerConfig {
  /** Stable across runs: agent, scope, file and name (see serverId in discover.ts). */
  id: string;
  provenance: McpProvenance;
  findings: Finding[];
  status: ApprovalStatus;
}

/** A config file that exists but could not be read or parsed: a finding, never a crash. */
export interface ConfigFileProblem {
  file: string;
  agent: AgentKind;
  scope: McpScope;
  error: string;
}

export interface McpInventory {
  servers: McpServerEntry[];
  problems: ConfigFileProblem[];
  /** Every candidate file that existed and was read. */
  filesRead: string[];
}
