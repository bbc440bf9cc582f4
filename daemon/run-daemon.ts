// The daemon's lifecycle, as the ordered list of its steps (daemon/lifecycle/): each starts one part and
// says how to stop it; stop() undoes them in reverse, always all of them. The lock on the state dir
// comes first (a second daemon on the same directory stops there), the port next (a taken port fails
// before anything slow starts); the collectors attach before daemon.json says the daemon is up.
import os from 'node:os';
import type { Config } from './config/schema.js';
import { Lifecycle } from './lifecycle/steps.js';
import { announce, openLog, takeStateDir } from './lifecycle/state-steps.js';
import { openStore, startCheckpoints, startRetention } from './lifecycle/store-steps.js';
import { bindPort, serve } from './lifecycle/server-steps.js';
import { HealthBoard } from './lifecycle/health.js';
import { guardProcess, reportUncleanExit, watchStoreFailures } from './lifecycle/fault-steps.js';
import { VERSION } from './version.js';
import { monitorPaths } from './monitor-paths.js';
import { agentCatalog, useCatalogFiles } from '../core/agents/catalog.js';
import type { RunningCollectors } from '../collectors/index.js';
import { policyHealth, type BrokenPolicy, type ItPolicy } from './config/it-policy.js';

export interface DaemonOptions {
  stateDir: string; config: Readonly<Config>; home?: string; logToStdout?: boolean;
  /** The IT policy read at start (it is already applied to `config`) and the file it comes from: reported and watched. */
  itPolicy?: ItPolicy | BrokenPolicy; policyFile?: string;
  /** The config file the daemon read: detectors treat an agent's edit of it as tampering with the monitor. */
  configFile?: string;
  /** The process runs with the V8 flags `agentwatch daemon` sets (daemon-command.ts): the memory mode may switch them. */
  tuneV8?: boolean;
}

export interface RunningDaemon { port: number; stop(reason?: string): Promise<void> }

