// The outputs step: where judged events and alerts go — the store and the live stream, and when configured
// the fleet outputs (rotating NDJSON file, syslog, osquery export database) — behind one fan-out
// (daemon/outputs). The store comes first: closing it flushes, so the outputs after it see everything.
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { StreamHub } from '../stream.js';
import { ackAlert } from '../store/baseline-store.js';
import { storedAlert } from '../store/event-store.js';
import { Outputs, type Output } from '../outputs/output.js';
import { StoreOutput } from '../outputs/store-output.js';
import { StreamOutput } from '../outputs/stream-output.js';
import { NdjsonFileOutput } from '../outputs/ndjson-file-output.js';
import { SyslogOutput } from '../outputs/syslog-output.js';
import type { RecordFormatter } from '../outputs/record.js';
import { toOcsf } from '../fleet/ocsf/index.js';
import { fleetContext } from '../fleet/context.js';
import { alertEvidence } from '../fleet/telemetry-reader.js';
import { TelemetryStore } from '../store/telemetry-store.js';
import { OsqueryExport } from '../fleet/osquery-export.js';
import { stateFiles } from '../state-dir.js';
import type { HealthBoard } from './health.js';
import type { Store } from './store-steps.js';
import type { Started } from './steps.js';

export interface DaemonOutputs { outputs: Outputs; stream: StreamHub }

/**
 * The one formatter of the fleet outputs' records (file and syslog): OCSF 1.8.0 under the configured privacy
 * tier, a finding with the evidence events the store has and their OS effects (as `agentwatch export` gives).
 */
function ocsfFormat(config: Readonly<Config>, store: Store, stateDir: string): RecordFormatter {
  const ctx = fleetContext(stateDir, config.telemetry);
  const lookup = new TelemetryStore(store.db, {});
  return (rec) => (rec.type === 'event'
    ? toOcsf({ event: rec.event }, ctx)
    : toOcsf({ alert: rec.alert, ...alertEvidence(lookup, rec.alert) }, ctx));
}

export function startOutputs(config: Readonly<Config>, store: Store, token: string, port: number, log: Logger, board: HealthBoard, stateDir: string): Started<DaemonOutputs> {
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
  const fleet = fleetOutputs(config, store, stateDir, log, board);
  for (const o of fleet) board.add(o.name, () => o.health());
  const outputs = new Outputs([stored, streamed, ...fleet], (output, err) => log.error({ err, output }, 'output failed'));
  return { value: { outputs, stream }, stop: () => outputs.close() };
}

/**
 * The fleet outputs the config switches on (all are off by default). One that cannot start (its directory
 * unwritable, say) is logged and shown failed in health; the daemon and the other outputs run on.
 */
function fleetOutputs(config: Readonly<Config>, store: Store, stateDir: string, log: Logger, board: HealthBoard): Output[] {
  const files = stateFiles(stateDir);
  const { file, syslog, osquery } = config.outputs;
  const made: Output[] = [];
  if (!file.enabled && !syslog.enabled && !osquery.enabled) return made;
  const fleetFormat = ocsfFormat(config, store, stateDir);
  const start = (name: string, enabled: boolean, make: () => Output) => {
    if (!enabled) return;
    try { made.push(make()); } catch (err) {
      const reason = `could not start: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`;
      log.error({ output: name, err: reason }, `output ${name} ${reason}`);
      board.add(name, () => ({ status: 'failed', reason }));
    }
  };
  start('telemetry-file', file.enabled, () => new NdjsonFileOutput(files.telemetry, store.db, file, fleetFormat));
  start('syslog', syslog.enabled, () => new SyslogOutput(path.join(files.spool, 'syslog'), syslog, fleetFormat, log.child({ component: 'output.syslog' })));
  start('osquery-export', osquery.enabled, () => new OsqueryExport(store.db, files.osqueryDb, osquery));
  return made;
}
