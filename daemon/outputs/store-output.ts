// The store as an output: events and alerts are queued into the next batch (EventStore); durable() is
// how the hook path waits for that batch to commit (group commit: one transaction per event-loop turn).
import type { Alert, Event } from '../../core/event.js';
import type { ComponentHealth } from '../../core/health.js';
import type { EventStore } from '../store/event-store.js';
import type { Output } from './output.js';

export class StoreOutput implements Output {
  readonly name = 'store';

  constructor(private readonly store: EventStore) {}

  writeEvent(e: Event): void {
    this.store.appendEvent(e);
  }

  writeAlert(a: Alert, key: string): void {
    this.store.saveAlert(a, key);
  }

  durable(): Promise<void> {
    return this.store.committed();
  }

  /**
   * Degraded while batches fail (a full disk): hooks are still answered, OS-collector events are shed,
   * hook events and alerts wait in a bounded backlog. The counters say what that cost.
   */
  health(): ComponentHealth & { pending: number; failedBatches: number; shed: number; lost: number; answeredUnstored: number; lastRecovery?: { at: string; failedForS: number } } {
    const { pending, failedBatches, shed, lost, answeredUnstored, lastError, failingSince, lastRecovery } = this.store;
    const counters = { pending, failedBatches, shed, lost, answeredUnstored, ...(lastRecovery ? { lastRecovery } : {}) };
    if (failingSince === undefined) return { status: 'ok', ...counters };
    const why = /SQLITE_FULL|full/i.test(lastError ?? '') ? 'disk full' : 'writes failing';
    return { status: 'degraded', reason: `store ${why} since ${new Date(failingSince).toISOString()}: ${lastError}; OS-collector events are shed, hook events and alerts kept in memory (up to a cap) until it commits again`, ...counters };
  }

  close(): void {
    this.store.flush();
  }
}
