// The fleet outputs (rotating NDJSON file, syslog, osquery export database) and their OCSF formatter: their
// own module, which the daemon loads only when the config switches one on (outputs-step.ts).
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { Output } from '../outputs/output.js';
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
import { anyFleetOutput } from './outputs-step.js';

export type FleetOutputs = (config: Readonly<Config>, store: Store, stateDir: string, log: Logger, board: HealthBoard) => Output[];

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

/**
 * The fleet outputs the config switches on (all are off by default). One that cannot start (its directory
 * unwritable, say) is logged and shown failed in health; the daemon and the other outputs run on.
 */
export const fleetOutputs: FleetOutputs = (config, store, stateDir, log, board) => {
  const files = stateFiles(stateDir);
  const { file, syslog, osquery } = config.outputs;
  const made: Output[] = [];
  if (!anyFleetOutput(config)) return made;
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
};
