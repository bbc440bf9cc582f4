// The store as an output: events and alerts are queued into the next batch (EventStore), never waited for.
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

  /** Failed while the last batch failed to commit (a full disk, a broken file): what arrives is lost. */
  health(): ComponentHealth & { pending: number; failedBatches: number } {
    const { pending, failedBatches, lastError } = this.store;
    return lastError === undefined ? { status: 'ok', pending, failedBatches } : { status: 'failed', reason: `last batch failed: ${lastError}`, pending, failedBatches };
  }

  close(): void {
    this.store.flush();
  }
}
