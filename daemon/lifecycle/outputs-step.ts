// The outputs step: where judged events and alerts go — the store and the live stream, and when configured
// the fleet outputs (rotating NDJSON file, syslog, osquery export database; fleet-outputs-step.ts) — behind
// one fan-out (daemon/outputs). The store comes first: closing it flushes, so the outputs after it see everything.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { StreamHub } from '../stream.js';
import { ackAlert } from '../store/baseline-store.js';
import { storedAlert } from '../store/event-store.js';
import { Outputs } from '../outputs/output.js';
import { StoreOutput } from '../outputs/store-output.js';
import { StreamOutput } from '../outputs/stream-output.js';
import type { HealthBoard } from './health.js';
import type { Store } from './store-steps.js';
import type { Started } from './steps.js';
import type { FleetOutputs } from './fleet-outputs-step.js';

export interface DaemonOutputs { outputs: Outputs; stream: StreamHub }

/**
 * `fleetOutputs`: the maker of the fleet outputs (fleet-outputs-step.ts), given only when the config enables
 * one (anyFleetOutput): the daemon loads their modules (OCSF, syslog, the export database) only then.
 */
export function startOutputs(config: Readonly<Config>, store: Store, token: string, port: number, log: Logger, board: HealthBoard, stateDir: string,
  fleetOutputs?: FleetOutputs): Started<DaemonOutputs> {
  const ownOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  // An acknowledgement from one console (the stream's `ack`) reaches the others as the alert, acknowledged.
  const onAck = (id: string) => {
    if (!ackAlert(store.db, id).ok) return;
    const alert = storedAlert(store.db, id);
    if (alert) stream.publish({ type: 'alert', alert: { ...alert, acknowledged: true } });
  };
  const stream = new StreamHub({
    token, maxBufferedBytes: config.stream.maxBufferedBytes, maxClients: config.stream.maxClients, allowedOrigins: config.stream.allowedOrigins, onAck,
  }, ownOrigins);
  const stored = new StoreOutput(store.events);
  const streamed = new StreamOutput(stream);
  board.add(stored.name, () => stored.health(), true); // a store that cannot write fails the daemon
  board.add(streamed.name, () => streamed.health());
  const fleet = fleetOutputs?.(config, store, stateDir, log, board) ?? [];
  for (const o of fleet) board.add(o.name, () => o.health());
  const outputs = new Outputs([stored, streamed, ...fleet], (output, err) => log.error({ err, output }, 'output failed'));
  return { value: { outputs, stream }, stop: () => outputs.close() };
}

/** Whether the config switches on a fleet output (all are off by default). */
export const anyFleetOutput = (config: Readonly<Config>) => config.outputs.file.enabled || config.outputs.syslog.enabled || config.outputs.osquery.enabled;
