// The MCP registry the daemon keeps in memory for call-time judging (detectors/mcp-policy.ts): the
// allowlist IT pushed and the inventory of configured servers (user, managed, and the workspaces of the
// sessions seen). Both are read from disk here, off the detectors: at start, when a session shows a new
// workspace (the allowlist before that event is judged: the attributor announces workspaces synchronously;
// the configs once the hook is answered, or sooner when a call or a process asks for them), and when the
// config watcher reports an MCP change. No allowlist file: no policy, calls are not judged.
import { approvalStatus, approvedTools, approvingEntries, loadAllowlist, toolMatches, type Allowlist } from '../collectors/mcp/allowlist.js';
import { discoverMcp } from '../collectors/mcp/discover.js';
import { commandLine } from '../collectors/mcp/findings.js';
import type { McpConfig } from '../collectors/mcp/config.js';
import type { McpServerEntry, McpScope } from '../collectors/mcp/types.js';
import type { AgentKind } from '../core/event.js';
import type { McpCallPolicy, McpCallVerdict, McpLaunch } from '../detectors/mcp-policy.js';
import { isWithin } from '../detectors/paths.js';
import type { McpLaunchSpec } from './attribution/mcp-launch.js';

/** Workspaces whose project configs are kept; the oldest go first (each one is a few small file reads). */
const MAX_PROJECTS = 64;
/**
 * A session in a workspace already known rereads every config file at most this often. The config watcher
 * reports their changes meanwhile (mcp.change → refresh); the full reread (~3 ms of file reads, before the
 * session's first hook is answered) is the fallback for a change it missed. The allowlist is not watched:
 * it is reread for every new session.
 */
export const REREAD_ON_SESSION_MS = 60_000;
// Which definition of a name a client uses when several scopes define it (Claude Code: local > project > user).
const PRECEDENCE: McpScope[] = ['managed', 'local', 'project', 'user', 'extension'];

// Codex offers MCP tools to its model as Responses function names and its hooks report them so: every
// character but [A-Za-z0-9_] becomes `_` (server `everything-env`, tool `get-env` arrive as
// mcp__everything_env__get_env; seen with 0.169). A name that matches nothing as written is matched
// again in that form, so a server or tool the allowlist approves is not unapproved for being renamed.
const asFunctionName = (name: string) => name.replace(/[^A-Za-z0-9_]/g, '_');
// The same for a tool glob, keeping its glob characters.
const globAsFunctionName = (glob: string) => glob.replace(/[^A-Za-z0-9_*?[\]{},!]/g, '_');

export class McpRegistry {
  private allowlist?: Allowlist;
  private servers: McpServerEntry[] = [];
  private readonly projects: string[] = [];
  /** Date.now() of the last full read (refresh). */
  private readAt = -Infinity;
  /** A new workspace's configs are still to be read (the allowlist was, at once): the next use of the inventory reads them, or the timer. */
  private pending: NodeJS.Timeout | undefined;
  /** The last problem loading the allowlist (for health and logs). */
  error?: string;

  constructor(
    private readonly cfg: McpConfig, private readonly home: string, private readonly env: Record<string, string | undefined> = process.env,
    private readonly now: () => number = Date.now,
  ) {}

  /** Rereads the allowlist and every known config file. */
  refresh(): void {
    this.readAllowlist();
    this.readConfigs();
  }

  /** Every known config file (a pending read of a new workspace's included). */
  private readConfigs(): void {
    if (this.pending) { clearTimeout(this.pending); this.pending = undefined; }
    // Read with or without a policy: attribution also asks which processes are configured stdio servers.
    this.servers = discoverMcp({ home: this.home, env: this.env, projects: [...this.projects], systemRoot: this.cfg.systemRoot }).servers;
    this.readAt = this.now();
  }

  private readAllowlist(): void {
    const load = loadAllowlist({ configured: this.cfg.allowlist, home: this.home, env: this.env, systemRoot: this.cfg.systemRoot });
    this.allowlist = load.allowlist;
    this.error = load.error;
  }

