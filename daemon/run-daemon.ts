// The daemon's lifecycle as ordered steps: start them in order, stop them in reverse, always all of them.
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/schema.js';
import { useCatalogFiles } from '../core/agents/catalog.js';
import { createLogger, type Logger } from './logger.js';
import { acquireLock, ensureStateDir, loadOrCreateToken, removeDaemonInfo, stateFiles, writeDaemonInfo } from './state-dir.js';
import { openDatabase, type DB } from './store/database.js';
import { EventStore, applyRetention } from './store/event-store.js';
import { Pipeline } from './pipeline.js';
import { storeSinks } from './pipeline-sinks.js';
import { StreamHub } from './stream.js';
import { createServer } from './server.js';
import { createDetectorSet } from '../detectors/index.js';
import { RulePacks } from './rule-packs.js';
import { BaselineService } from './baseline-service.js';
import { BaselineStore, ackAlert } from './store/baseline-store.js';
import { hookAdapters } from '../collectors/hooks/index.js';
import { Listeners, startCollectors, type RunningCollectors } from '../collectors/index.js';
import { AgentPresence } from '../collectors/agent-presence.js';
import type { CollectorContext } from '../collectors/collector.js';
import { Attributor } from './attribution/attributor.js';
import { tableReader } from './attribution/proc-info.js';
import { ProcessTable } from '../collectors/proc/process-table.js';
import { createMcpConfigCollector } from '../collectors/mcp/mcp-config-collector.js';
import { McpSnapshotStore } from './store/mcp-snapshot-store.js';
import type { Event } from '../core/event.js';
import { VERSION } from './version.js';

export interface DaemonOptions { stateDir: string; config: Readonly<Config>; home?: string; logToStdout?: boolean }

// Our own CLI (e.g. the `agentwatch hook` forwarder an agent runs): its processes are never an agent's effects.
const CLI_MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.js');
// The shell an agent wraps a command hook in, running exactly the line `agentwatch install` wrote and nothing
// else (a command that merely mentions our path is still judged).
const HOOK_SHELL = new RegExp(`^'[^']*' '${CLI_MAIN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' hook [a-z-]+ --state-dir '[^']*'$`);
const isOwnProcess = (argv: readonly string[]) => argv[1] === CLI_MAIN || (argv[1] === '-c' && HOOK_SHELL.test(argv[2] ?? ''));

export interface RunningDaemon { port: number; stop(reason?: string): Promise<void> }

