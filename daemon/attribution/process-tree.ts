// A bounded in-memory process tree keyed by procKey (`pid:starttime`), so a reused pid is a new node
// and never inherits the session of the process that had it before. Fed by exec/exit events and, for
// processes that started before we looked, by /proc (see attributor.ts).
import type { AgentKind } from '../../core/event.js';
import type { ProcRecord } from '../../collectors/proc/record.js';
import type { EnvStamp } from '../../core/agents/stamp.js';

export { procKeyOf } from '../../collectors/proc/record.js';

export type Level = 'exact' | 'ancestry' | 'correlated' | 'probable' | 'none';

/** Who a process belongs to, as attribution worked it out. */
export interface Owner { agent: AgentKind; sessionId?: string; level: Level; toolUseId?: string }

/** A process as attribution remembers it: the table's record fields it needs, and what attribution learned. */
export interface ProcNode extends Pick<ProcRecord, 'pid'>, Partial<Pick<ProcRecord, 'ppid' | 'exe' | 'argv' | 'cwd'>> {
  /** The procKey. */
  key: string;
  /** The parent's procKey, fixed when the node is added (a later process with the parent's pid is not the parent). */
  parentKey?: string;
  /** The agent stamp read from its environment at exec time (undefined: none, or gone before we read). */
  stamp?: EnvStamp;
  /**
   * Stamped by an agent of another HOME (another user's, another test's fake HOME): that agent's session is
   * not watched here, and neither it nor its descendants take one of ours by correlation or workspace.
   */
  foreign?: boolean;
  /** Set once the process is known to belong to a session (exact, ancestry or correlated). */
  owner?: Owner;
  /** An agent process (claude, codex, gemini) whose session its stamped children told us. */
  agentOf?: { agent: AgentKind; sessionId: string };
  exited?: boolean;
  /** The agent this process itself is, by the catalog (null: none), worked out once: an agent starts its own session. */
  agentProcess?: string | null;
  /**
   * An ancestor of an agent process (the shell, terminal or IDE that launched it): it outlives any one
   * session and launches the next, so it never takes a session from a child, a hook call or a workspace.
   */
  launcher?: boolean;
  /** The agent's own housekeeping (attribution/bookkeeping.ts), worked out once. */
  internal?: boolean;
  /** The stdio MCP server (its configured name) this process is or was started by (null: none), worked out once. */
  mcpServer?: string | null;
  /** The attributor's MCP config generation when mcpServer was worked out (a `null` is asked again after a change). */
  mcpGeneration?: number;
}

export const MAX_DEPTH = 32;

/** The start in the procKey (`pid:start`, clock ticks since boot on Linux), or undefined when unknown. */
export function startOf(node: Pick<ProcNode, 'key'>): number | undefined {
  const v = Number(node.key.slice(node.key.indexOf(':') + 1));
  return Number.isFinite(v) && node.key.includes(':') && !node.key.endsWith(':?') ? v : undefined;
}

export class ProcessTree {
  private readonly nodes = new Map<string, ProcNode>();
  private readonly pids = new Map<number, string>();
  /**
   * Nodes whose parent the tree did not hold when they came, by the parent's pid. The kernel tier's lines
   * come from one buffer per CPU, so a child's exec can be read before its parent's: the parent adopts
   * them when it comes.
   */
  private readonly orphans = new Map<number, Set<string>>();
  evicted = 0;

  constructor(private readonly capacity = 8192) {}

  get size(): number { return this.nodes.size; }

  get(key: string): ProcNode | undefined { return this.nodes.get(key); }

  /** The live (or most recent) process with this pid. */
  byPid(pid: number): ProcNode | undefined {
    const key = this.pids.get(pid);
    return key === undefined ? undefined : this.nodes.get(key);
  }

  add(node: ProcNode): ProcNode {
    if (node.parentKey === undefined && node.ppid !== undefined) node.parentKey = this.pids.get(node.ppid);
    this.nodes.delete(node.key); // re-insert: the map's order is the eviction order
    this.nodes.set(node.key, node);
    this.pids.set(node.pid, node.key);
    if (node.parentKey === undefined && node.ppid !== undefined && node.ppid > 1) {
      const waiting = this.orphans.get(node.ppid) ?? new Set<string>();
      this.orphans.set(node.ppid, waiting.add(node.key));
    }
    this.adopt(node);
    while (this.nodes.size > this.capacity) {
      const [oldKey, old] = this.nodes.entries().next().value as [string, ProcNode];
      this.nodes.delete(oldKey);
      if (this.pids.get(old.pid) === oldKey) this.pids.delete(old.pid);
      const waiting = old.ppid === undefined ? undefined : this.orphans.get(old.ppid);
      if (waiting?.delete(oldKey) && waiting.size === 0) this.orphans.delete(old.ppid!);
      this.evicted++;
    }
    return node;
  }

  /** Its children that came first, still without a parent: a child never starts before its parent. */
  private adopt(parent: ProcNode): void {
    const waiting = this.orphans.get(parent.pid);
    if (waiting === undefined) return;
    const born = startOf(parent);
    for (const key of waiting) {
      const child = this.nodes.get(key);
      if (child === undefined || child.parentKey !== undefined) { waiting.delete(key); continue; }
      const childBorn = startOf(child);
      if (born !== undefined && childBorn !== undefined && childBorn < born) continue; // an older holder of the pid's child
      child.parentKey = parent.key;
      waiting.delete(key);
    }
    if (waiting.size === 0) this.orphans.delete(parent.pid);
  }

  /** Marks a process gone: its pid may now be reused. The node stays so its children keep their ancestry. */
  exit(key: string): void {
    const node = this.nodes.get(key);
    if (!node) return;
    node.exited = true;
    if (this.pids.get(node.pid) === key) this.pids.delete(node.pid);
  }

  parentOf(node: ProcNode): ProcNode | undefined {
    return node.parentKey === undefined ? undefined : this.nodes.get(node.parentKey);
  }

  /** Parent first, at most MAX_DEPTH, stopping at a cycle (pid reuse can make one out of stale keys). */
  *ancestors(node: ProcNode): Generator<ProcNode> {
    const seen = new Set([node.key]);
    let cur = this.parentOf(node);
    for (let depth = 0; cur && depth < MAX_DEPTH && !seen.has(cur.key); depth++) {
      seen.add(cur.key);
      yield cur;
      cur = this.parentOf(cur);
    }
  }
}