export async function startDaemon(opts: DaemonOptions): Promise<RunningDaemon> {
  const { config } = opts;
  // The agent catalog (plus config's collectors.agents.catalogFiles) is read now, before anything asks for agent
  // facts: detectors use tables derived from it and must never be the ones to pay for reading it.
  if (config.collectors.agents.catalogFiles.length > 0) useCatalogFiles(config.collectors.agents.catalogFiles);
  else agentCatalog();
  const home = opts.home ?? os.homedir();
  const life = new Lifecycle();
  const board = new HealthBoard();
  const started = Date.now();
  try {
    const state = await life.step('state dir', () => takeStateDir(opts.stateDir));
    const log = life.useLog((await life.step('log', () => openLog(state, config.log.level, board, opts.logToStdout))).log);
    await life.step('fault guard', () => guardProcess(log, board));
    board.add('it-policy', () => { const h = policyHealth(opts.itPolicy); return { status: h.status, ...(h.reason ? { reason: h.reason } : {}) }; });
    const store = await life.step('store', () => openStore(state.files.db, config, log));
    const server = await life.step('port', () => bindPort(config, board));
    // What runs from here on loads only now: a taken port has failed already.
    const { anyFleetOutput, startOutputs } = await import('./lifecycle/outputs-step.js');
    const fleet = anyFleetOutput(config) ? (await import('./lifecycle/fleet-outputs-step.js')).fleetOutputs : undefined;
    const outputs = await life.step('outputs', () => startOutputs(config, store, state.token, server.port, log, board, state.dir, fleet));
    const { startPipeline } = await import('./lifecycle/pipeline-step.js');
    const running = await life.step('pipeline', () => startPipeline(config, store, outputs.outputs, log, board, home,
      { pid: process.pid, port: server.port, paths: monitorPaths(state.dir, [opts.configFile, opts.policyFile], import.meta.url) }));
    await life.step('store watch', () => watchStoreFailures(store, running.pipeline.alerts));
    const { openSessionsAt, reportMisses, reportServiceStop, serviceManagerOf, startHeartbeat } = await import('./lifecycle/gap-steps.js');
    const { takeMisses } = await import('../core/hook-misses.js');
    const missed = reportMisses(takeMisses(state.dir), outputs.outputs, running.pipeline.alerts, log);
    await life.step('unclean exit', () => reportUncleanExit(state.uncleanExit, config, outputs.outputs, running.pipeline.alerts, log,
      { missed: missed?.sessions, open: openSessionsAt(store.db, state.uncleanExit?.lastHeartbeat) }));
    let collectors: RunningCollectors | undefined;
    const health = () => ({
      ...board.snapshot(), version: VERSION, uptimeS: Math.round((Date.now() - started) / 1000),
      tier: collectors?.tier ?? { active: 'starting' },
      rules: running.rules.health(),
      stats: {
        events: running.pipeline.processed, ownEventsDropped: running.pipeline.dropped, processTree: running.attributor.tree.size,
        streamClients: outputs.stream.clientCount, streamDropped: outputs.stream.dropped, storePending: store.events.pending,
        collectorQueue: running.queue.depth, collectorEventsDropped: running.queue.dropped,
      },
      policy: config.policy.mode,
      // Which config values the IT policy locks, and the file that locks them (daemon/config/it-policy.ts).
      itPolicy: policyHealth(opts.itPolicy),
      // Did the previous daemon on this state dir shut down? (Its lost OS-collector events are bounded: see the log.)
      previousRun: state.uncleanExit ? { clean: false, ...state.uncleanExit } : { clean: true },
    });
    const { startHolds } = await import('./lifecycle/hold-step.js');
    const hold = await life.step('hold', () => startHolds(config, store, running, outputs));
    await life.step('serve', () => serve(server, { config, store, running, outputs, state, log, health, board, hold, tuneV8: opts.tuneV8 }));
    const { startAllCollectors } = await import('./lifecycle/collectors-step.js');
    collectors = await life.step('collectors', () => startAllCollectors(config, state, store, running, log, home, board));
    await life.step('heartbeat', () => startHeartbeat(state, outputs.outputs, running.pipeline.alerts, log));
    const { startTamperWatch } = await import('./tamper/tamper-step.js');
    await life.step('tamper watch', () => startTamperWatch({ config, state, home, port: server.port, policyFile: opts.policyFile, alerts: running.pipeline.alerts, output: outputs.outputs, db: store.db, log, board }));
    await life.step('announce', () => announce(state, { pid: process.pid, port: server.port, version: VERSION, startedAt: new Date(started).toISOString() }));
    await life.step('retention', () => startRetention(store.db, config, log));
    await life.step('checkpoints', () => startCheckpoints(store.db, store.events, log));
    await life.step('rule reload', () => watchRules(running.rules));
    log.info({ port: server.port, bind: config.bind, stateDir: state.dir, policy: config.policy.mode, version: VERSION, status: board.snapshot().status }, 'agentwatch daemon listening');
    const manager = serviceManagerOf(process.env);
    return {
      port: server.port,
      stop: (reason = 'stop') => {
        // Every stop by a signal is recorded before the store closes, with the session that asked for it when one did.
        // A foreground daemon's Ctrl-C is not news; one that an agent session just tried to stop is.
        if (reason.startsWith('SIG') && (manager || running.pipeline.alerts.lastMonitorStop)) reportServiceStop(reason, manager, running.pipeline.alerts);
        return life.stop(reason);
      },
    };
  } catch (err) {
    await life.stop('startup failed');
    throw err;
  }
}

/** Rule packs reload when a file in their directories changes, and on SIGHUP. */
function watchRules(rules: { watch(): void; reload(): boolean }) {
  rules.watch();
  const onHup = () => { rules.reload(); };
  process.on('SIGHUP', onHup);
  return { value: undefined, stop: () => { process.off('SIGHUP', onHup); } };
}
