// The attribution stage: every OS event (process, file, network) leaves with `agent`, `sessionId`,
// `attribution` and, when known, `toolUseId`. Levels, strongest first:
//   exact      — an agent's environment stamp (CLAUDE_CODE_SESSION_ID …) on the process or an ancestor
//   ancestry   — an ancestor is a known agent process, or a process already attributed
//   correlated — a hook call named the same command/path/destination in the last few seconds
//   probable   — the cwd is under the workspace of a session active in the last minutes
//   none
// Attribution never climbs: a session belongs to its agent process and that process's descendants. A process
// that started before a session's agent, or is an ancestor of an agent (the shell, terminal or IDE that
// launched it), never takes that session, by any level; a process that outlives its session keeps it
// (and passes it to its own children) but lends it to nobody: not to a new parent, not to the workspace.
// A process a tool call started keeps that call (toolUseId) for its whole life and passes it to its
// descendants: a dev server started with `npm run dev &` that connects out minutes later is that call's
// effect. A stdio MCP server the agent started from its config is marked as that server (mcpServer), with
// no tool call. Either way its later activity is judged as what it is, not as the agent acting without hooks.
// This stage asks the process table about live processes (through a ProcReader); detectors never do. Events caused by the daemon
// itself (its pid, its children, its own `agentwatch hook` forwarder) are dropped here.
import type { Event } from '../../core/event.js';
import { msOf } from '../../core/time.js';
import { HookMemory } from './hook-memory.js';
import { procKeyOf, ProcessTree, startOf, type Owner, type ProcNode } from './process-tree.js';
import { tableReader, type ProcReader } from './proc-info.js';
import { ProcessTable } from '../../collectors/proc/process-table.js';
import type { ProcRecord } from '../../collectors/proc/record.js';
import { isAgentBookkeeping, isAgentInternalCommand } from './bookkeeping.js';
import type { WorkspaceOwner } from '../../collectors/collector.js';
import { recognise } from '../../collectors/agents/recognise.js';
import { agentCatalog } from '../../core/agents/catalog.js';
import type { AgentKind } from '../../core/event.js';
import { serverOfCommandLine, type McpLaunchSpec } from './mcp-launch.js';

export interface AttributorOptions {
  selfPid: number;
  /**
   * The user's home: a hook command says `~/.aws/credentials` where the kernel says `/root/.aws/credentials`.
   * Also the daemon's scope: an environment stamp counts only on a process whose HOME is this one (or
   * unknown), or that names a session seen here, since each user runs their own daemon — and test daemons
   * share one machine. A process of another HOME's agent takes no session here by any level (not by a
   * command it shares with a session of ours, not by its cwd).
   */
  home?: string;
  /** Processes of our own that are not our children (the `agentwatch hook` forwarder an agent runs). */
  isOwnProcess?: (argv: readonly string[]) => boolean;
  /** The daemon's process table, as attribution asks it; a table of its own when not given. */
  proc?: ProcReader;
  maxProcesses?: number;
  /**
   * A session's workspace was seen for the first time, or first confirmed by the session's own agent
   * process (the file watcher starts watching it; unconfirmed ones get only a share of its budget).
   */
  onWorkspace?: (cwd: string, owner: WorkspaceOwner) => void;
  /** A session ended (session.end): the file watcher releases its workspaces. */
  onSessionEnd?: (sessionId: string) => void;
  /** The stdio MCP servers an agent of this kind starts in this workspace (its MCP configs, read by the daemon). */
  mcpServers?: (agent: AgentKind, cwd: string | undefined) => readonly McpLaunchSpec[];
}

const NONE: Owner = { agent: 'unknown', level: 'none' };

export class Attributor {
  readonly tree: ProcessTree;
  private readonly hooks = new HookMemory();
  private readonly proc: ProcReader;
  /** Each session's agent process (the one its stamped children named), for the start-time rule. */
  private readonly roots = new Map<string, ProcNode>();
  dropped = 0;
  /** Agent bookkeeping left out: its state files (transcripts, snapshots …) and housekeeping processes. */
  bookkeeping = 0;
  /** Bumped when the MCP configs were read again: a process found to be no server is asked again. */
  private mcpGeneration = 0;

  constructor(private readonly opts: AttributorOptions) {
    this.tree = new ProcessTree(opts.maxProcesses);
    this.proc = opts.proc ?? tableReader(new ProcessTable());
  }