export async function startDaemon(opts: DaemonOptions): Promise<RunningDaemon> {
  const { stateDir, config } = opts;
  // More agents from config (collectors.agents.catalogFiles), before anything reads agent facts.
  if (config.collectors.agents.catalogFiles.length > 0) useCatalogFiles(config.collectors.agents.catalogFiles);
  const files = stateFiles(stateDir);
  process.umask(0o077); // every file we create (db, wal, logs) is the owner's alone
  ensureStateDir(stateDir);
  const releaseLock = acquireLock(stateDir);
  // Steps run in reverse order of startup, except `first` ones (the collectors: nothing new may enter a
  // pipeline whose store is closing).
  const teardown: { name: string; run: () => void | Promise<void>; first?: boolean }[] = [{ name: 'release lock', run: releaseLock }];
  const stop = async (reason = 'stop') => {
    log?.info({ reason }, 'shutting down');
    for (const step of teardown.reverse().sort((a, b) => Number(b.first === true) - Number(a.first === true))) {
      try { await step.run(); } catch (err) { log?.error({ err, step: step.name }, 'teardown step failed'); }
    }
    teardown.length = 0;
  };
  let log: Logger | undefined;
  try {
    log = createLogger({ file: files.log, level: config.log.level, stdout: opts.logToStdout });
    const logger = log;
    teardown.push({ name: 'flush log', run: () => new Promise<void>((r) => logger.flush(() => r())) });
    const token = loadOrCreateToken(stateDir);
    const { db, movedAside } = openDatabase(files.db);
    if (movedAside) log.error({ movedAside }, `database was corrupt; moved aside to ${movedAside} and started a new one`);
    teardown.push({ name: 'close database', run: () => { db.close(); } });
    const store = new EventStore(db, { ...config.store, onError: (err) => log!.error({ err }, 'store batch failed') });
    teardown.push({ name: 'flush store', run: () => store.flush() });
    const started = Date.now();
    let port = config.port;
    const ownOrigins = () => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    const stream = new StreamHub({ token, maxBufferedBytes: config.stream.maxBufferedBytes, allowedOrigins: config.stream.allowedOrigins, onAck: (id) => { ackAlert(db, id); } }, ownOrigins);
    const baseline = new BaselineService(new BaselineStore(db), config.detection.baseline, { onError: (err) => log!.error({ err }, 'baseline') });
    teardown.push({ name: 'save baselines', run: () => baseline.close() }); // runs before 'flush store' and 'close database'
    const rules = new RulePacks(config.rules.dirs, log.child({ component: 'rules' }), (d) => detectors.replace(d));
    teardown.push({ name: 'stop rule watch', run: () => rules.close() });
    const detectors = createDetectorSet({ rules: rules.detector, limits: config.detection.sequence, extra: [baseline.judge] });
    const home = opts.home ?? os.homedir();
    const listenerError = (err: unknown) => log!.error({ err }, 'collector listener failed');
    const hookActivity = new Listeners<Event>(listenerError);
    const workspaces = new Listeners<string>(listenerError);
    // Hook tool calls keep the poll tier fast for 2 minutes; a live agent process keeps it fast until it exits.
    const presence = new AgentPresence(120_000, listenerError);
    hookActivity.add(presence.observe);
    const presenceTimer = setInterval(presence.tick, 10_000).unref();
    teardown.push({ name: 'stop presence timer', run: () => clearInterval(presenceTimer) });
    // One process table: the collectors scan and feed it, attribution asks it.
    const procTable = new ProcessTable({ maxProcesses: config.collectors.poll.process.maxProcesses });
    const attributor = new Attributor({ selfPid: process.pid, home, isOwnProcess, onWorkspace: workspaces.emit, proc: tableReader(procTable) });
    const pipeline = new Pipeline(detectors, { home, egressAllow: config.detection.egressAllow },
      storeSinks(store, (m) => stream.publish(m), (name, err) => log!.error({ err, detector: name }, 'detector failed')), attributor);
    let collectors: RunningCollectors | undefined;
    const health = () => ({
      ok: true, version: VERSION, uptimeS: Math.round((Date.now() - started) / 1000),
      collectors: { ...Object.fromEntries([...hookAdapters.keys()].map((a) => [`hooks.${a}`, { ok: true, tier: 'hooks' }])), ...collectors?.health() },
      tier: collectors?.tier ?? { active: 'starting' },
      rules: rules.health(),
      stats: { events: pipeline.processed, ownEventsDropped: pipeline.dropped, processTree: attributor.tree.size, streamClients: stream.clientCount, streamDropped: stream.dropped, storePending: store.pending },
      policy: config.policy.mode,
    });
    // Collectors attach before the daemon says it is up (daemon.json), so what it reports from then on is seen.
    const ctx: CollectorContext = {
      log, home, selfPid: process.pid, selfPaths: [files.db, `${files.db}-wal`, `${files.db}-shm`, files.log, path.join(stateDir, 'sessions') /* `agentwatch run` recordings */],
      onHookActivity: hookActivity.add, onWorkspace: workspaces.add, onAgentPresence: presence.onChange, newId: () => crypto.randomUUID(), now: () => new Date().toISOString(),
    };
    const sink = { emit: (e: Event) => { try { presence.observe(e); pipeline.process(e); } catch (err) { logger.error({ err, kind: e.kind }, 'collector event failed'); } } };
    const mcpWatch = config.mcp.watch ? [createMcpConfigCollector(config.mcp, new McpSnapshotStore(db))] : [];
    collectors = await startCollectors(config.collectors, sink, ctx, log, mcpWatch, procTable);
    const running = collectors;
    teardown.push({ name: 'stop collectors', run: () => running.stop(), first: true });
    const server = createServer({ config, adapters: hookAdapters, pipeline, stream, log, health, onHookActivity: hookActivity.emit, token });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.bind, () => { server.off('error', reject); resolve(); });
    });
    port = (server.address() as AddressInfo).port;
    teardown.push({ name: 'close server', run: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }) });
    teardown.push({ name: 'close stream', run: () => stream.close() }); // runs before 'close server': upgraded sockets hold it open
    writeDaemonInfo(stateDir, { pid: process.pid, port, version: VERSION, startedAt: new Date(started).toISOString() });
    teardown.push({ name: 'remove daemon.json', run: () => removeDaemonInfo(stateDir) });
    const retention = startRetention(db, config, log);
    teardown.push({ name: 'stop retention', run: () => clearInterval(retention) });
    rules.watch();
    const onHup = () => { rules.reload(); };
    process.on('SIGHUP', onHup);
    teardown.push({ name: 'stop SIGHUP', run: () => { process.off('SIGHUP', onHup); } });
    log.info({ port, bind: config.bind, stateDir, policy: config.policy.mode, version: VERSION }, 'agentwatch daemon listening');
    return { port, stop };
  } catch (err) {
    await stop('startup failed');
    throw err;
  }
}

function startRetention(db: DB, config: Readonly<Config>, log: Logger): NodeJS.Timeout {
  const run = () => {
    try {
      const r = applyRetention(db, Date.now(), config.retention.maxAgeDays, config.retention.maxDbMB * 1024 * 1024);
      if (r.deletedEvents || r.deletedAlerts) log.info(r, 'retention applied');
    } catch (err) { log.error({ err }, 'retention failed'); }
  };
  run();
  return setInterval(run, config.retention.intervalMinutes * 60_000).unref();
}
