// Pure: a process snapshot → the agent processes running now, each with its sessions and live
// children. Launchers fold into one row (codex's node shim → native codex, gemini's relaunch), and a
// process nobody recognised becomes an agent row when its children carry an agent's env stamp (e.g. a
// Claude Code copy bundled somewhere the catalog does not know).
import { SUPERVISED_SESSION_PREFIX, type AgentKind } from '../../core/event.js';
import type { Catalog } from '../../core/agents/catalog.js';
import { recognise, sessionIdFromArgv, type ProcessView } from './recognise.js';

export interface AgentProcess {
  agent: AgentKind;
  variant: string;
  /** The catalog entry, or `env-stamp` when only the children's environment said what it is. */
  entryId: string;
  pid: number;
  ppid: number;
  procKey: string;
  startedAt?: string;
  uid?: number;
  cwd?: string;
  exe?: string;
  argv?: string[];
  /** Launcher/relaunch processes of the same agent folded into this row (e.g. native codex under its node shim). */
  innerPids: number[];
  /** Session ids seen: argv, session hints (e.g. ~/.claude/sessions/<pid>.json), children's env stamps. */
  sessionIds: string[];
  /** Live descendants (the agent's shells, tools, MCP servers), not counting folded launchers. */
  children: number;
}

export interface InventoryOptions {
  extensions?: ReadonlySet<string>;
  /** Session ids known for a procKey from files the agent writes (see sessions.ts). */
  sessionHints?: ReadonlyMap<string, readonly string[]>;
}

export function buildInventory(procs: readonly ProcessView[], catalog: Catalog, opts: InventoryOptions = {}): AgentProcess[] {
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const kids = new Map<number, ProcessView[]>();
  for (const p of procs) {
    if (p.pid === p.ppid) continue;
    const list = kids.get(p.ppid) ?? [];
    list.push(p);
    kids.set(p.ppid, list);
  }
  // A fork not exec'd yet shows its parent's program: it is no second agent (and its stamp, read after its
  // exec, may be the new program's).
  const recs = new Map(procs.map((p) => [p.pid, p.preExec ? [] : recognise(p, catalog, opts.extensions)]));
  // One row per (outermost process, agent): an editor hosting Copilot and Cline is two rows.
  const rows = new Map<string, AgentProcess>();
  const rowKey = (pid: number, agent: AgentKind) => `${pid}/${agent}`;
  const rowPids = new Set<number>();
  const folded = new Map<number, string>(); // inner pid → row key

  const isAgent = (pid: number, agent: AgentKind) => recs.get(pid)?.some((r) => r.agent === agent) ?? false;
  // A launcher's child that is the same agent without that agent's stamp is the same session
  // (codex.js → codex, gemini → relaunched gemini); with the stamp it is a nested session (claude -p in a Bash tool).
  const foldsInto = (p: ProcessView, agent: AgentKind) => isAgent(p.ppid, agent) && p.stamp?.agent !== agent;

  for (const p of procs) {
    for (const r of recs.get(p.pid) ?? []) {
      if (foldsInto(p, r.agent)) continue;
      rows.set(rowKey(p.pid, r.agent), rowOf(p, r.agent, r.variant, r.entryId));
      rowPids.add(p.pid);
    }
  }
  for (const p of procs) {
    for (const r of recs.get(p.pid) ?? []) {
      if (!foldsInto(p, r.agent)) continue;
      let top = byPid.get(p.ppid)!;
      for (let depth = 0; depth < 8 && foldsInto(top, r.agent); depth++) top = byPid.get(top.ppid)!;
      folded.set(p.pid, rowKey(top.pid, r.agent));
      rows.get(rowKey(top.pid, r.agent))?.innerPids.push(p.pid);
    }
  }
  // Stamped children whose parent nobody recognised: the parent is that agent.
  for (const p of procs) {
    const s = p.stamp;
    const parent = byPid.get(p.ppid);
    if (!s || p.preExec || s.agent === 'unknown' || !parent || parent.pid <= 1 || parent.stamp?.agent === s.agent) continue;
    if (isAgent(p.pid, s.agent)) continue; // the stamped process is the agent itself (`agentwatch run` stamps it)
    if (rowPids.has(parent.pid) || folded.has(parent.pid) || isAgent(parent.pid, s.agent)) continue;
    rows.set(rowKey(parent.pid, s.agent), rowOf(parent, s.agent, 'unrecognised', 'env-stamp'));
    rowPids.add(parent.pid);
  }

  for (const [key, row] of rows) {
    const sessions = new Set<string>();
    const fromArgv = sessionIdFromArgv(row.argv);
    if (fromArgv) sessions.add(fromArgv);
    // `agentwatch run` gives the agent process its own session; any other stamp on an agent is its parent's
    // (a claude started by another claude's Bash tool carries the outer session).
    const own = byPid.get(row.pid)?.stamp;
    if (own?.agent === row.agent && own.sessionId?.startsWith(SUPERVISED_SESSION_PREFIX)) sessions.add(own.sessionId);
    for (const pid of [row.pid, ...row.innerPids]) {
      const key = byPid.get(pid)?.procKey;
      for (const s of (key && opts.sessionHints?.get(key)) || []) sessions.add(s);
    }
    // Walk the descendants, stopping at another agent row (a nested session keeps its own children).
    const stack = [row.pid, ...row.innerPids];
    const seen = new Set(stack);
    while (stack.length > 0) {
      for (const c of kids.get(stack.pop()!) ?? []) {
        if (seen.has(c.pid) || rowPids.has(c.pid)) continue;
        seen.add(c.pid);
        stack.push(c.pid);
        if (folded.get(c.pid) === key) continue;
        row.children++;
        if (c.stamp?.agent === row.agent && c.stamp.sessionId) sessions.add(c.stamp.sessionId);
      }
    }
    row.sessionIds = [...sessions];
  }
  return [...rows.values()].sort((a, b) => a.pid - b.pid || a.agent.localeCompare(b.agent));
}

function rowOf(p: ProcessView, agent: AgentKind, variant: string, entryId: string): AgentProcess {
  return {
    agent, variant, entryId, pid: p.pid, ppid: p.ppid, procKey: p.procKey,
    ...(p.startedAt ? { startedAt: p.startedAt } : {}),
    ...(p.uid !== undefined ? { uid: p.uid } : {}),
    ...(p.cwd ? { cwd: p.cwd } : {}),
    ...(p.exe ? { exe: p.exe } : {}),
    ...(p.argv ? { argv: p.argv } : {}),
    innerPids: [], sessionIds: [], children: 0,
  };
}