  /**
   * Hook events are attributed by their own payload; they only teach us commands, paths and workspaces
   * (also called for strongly attributed OS events, which name a session's workspace but no tool call).
   */
  noteHook(e: Event, confirmed = false): void {
    // A session's end announces no workspace (it would be watched only to be released at once).
    if (e.kind === 'session.end' && e.sessionId !== undefined) { this.endSession(e.sessionId, msOf(e.ts)); return; }
    const seen = this.hooks.note(e, msOf(e.ts), confirmed);
    if (seen !== undefined) this.opts.onWorkspace?.(seen.cwd, { sessionId: e.sessionId!, confirmed: seen.confirmed });
  }

  /** The MCP configs changed (a new workspace's project file, an edited config): servers are looked up again. */
  mcpConfigChanged(): void {
    this.mcpGeneration++;
  }

  private endSession(sessionId: string, t: number): void {
    this.hooks.end(sessionId, t);
    this.opts.onSessionEnd?.(sessionId);
  }

  /** The event with its owner filled in, or undefined when the daemon itself caused it (or it is agent bookkeeping). */
  attribute(raw: Event): Event | undefined {
    const t = msOf(raw.ts);
    const node = raw.pid === undefined ? undefined : this.nodeOf(raw);
    if (node) this.learnAgent(node); // before the self check: our own hook forwarder carries Gemini's session
    if (raw.kind === 'exit' && node) {
      this.tree.exit(node.key); // its pid may be reused from now on
      // An agent process gone is its session ended (Codex sends no SessionEnd hook).
      if (node.agentOf && this.roots.get(node.agentOf.sessionId) === node) this.hooks.end(node.agentOf.sessionId, t);
    }
    if (node && this.isOwn(node)) { this.dropped++; return undefined; }
    if (node && this.isAgentInternal(node)) { this.bookkeeping++; return undefined; }
    const owner = node ? this.ownerOf(node, raw, t) : this.unowned(raw, t);
    const filled: Event = {
      ...raw,
      agent: owner.agent === 'unknown' ? raw.agent : { ...raw.agent, kind: owner.agent },
      attribution: owner.level,
      ...(owner.sessionId !== undefined ? { sessionId: owner.sessionId } : {}),
      ...(owner.toolUseId !== undefined ? { toolUseId: owner.toolUseId } : {}),
    };
    if (isAgentBookkeeping(filled, this.opts.home)) { this.bookkeeping++; return undefined; }
    // A session known from its own processes (hooks off, or not installed) is active, with a workspace, too.
    if ((owner.level === 'exact' || owner.level === 'ancestry') && filled.sessionId !== undefined) this.noteHook({ ...filled, cwd: node?.cwd ?? filled.cwd }, true);
    // After the workspace is announced: its project's MCP config (.mcp.json) is read by then.
    const mcpServer = node && owner.sessionId !== undefined ? this.mcpServerOf(node) : undefined;
    if (mcpServer !== undefined) {
      filled.mcpServer = mcpServer;
      delete filled.toolUseId; // a server started before its project config was read may have guessed one
    }
    if (node) {
      filled.procKey ??= node.key;
      if (node.ppid !== undefined) filled.ppid ??= node.ppid;
      if (node.cwd !== undefined) filled.cwd ??= node.cwd;
      if (node.exe !== undefined) filled.exe ??= node.exe;
    }
    return filled;
  }

  /** The event's process node: a new one on exec, else the known one, else one built from the process table. */
  private nodeOf(e: Event): ProcNode {
    const pid = e.pid!;
    const known = e.procKey !== undefined ? this.tree.get(e.procKey) : this.tree.byPid(pid);
    if (known && e.kind !== 'exec') return known;
    // The live process, asked for at most once and only when the event leaves something out.
    let live: ProcRecord | undefined | null = null;
    const proc = () => (live === null ? (live = this.proc.process(pid)) : live);
    const key = e.procKey ?? proc()?.procKey ?? procKeyOf(pid, undefined);
    const existing = this.tree.get(key);
    if (existing && e.kind !== 'exec') return existing;
    const ppid = e.ppid ?? proc()?.ppid;
    if (ppid !== undefined) this.fromProc(ppid, 0);
    const parentKey = this.forkedParent(e);
    const node = this.tree.add({
      key, pid, ppid, ...(parentKey !== undefined ? { parentKey } : {}), exe: e.exe ?? existing?.exe ?? proc()?.exe, argv: e.argv ?? existing?.argv,
      cwd: e.cwd ?? existing?.cwd ?? proc()?.cwd, ...this.stampOf(pid, e.procKey, existing),
      ...(existing?.internal ? { internal: true } : {}), // `bash -c env` execs env in the same process
      // The same process exec'ing again (an orphan now under init or a subreaper, too) keeps its parent and session.
      ...(existing ? { parentKey: existing.parentKey ?? parentKey, owner: existing.owner, launcher: existing.launcher, mcpServer: existing.mcpServer } : {}),
    });
    if (this.agentProcessOf(node)) this.markLaunchers(node);
    return node;
  }

