// The bounded queue between the OS collectors and the pipeline: a collector's emit only enqueues; the
// events are processed in order, off the emitting call, a batch per turn of the event loop (so a burst
// never holds a hook's answer for long). When full, new events are dropped and counted, never waited for.
// Hook events do not come this way: a PreToolUse answer needs its own findings, synchronously.
import type { Event } from '../core/event.js';
import type { ComponentHealth } from '../core/health.js';

/** A drop this recent keeps the queue `degraded` in health. */
const DROP_MEMORY_MS = 60_000;

export class EventQueue {
  private items: (Event | undefined)[] = [];
  private head = 0;
  private scheduled = false;
  processed = 0;
  dropped = 0;
  private lastDropAt = 0;

  /** `process` must not throw (the daemon logs and carries on). */
  constructor(readonly cap: number, private readonly process: (e: Event) => void, private readonly batch = 256) {}

  push(e: Event): void {
    if (this.depth >= this.cap) {
      this.dropped++;
      this.lastDropAt = Date.now();
      return;
    }
    this.items.push(e);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drainSome);
    }
  }

  get depth(): number {
    return this.items.length - this.head;
  }

  /** Processes everything queued now (shutdown: after the collectors stopped, before the store closes). */
  flush(): void {
    while (this.depth > 0) this.take(this.depth);
  }

  health(): ComponentHealth & { depth: number; cap: number; dropped: number } {
    const { depth, cap, dropped } = this;
    return Date.now() - this.lastDropAt < DROP_MEMORY_MS
      ? { status: 'degraded', reason: `collector events dropped: queue full (${cap})`, depth, cap, dropped }
      : { status: 'ok', depth, cap, dropped };
  }

  private readonly drainSome = (): void => {
    this.scheduled = false;
    this.take(this.batch);
    if (this.depth > 0) {
      this.scheduled = true;
      setImmediate(this.drainSome);
    }
  };

  private take(n: number): void {
    const end = Math.min(this.items.length, this.head + n);
    while (this.head < end) {
      const e = this.items[this.head]!;
      this.items[this.head++] = undefined;
      this.processed++;
      this.process(e);
    }
    // Compact: the array only ever holds the unprocessed tail.
    if (this.head === this.items.length) { this.items = []; this.head = 0; } else if (this.head > 4096) { this.items = this.items.slice(this.head); this.head = 0; }
  }
}
