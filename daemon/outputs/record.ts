// What the fleet outputs (file, syslog) write: one record per event or alert, turned into a JSON object
// by an injected formatter. The daemon wires one formatter for all of them (daemon/lifecycle/outputs-step.ts).
import type { Alert, Event } from '../../core/event.js';
import type { AlertChange } from './output.js';

export type OutputRecord = { type: 'event'; event: Event } | { type: 'alert'; alert: Alert; change: AlertChange };

/** Pure: one record → the JSON object written for it (one line of the file, one syslog message). */
export type RecordFormatter = (rec: OutputRecord) => Record<string, unknown>;

/** The native form: the Event or Alert as the SPEC shapes it, plus `type` (and an alert's `change`). */
export const nativeRecord: RecordFormatter = (rec) => (rec.type === 'event'
  ? { type: 'event', ...rec.event }
  : { type: 'alert', change: rec.change, ...rec.alert });

/** One formatted record as one line of JSON (JSON.stringify never emits a raw newline). */
export const recordLine = (format: RecordFormatter, rec: OutputRecord): string => `${JSON.stringify(format(rec))}\n`;