  /** The agent this process itself is (claude, codex, gemini …), by the catalog; undefined for anything else. */
  private agentProcessOf(node: ProcNode): string | undefined {
    if (node.agentProcess === undefined) {
      node.agentProcess = node.argv || node.exe ? (recognise({ exe: node.exe, argv: node.argv, comm: '' }, agentCatalog())[0]?.agent ?? null) : null;
    }
    return node.agentProcess ?? undefined;
  }

  /** The ancestors of an agent process launch sessions: none of them ever takes one (nor keeps one it took by a guess). */
  private markLaunchers(agent: ProcNode): void {
    for (const a of this.tree.ancestors(agent)) {
      if (a.launcher) return; // marked with its own ancestors before
      a.launcher = true;
      if (a.owner && a.owner.level !== 'exact' && !a.agentOf) a.owner = undefined;
    }
  }

  /**
   * Whether `node` may take `sessionId` by a weak level (correlated, probable): never a launcher or an agent
   * process (an agent starts its own session), never a process that was running before the session's agent.
   */
  private mayTake(node: ProcNode | undefined, sessionId: string): boolean {
    if (!node) return true;
    if (node.launcher || this.agentProcessOf(node) !== undefined) return false;
    const root = this.roots.get(sessionId);
    const [mine, theirs] = [startOf(node), root && startOf(root)];
    return mine === undefined || theirs === undefined || mine >= theirs;
  }

  /** The process's agent stamp if it counts here; `foreign` when it is another HOME's agent's (see ProcNode.foreign). */
  private stampOf(pid: number, procKey?: string, existing?: ProcNode): Pick<ProcNode, 'stamp' | 'foreign'> {
    const s = this.proc.stamp(pid, procKey);
    // A session of ours stays ours under another HOME (a command run as `HOME=/tmp/x curl …` does not hide).
    if (s && this.opts.home !== undefined && s.home !== undefined && s.home !== this.opts.home && !this.hooks.knows(s.sessionId)) return { foreign: true };
    const stamp = s ?? existing?.stamp;
    return { ...(stamp ? { stamp } : {}), ...(existing?.foreign ? { foreign: true } : {}) };
  }

  /** A process of another HOME's agent, or a descendant of one: it belongs to a session this daemon does not watch. */
  private isForeign(node: ProcNode): boolean {
    if (node.foreign) return true;
    for (const a of this.tree.ancestors(node)) {
      if (a.foreign) return true;
      if (a.stamp?.sessionId !== undefined || a.agentOf) return false;
    }
    return false;
  }

  /**
   * The parent of an exec the kernel tier saw, by the procKey it named (not by pid: the pid may be another
   * process's by now). A parent neither the tree nor /proc knows is a fork that never exec'd (a subshell)
   * and is gone already: it is added from the kernel's word, under the grandparent it named.
   */
  private forkedParent(e: Event): string | undefined {
    if (e.parentProcKey === undefined || e.ppid === undefined) return undefined;
    if (this.tree.get(e.parentProcKey)) return e.parentProcKey;
    if (e.grandparentPid === undefined) return undefined;
    if (e.grandparentPid > 1) this.fromProc(e.grandparentPid, 0);
    this.tree.add({ key: e.parentProcKey, pid: e.ppid, ppid: e.grandparentPid });
    return e.parentProcKey;
  }

  /** Adds a process we never saw start (older than the daemon, or missed by polling) and its ancestors; none the tree has. */
  private fromProc(pid: number, depth: number): void {
    if (this.tree.byPid(pid)) return;
    const rec = this.proc.process(pid);
    if (!rec || depth > 32) return;
    if (rec.ppid > 1) this.fromProc(rec.ppid, depth + 1);
    this.tree.add({ key: rec.procKey, pid, ppid: rec.ppid, exe: rec.exe, argv: rec.argv, cwd: rec.cwd, ...this.stampOf(pid, rec.procKey) });
  }

  private isOwn(node: ProcNode): boolean {
    if (node.pid === this.opts.selfPid) return true;
    for (const a of this.tree.ancestors(node)) if (a.pid === this.opts.selfPid && !a.exited) return true;
    const argv = node.argv ?? this.proc.process(node.pid)?.argv;
    return argv !== undefined && this.opts.isOwnProcess?.(argv) === true;
  }