  /** The stdio servers a session of this agent in this workspace starts (attribution: its later activity is that server's). */
  launches(agent: AgentKind, cwd: string | undefined): McpLaunchSpec[] {
    return this.visible(agent, cwd).flatMap((s) => (s.transport === 'stdio' && s.command !== undefined && !s.disabled ? [{ name: s.name, command: s.command, args: s.args ?? [] }] : []));
  }

  /**
   * A new session's workspace (announced once per session): its project configs count from now on, and
   * the allowlist is read again, so a policy IT pushed since is in force for this session. The configs
   * are read again too, unless the workspace is known and was read lately (REREAD_ON_SESSION_MS), but not
   * now: every known workspace's files and the user's (~/.claude.json can be megabytes) took 5-16 ms of the
   * session's first hook before its verdict. They are read on the timer's turn after the answer, or at once
   * when the inventory is needed first (an MCP call judged, a process attributed).
   */
  addProject(cwd: string): void {
    const known = this.projects.includes(cwd);
    this.readAllowlist();
    if (known && this.now() - this.readAt < REREAD_ON_SESSION_MS) return;
    if (!known) {
      this.projects.push(cwd);
      if (this.projects.length > MAX_PROJECTS) this.projects.shift();
    }
    this.pending ??= setTimeout(() => {
      // Discovery reports file problems as results; anything else stays the registry's error, never a crash from a timer.
      try { this.readConfigs(); } catch (err) { this.error = `MCP configs not read: ${err instanceof Error ? err.message : String(err)}`; }
    }, 0).unref();
  }

  /** The inventory as of now: a new workspace's configs pending are read first. */
  private inventory(): McpServerEntry[] {
    if (this.pending) this.readConfigs();
    return this.servers;
  }

  /** What detectors get: undefined while no allowlist policy exists. */
  get policy(): McpCallPolicy | undefined {
    const allowlist = this.allowlist;
    if (allowlist === undefined) return undefined;
    const team = this.cfg.team;
    return {
      source: allowlist.file,
      team,
      serverNames: (agent, cwd) => this.visible(agent, cwd).map((s) => s.name),
      judge: ({ agent, server, tool, cwd }): McpCallVerdict => {
        const visible = this.visible(agent, cwd);
        const named = visible.some((s) => s.name === server) ? visible.filter((s) => s.name === server)
          : visible.filter((s) => asFunctionName(s.name) === server);
        const entry = named.sort((a, b) => PRECEDENCE.indexOf(a.provenance.scope) - PRECEDENCE.indexOf(b.provenance.scope))[0];
        if (entry === undefined) return { status: 'unknown-server' };
        const launch = entry.url ?? commandLine(entry);
        const entries = approvingEntries(entry, allowlist, team);
        if (entries.length === 0) return { status: 'unapproved-server', launch, file: entry.provenance.file };
        const tools = approvedTools(entries);
        const approved = toolMatches(tool, tools) || toolMatches(tool, tools.map(globAsFunctionName));
        return approved ? { status: 'approved' } : { status: 'unapproved-tool', launch, file: entry.provenance.file, tools };
      },
      approves: (l: McpLaunch) => approvalStatus({ name: '', transport: l.url !== undefined ? 'http' : 'stdio', ...l }, allowlist, team) === 'approved',
    };
  }

  /** The servers a session of this agent in this workspace can call: its agent's, user/managed scope or this workspace's. */
  private visible(agent: AgentKind, cwd: string | undefined): McpServerEntry[] {
    const inScope = (s: McpServerEntry) => s.provenance.project === undefined || (cwd !== undefined && isWithin(cwd, s.provenance.project));
    const servers = this.inventory();
    const own = servers.filter((s) => s.provenance.agent === agent && inScope(s));
    // An agent the catalog has no MCP files for (or a hook agent name we do not map) sees every server.
    return own.length > 0 ? own : servers.filter(inScope);
  }
}
