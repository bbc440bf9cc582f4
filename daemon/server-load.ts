// How loaded the HTTP side is, and everything it turned away: connections open and refused (the cap, the
// per-peer cap, the stream's client cap), requests in flight (arrived, not yet answered) and the hooks shed
// past the in-flight cap (429, or the fail-open allow), and PreToolUse answers later than the decision budget.
// Health reports it (component `server`); the stream gets a `status` message when a drop counter moves,
// at most once a second, so a console sees overload as it happens without being flooded by it.
import type { ComponentHealth } from '../core/health.js';

/** A drop this recent keeps the server `degraded` in health. */
const DROP_MEMORY_MS = 60_000;
/** The stream hears about drops at most this often. */
const NOTIFY_EVERY_MS = 1000;

export interface LoadLimits {
  maxConnections: number;
  maxConnectionsPerPeer: number;
  maxInFlight: number;
}

/**
 * refusedConnections: over the connection cap (or a peer's); streamRefused: over the stream's client cap;
 * timedOut: cut off for trickling headers or body; rejected: hooks answered 429; failOpen: calls the agent
 * waits on allowed unjudged (overload); lateDecisions: answers later than the decision budget.
 */
export type DropCounter = 'refusedConnections' | 'streamRefused' | 'timedOut' | 'rejected' | 'failOpen' | 'lateDecisions';

export type LoadSnapshot = { connections: number; inFlight: number; held: number } & Record<DropCounter, number>;

export class ServerLoad {
  connections = 0;
  inFlight = 0;
  /** Of those in flight, hook calls held for the developer (policy `hold`): they wait on a person, not on us. */
  held = 0;
  private readonly drops: Record<DropCounter, number> = { refusedConnections: 0, streamRefused: 0, timedOut: 0, rejected: 0, failOpen: 0, lateDecisions: 0 };
  private readonly peers = new Map<string, number>();
  private lastDropAt = 0;
  private lastNotice = 0;
  private notice: NodeJS.Timeout | undefined;
  /** Told the counters when a drop counter moved (throttled); the stream hub, once it exists. */
  onDrop: ((snapshot: LoadSnapshot) => void) | undefined;

  constructor(readonly limits: LoadLimits) {}

  /**
   * Admits a connection from `peer` or says no. A peer is a remote address: every local process is
   * 127.0.0.1 (or ::1), indistinguishable here, so loopback clients share the global cap only; the
   * per-peer cap keeps one remote address (bind not loopback) from taking the slots local hooks need.
   */
  admit(peer: string | undefined): boolean {
    const key = peer ?? '?';
    if (this.connections >= this.limits.maxConnections) { this.count('refusedConnections'); return false; }
    if (!isLoopback(peer)) {
      const n = this.peers.get(key) ?? 0;
      if (n >= this.limits.maxConnectionsPerPeer) { this.count('refusedConnections'); return false; }
      this.peers.set(key, n + 1);
    }
    this.connections++;
    return true;
  }

  /** An admitted connection closed. */
  release(peer: string | undefined): void {
    this.connections--;
    if (isLoopback(peer)) return;
    const key = peer ?? '?';
    const n = (this.peers.get(key) ?? 1) - 1;
    if (n <= 0) this.peers.delete(key); else this.peers.set(key, n);
  }

  /** Whether a request arriving now finds more in flight than the cap (it is counted in `inFlight` already). */
  get overloaded(): boolean {
    return this.inFlight - this.held > this.limits.maxInFlight;
  }

  count(counter: DropCounter): void {
    this.drops[counter]++;
    // A late answer is not a drop: under a busy CI box it happens without anything lost.
    if (counter !== 'lateDecisions') this.lastDropAt = Date.now();
    this.scheduleNotice();
  }

  snapshot(): LoadSnapshot {
    return { connections: this.connections, inFlight: this.inFlight, held: this.held, ...this.drops };
  }

  health(): ComponentHealth & LoadSnapshot & LoadLimits {
    const counts = { ...this.snapshot(), ...this.limits };
    if (Date.now() - this.lastDropAt >= DROP_MEMORY_MS) return { status: 'ok', ...counts };
    const { refusedConnections, streamRefused, timedOut, rejected, failOpen } = this.drops;
    const reason = `turning clients away in the last minute: ${refusedConnections + streamRefused} connections refused, ${timedOut} timed out, ${rejected} hooks answered 429, ${failOpen} PreToolUse allowed unjudged (totals)`;
    return { status: 'degraded', reason, ...counts };
  }

  close(): void {
    clearTimeout(this.notice);
    this.notice = undefined;
  }

  private scheduleNotice(): void {
    if (this.notice || !this.onDrop) return;
    const delay = Math.max(0, this.lastNotice + NOTIFY_EVERY_MS - Date.now());
    this.notice = setTimeout(() => {
      this.notice = undefined;
      this.lastNotice = Date.now();
      this.onDrop?.(this.snapshot());
    }, delay).unref();
  }
}

export function isLoopback(addr: string | undefined): boolean {
  return addr !== undefined && (/^127\./.test(addr) || addr === '::1' || /^::ffff:127\./.test(addr));
}