  /** The agent's own housekeeping process (bookkeeping.ts), or a child of one; a stamped tool-call wrapper never is. */
  private isAgentInternal(node: ProcNode): boolean {
    if (node.internal === undefined) {
      node.internal = false; // a cycle of stale keys ends here
      // The parent is asked too, not only read: one added from the process table (a snapshot shell's subshell,
      // held back by the poll tier as a fork that never exec'd) was never judged itself.
      const parent = this.tree.parentOf(node);
      node.internal = (node.argv !== undefined && isAgentInternalCommand(node.argv)) || (parent !== undefined && this.isAgentInternal(parent));
    }
    return node.internal;
  }

  private ownerOf(node: ProcNode, e: Event, t: number): Owner {
    if (!node.owner) {
      const found = this.stampedOrInherited(node);
      // Another HOME's agent running the same command as a session here is not that session's, by any guess.
      if (!found && this.isForeign(node)) return NONE;
      const guessed = found ?? this.correlated(e, t, node);
      if (guessed) node.owner = guessed;
    }
    const owner = node.owner;
    if (!owner) return this.unowned({ ...e, cwd: e.cwd ?? node.cwd }, t, node.stamp?.agent ?? this.agentProcessOf(node), node);
    if (owner.toolUseId !== undefined || owner.sessionId === undefined) return owner;
    // An MCP server the agent started from its config acts for the session, never for one tool call.
    if (this.mcpServerOf(node) !== undefined) return owner;
    // The agent process itself: what it does during a call (an in-process Read) is that call's, for this
    // event only; it is no tool call's process, and its children do not inherit one from it.
    if (node.agentOf) {
      const open = this.hooks.openCall(owner.sessionId, t);
      return open?.useId !== undefined ? { ...owner, toolUseId: open.useId } : owner;
    }
    // A stamped process still learns its tool call: from its tree, else from the hook that named this effect.
    const fromTree = this.toolCallOfTree(node, e, t, owner);
    if (fromTree !== undefined) return (node.owner = { ...owner, toolUseId: fromTree });
    const call = this.hooks.correlate(e, t, this.opts.home, owner.sessionId);
    if (call?.useId !== undefined) return { ...owner, toolUseId: call.useId };
    // Nothing in the process names a call: the one call of the session open while the process started is its
    // call, for its whole life, as a Codex stamp would say. An agent that stamps nothing per call (Gemini:
    // tied by ancestry) is asked at any event; a stamped one (Claude Code) at the process's start, since a
    // process seen only later (a server a backgrounded command left running) may have started in another call.
    if (owner.level !== 'ancestry' && !(owner.level === 'exact' && e.kind === 'exec')) return owner;
    const open = this.hooks.openCall(owner.sessionId, t);
    return open?.useId !== undefined ? (node.owner = { ...owner, toolUseId: open.useId }) : owner;
  }

  /**
   * The nearest process in the chain tied to a tool call, or whose command line a hook call of the session
   * named (the agent's wrapper `bash -c … && npm run dev &`). Every process between keeps that call from now
   * on, so what the call left running (the wrapper gone, a server spawning children minutes later) still
   * finds it when the hook is long past the correlation window. The walk stops at the agent process.
   */
  private toolCallOfTree(node: ProcNode, e: Event, t: number, owner: Owner): string | undefined {
    const sessionId = owner.sessionId!;
    const chain: ProcNode[] = [];
    for (const n of [node, ...this.tree.ancestors(node)]) {
      if (n.agentOf || n.launcher || (n !== node && this.agentProcessOf(n) !== undefined)) return undefined;
      chain.push(n);
      let useId = n.owner?.sessionId === sessionId ? n.owner.toolUseId : undefined;
      if (useId === undefined && n.argv) {
        const asExec: Event = { ...e, kind: 'exec', argv: n.argv, exe: n.exe, path: undefined, remote: undefined };
        useId = this.hooks.correlate(asExec, t, this.opts.home, sessionId)?.useId;
      }
      if (useId === undefined) continue;
      for (const between of chain.slice(1)) {
        // Never seen with a stamp of its own: tied through the tree, not exact.
        if (between.owner === undefined && this.mayTake(between, sessionId)) between.owner = { agent: owner.agent, sessionId, level: 'ancestry' };
        if (between.owner?.sessionId === sessionId && between.owner.toolUseId === undefined) between.owner = { ...between.owner, toolUseId: useId };
      }
      return useId;
    }
    return undefined;
  }

