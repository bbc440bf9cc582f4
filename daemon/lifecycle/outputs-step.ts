// The outputs step: where judged events and alerts go — the store and the live stream — behind one
// fan-out (daemon/outputs). Files, syslog or telemetry would be one more Output in this list.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { StreamHub } from '../stream.js';
import { ackAlert } from '../store/baseline-store.js';
import { Outputs } from '../outputs/output.js';
import { StoreOutput } from '../outputs/store-output.js';
import { StreamOutput } from '../outputs/stream-output.js';
import type { HealthBoard } from './health.js';
import type { Store } from './store-steps.js';
import type { Started } from './steps.js';

export interface DaemonOutputs { outputs: Outputs; stream: StreamHub }

export function startOutputs(config: Readonly<Config>, store: Store, token: string, port: number, log: Logger, board: HealthBoard): Started<DaemonOutputs> {
  const ownOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
  const stream = new StreamHub({
    token, maxBufferedBytes: config.stream.maxBufferedBytes, maxClients: config.stream.maxClients, allowedOrigins: config.stream.allowedOrigins, onAck: (id) => { ackAlert(store.db, id); },
  }, ownOrigins);
  const stored = new StoreOutput(store.events);
  const streamed = new StreamOutput(stream);
  const outputs = new Outputs([stored, streamed], (output, err) => log.error({ err, output }, 'output failed'));
  board.add(stored.name, () => stored.health(), true); // a store that cannot write fails the daemon
  board.add(streamed.name, () => streamed.health());
  return { value: { outputs, stream }, stop: () => outputs.close() };
}
