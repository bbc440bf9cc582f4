// Where events and alerts go once judged: the store, the stream, and later files, syslog or telemetry.
// Each is one Output; the pipeline and the alert path write to one fan-out of them (Outputs).
import type { Alert, Event } from '../../core/event.js';
import { worst, type ComponentHealth } from '../../core/health.js';

/**
 * new: first of its identity; escalated: a repeat that raised the severity; repeat: merged, nothing new to say;
 * answered: a held call was decided after the alert was written (its `response` and `held` changed).
 */
export type AlertChange = 'new' | 'escalated' | 'repeat' | 'answered';

export interface Output {
  readonly name: string;
  /** Synchronous and quick (queue, don't wait): it runs on the hook's answer path. */
  writeEvent(e: Event): void;
  /** `key`: the alert's merge identity within its session and rule. */
  writeAlert(a: Alert, key: string, change: AlertChange): void;
  health(): ComponentHealth;
  /**
   * Resolves once everything written so far is durable (the store: committed); rejects when it could not
   * be made so. The hook path awaits it before answering. Absent: nothing to wait for (the stream).
   */
  durable?(): Promise<void>;
  /** Flushes what is queued and lets go of resources; called once, at shutdown. */
  close(): void | Promise<void>;
}

/** The fan-out: every output gets every write; one that throws is counted and logged, the others still get it. */
export class Outputs implements Output {
  readonly name = 'outputs';
  failures = 0;

  constructor(private readonly outputs: readonly Output[], private readonly onError: (output: string, err: unknown) => void) {}

  writeEvent(e: Event): void {
    for (const o of this.outputs) {
      try { o.writeEvent(e); } catch (err) { this.failed(o, err); }
    }
  }

  writeAlert(a: Alert, key: string, change: AlertChange): void {
    for (const o of this.outputs) {
      try { o.writeAlert(a, key, change); } catch (err) { this.failed(o, err); }
    }
  }

  health(): ComponentHealth {
    return { status: worst(this.outputs.map((o) => o.health().status)) };
  }

  /** Every output's durable(); rejects with the first failure (counted by the output itself, not logged per write). */
  async durable(): Promise<void> {
    await Promise.all(this.outputs.map((o) => o.durable?.()));
  }

  async close(): Promise<void> {
    for (const o of this.outputs) {
      try { await o.close(); } catch (err) { this.failed(o, err); }
    }
  }

  private failed(o: Output, err: unknown): void {
    this.failures++;
    this.onError(o.name, err);
  }
}