  /**
   * The stdio MCP server this process is (a child of an agent process whose command line is one of that
   * agent's configured servers), or the one its nearest such ancestor is; undefined for anything else.
   */
  private mcpServerOf(node: ProcNode): string | undefined {
    if (node.mcpServer === undefined || (node.mcpServer === null && node.mcpGeneration !== this.mcpGeneration)) {
      node.mcpServer = null; // a cycle of stale keys ends here
      node.mcpGeneration = this.mcpGeneration;
      const parent = this.tree.parentOf(node);
      const agent = parent && this.agentProcessOf(parent);
      if (agent !== undefined && node.argv !== undefined && this.opts.mcpServers !== undefined) {
        node.mcpServer = serverOfCommandLine(node.argv, this.opts.mcpServers(agent, node.cwd ?? parent!.cwd)) ?? null;
      } else if (parent && agent === undefined && !parent.launcher) {
        node.mcpServer = this.mcpServerOf(parent) ?? null;
      }
    }
    return node.mcpServer ?? undefined;
  }

  /** A stamped child of an unstamped parent: the parent is the agent itself, and this is its session (Gemini
   * stamps only its hook processes with the session; its tool commands then get it by ancestry). */
  private learnAgent(node: ProcNode): void {
    const s = node.stamp;
    const parent = this.tree.parentOf(node);
    if (s?.sessionId === undefined || !parent || parent.stamp?.sessionId !== undefined || parent.exited) return;
    // Only the agent process itself learns the session: a stamped hook process orphaned under a shell or
    // init must not hand its session up to them. The agent's own session wins over anything guessed before.
    if (this.agentProcessOf(parent) !== s.agent || parent.agentOf?.sessionId === s.sessionId) return;
    parent.agentOf = { agent: s.agent, sessionId: s.sessionId };
    if (parent.owner?.sessionId !== s.sessionId) parent.owner = undefined;
    if (!this.roots.has(s.sessionId)) this.roots.set(s.sessionId, parent);
    if (this.roots.size > 1024) this.roots.delete(this.roots.keys().next().value as string);
    this.markLaunchers(parent);
  }

  /** exact from a stamp on the process or an ancestor; ancestry from an attributed ancestor or agent process. */
  private stampedOrInherited(node: ProcNode): Owner | undefined {
    if (node.agentOf) return { ...node.agentOf, level: 'ancestry' }; // the agent process itself
    const s = node.stamp;
    if (s?.sessionId !== undefined) {
      return { agent: s.agent, sessionId: s.sessionId, level: 'exact', ...(s.toolUseId ? { toolUseId: s.toolUseId } : {}) };
    }
    for (const a of this.tree.ancestors(node)) {
      if (a.stamp?.sessionId !== undefined) return { agent: a.stamp.agent, sessionId: a.stamp.sessionId, level: 'exact', ...(a.owner?.toolUseId ? { toolUseId: a.owner.toolUseId } : {}) };
      if (a.agentOf) return { ...a.agentOf, level: 'ancestry' };
      if (a.owner && a.owner.level !== 'probable' && a.owner.level !== 'none') return { ...a.owner, level: a.owner.level === 'exact' ? 'exact' : 'ancestry' };
    }
    return undefined;
  }

  private correlated(e: Event, t: number, node: ProcNode): Owner | undefined {
    const call = this.hooks.correlate({ ...e, argv: e.argv ?? node.argv, exe: e.exe ?? node.exe }, t, this.opts.home);
    if (!call || !this.mayTake(node, call.sessionId)) return undefined;
    return call && { agent: call.agent, sessionId: call.sessionId, level: 'correlated', ...(call.useId ? { toolUseId: call.useId } : {}) };
  }

  /** No process to go by (or none that tells): the hooks, then the workspace. */
  private unowned(e: Event, t: number, agent?: Owner['agent'], node?: ProcNode): Owner {
    const call = e.pid === undefined ? this.hooks.correlate(e, t, this.opts.home) : undefined;
    if (call) return { agent: call.agent, sessionId: call.sessionId, level: 'correlated', ...(call.useId ? { toolUseId: call.useId } : {}) };
    const cwd = e.cwd ?? (e.path !== undefined ? e.path.slice(0, e.path.lastIndexOf('/')) || '/' : undefined);
    const s = cwd === undefined ? undefined : this.hooks.probable(cwd, t);
    if (s && (agent === undefined || agent === s.agent) && this.mayTake(node, s.sessionId)) return { agent: s.agent, sessionId: s.sessionId, level: 'probable' };
    return agent ? { agent, level: 'none' } : NONE;
  }
}
