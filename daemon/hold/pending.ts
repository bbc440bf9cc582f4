// The calls held by the `hold` policy answer (docs/hold.md), waiting for the developer at a console. Each
// waits until a console decides (`decide`), its deadline passes (the fallback answers), or its agent stops
// waiting (the hook connection closed); with no console connected it never waits (`no-console`).
// Every new hold and every outcome is published to the stream's `pending` topic.
import crypto from 'node:crypto';
import { BoundedMap } from '../../core/bounded-map.js';

export type HoldAnswer = 'allow' | 'deny' | 'ask';
export type ResolvedBy = 'console' | 'timeout' | 'no-console';
export interface Resolution { answer: HoldAnswer; by: ResolvedBy }

/** One step of the session before the held call, as a console shows it. */
export interface PendingStep { ts: string; kind: string; summary: string }

/** What a console is shown of a held call (the `pending` message); every field is redacted already. */
export interface PendingView {
  id: string;
  sessionId?: string;
  agent: { kind: string };
  tool: { name: string; input: unknown };
  rule: string;
  severity: string;
  title: string;
  reason: string;
  steps: PendingStep[];
  createdAt: string;
  /** When the fallback answers, ISO 8601. */
  deadline: string;
  fallback: HoldAnswer;
}

export type StreamMessage = { type: 'pending'; pending: PendingView } | { type: 'resolved'; pendingId: string; answer: HoldAnswer; by: ResolvedBy };

interface Held { view: PendingView; timer: NodeJS.Timeout; finish: (r: Resolution) => void }

export interface HoldOptions {
  publish(msg: StreamMessage): void;
  /** Whether a console could answer now: an authenticated stream client subscribed to `pending`. */
  consoleConnected(): boolean;
}

export type DecideResult = 'ok' | 'unknown' | 'decided';

export class PendingHolds {
  private readonly held = new Map<string, Held>();
  /** Holds a console decided lately: deciding one again is a conflict (409), not an unknown id (404). */
  private readonly decided = new BoundedMap<string, true>(1024);

  constructor(private readonly opts: HoldOptions) {}

  /**
   * Holds a call until decided or `timeoutMs` passes. `gone`: aborted when the agent stops waiting (its
   * hook connection closed); the hold then ends as a timeout, since nobody will read the answer.
   */
  hold(view: Omit<PendingView, 'id' | 'createdAt' | 'deadline' | 'fallback'>, timeoutMs: number, fallback: HoldAnswer, gone?: AbortSignal): { view: PendingView; done: Promise<Resolution>; waiting: boolean } {
    const now = Date.now();
    const full: PendingView = { ...view, id: crypto.randomUUID(), createdAt: new Date(now).toISOString(), deadline: new Date(now + timeoutMs).toISOString(), fallback };
    if (!this.opts.consoleConnected()) return { view: full, done: Promise.resolve({ answer: fallback, by: 'no-console' }), waiting: false };
    const done = new Promise<Resolution>((resolve) => {
      const finish = (r: Resolution) => {
        if (!this.held.delete(full.id)) return;
        clearTimeout(entry.timer);
        gone?.removeEventListener('abort', onGone);
        if (r.by === 'console') this.decided.set(full.id, true);
        this.opts.publish({ type: 'resolved', pendingId: full.id, answer: r.answer, by: r.by });
        resolve(r);
      };
      const onGone = () => finish({ answer: fallback, by: 'timeout' });
      const entry: Held = { view: full, timer: setTimeout(onGone, timeoutMs), finish };
      this.held.set(full.id, entry);
      gone?.addEventListener('abort', onGone, { once: true });
    });
    this.opts.publish({ type: 'pending', pending: full });
    return { view: full, done, waiting: true };
  }

  /** A console's answer: `unknown` for an id never held or expired, `decided` when a console answered it already. */
  decide(id: string, answer: 'allow' | 'deny'): DecideResult {
    const entry = this.held.get(id);
    if (!entry) return this.decided.get(id) ? 'decided' : 'unknown';
    entry.finish({ answer, by: 'console' });
    return 'ok';
  }

  /** The calls waiting now, oldest first. */
  list(): PendingView[] {
    return [...this.held.values()].map((h) => h.view);
  }

  /** Shutdown: every waiting call gets its fallback now. */
  close(): void {
    for (const h of [...this.held.values()]) h.finish({ answer: h.view.fallback, by: 'timeout' });
  }
}
