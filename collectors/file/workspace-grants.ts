// Which session holds which watched workspace, so a workspace's inotify watches can be released when
// its last session ends or goes idle, and so forged sessions cannot take them all: any local process can
// post a hook with a made-up session and cwd. Rules: for an unconfirmed session, `/`, the home directory
// and its ancestors are not watched recursively (a confirmed one, e.g. `agentwatch run` in ~, goes by the
// budget alone); a session may hold at most `perSession` workspaces; sessions no agent process has
// confirmed share at most `unconfirmedWatches` watches (the rest of the budget is kept for confirmed ones)
// and are released after `idleMs` without activity. Pure: costs come from the collector, times are given.
import { resolve, sep } from 'node:path';
import type { WorkspaceOwner } from '../collector.js';

export interface GrantLimits { perSession: number; unconfirmedWatches: number; idleMs: number }

export type Refusal = 'too-broad' | 'per-session' | 'unconfirmed-budget' | 'budget';

interface Root { cost: number; holders: Set<string>; confirmed: boolean }
interface Session { roots: Set<string>; confirmed: boolean; lastMs: number }

/** Sessions remembered at once; past this a new session's hold on a covered workspace is not recorded. */
const MAX_SESSIONS = 10_000;

/** An announcement without a session (a caller of addWorkspace, a test): held for good, like the catalog. */
export const ANONYMOUS: WorkspaceOwner = { sessionId: '', confirmed: true };

export class WorkspaceGrants {
  private readonly roots = new Map<string, Root>();
  private readonly sessions = new Map<string, Session>();
  /** Watches held by workspaces no confirmed session holds. */
  unconfirmedUsed = 0;
  released = 0;
  readonly refused: Record<Refusal, number> = { 'too-broad': 0, 'per-session': 0, 'unconfirmed-budget': 0, budget: 0 };

  constructor(private readonly limits: GrantLimits, private readonly home: string) {}

  /** Before any cost is known: whether `cwd` may be watched for this owner at all. */
  precheck(path: string, owner: WorkspaceOwner, held: string | undefined): Refusal | undefined {
    const cwd = resolve(path);
    if (!owner.confirmed && (cwd === sep || cwd === this.home || this.home.startsWith(cwd.endsWith(sep) ? cwd : cwd + sep))) return 'too-broad';
    const s = this.sessions.get(owner.sessionId);
    if (owner !== ANONYMOUS && s && !(held !== undefined && s.roots.has(held)) && s.roots.size >= this.limits.perSession) return 'per-session';
    return undefined;
  }

  /** Watches this owner may still take beyond what the whole budget allows (unbounded when confirmed). */
  room(owner: WorkspaceOwner): number {
    return owner.confirmed ? Infinity : this.limits.unconfirmedWatches - this.unconfirmedUsed;
  }

  refuse(why: Refusal): Refusal {
    this.refused[why]++;
    return why;
  }

  /** `owner` holds `root` (watched now at `cost`, or watched already when `cost` is undefined). */
  hold(root: string, owner: WorkspaceOwner, nowMs: number, cost?: number): void {
    let r = this.roots.get(root);
    if (!r && cost === undefined) return; // covered by a catalog directory: nothing of ours to release
    const known = this.sessions.get(owner.sessionId);
    if (r && owner !== ANONYMOUS && !known && this.sessions.size >= MAX_SESSIONS) return;
    if (!r) {
      r = { cost: cost!, holders: new Set(), confirmed: false };
      this.roots.set(root, r);
      this.unconfirmedUsed += r.cost;
    }
    r.holders.add(owner.sessionId);
    if (owner.confirmed && !r.confirmed) { r.confirmed = true; this.unconfirmedUsed -= r.cost; }
    if (owner === ANONYMOUS) return;
    const s = known ?? { roots: new Set<string>(), confirmed: false, lastMs: nowMs };
    s.roots.add(root);
    s.confirmed ||= owner.confirmed;
    s.lastMs = Math.max(s.lastMs, nowMs);
    this.sessions.set(owner.sessionId, s);
  }

  /** A session was active (a hook tool call): its workspaces are not idle. */
  touch(sessionId: string, nowMs: number): void {
    const s = this.sessions.get(sessionId);
    if (s) s.lastMs = Math.max(s.lastMs, nowMs);
  }

  /** The session ended: the roots nobody holds any more, for the collector to stop watching. */
  end(sessionId: string): { root: string; cost: number }[] {
    const s = this.sessions.get(sessionId);
    if (!s) return [];
    this.sessions.delete(sessionId);
    const freed: { root: string; cost: number }[] = [];
    for (const root of s.roots) {
      const r = this.roots.get(root);
      if (!r) continue;
      r.holders.delete(sessionId);
      if (r.holders.size > 0) { this.reconfirm(r); continue; }
      this.roots.delete(root);
      if (!r.confirmed) this.unconfirmedUsed -= r.cost;
      this.released++;
      freed.push({ root, cost: r.cost });
    }
    return freed;
  }

  /** Unconfirmed sessions idle longer than idleMs end (a confirmed one ends with its session.end). */
  sweep(nowMs: number): { root: string; cost: number }[] {
    const idle = [...this.sessions].filter(([, s]) => !s.confirmed && nowMs - s.lastMs > this.limits.idleMs).map(([id]) => id);
    return idle.flatMap((id) => this.end(id));
  }

  /** A root still held: confirmed only while a confirmed session (or an anonymous holder) holds it. */
  private reconfirm(r: Root): void {
    const confirmed = [...r.holders].some((h) => h === '' || this.sessions.get(h)?.confirmed === true);
    if (r.confirmed && !confirmed) { r.confirmed = false; this.unconfirmedUsed += r.cost; }
  }

  get workspaces(): number {
    return this.roots.size;
  }
}
