// The pipeline step: the rules and detectors, attribution, the pipeline itself and the bounded queue the
// OS collectors feed it through, plus the signals collectors listen to (hook activity, workspaces, agent
// presence). Loaded after the port is bound: the detectors and the rule engine take a while to import.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { Pipeline } from '../pipeline.js';
import { EventQueue } from '../event-queue.js';
import { createDetectorSet } from '../../detectors/index.js';
import type { MonitorSelf } from '../../detectors/facts.js';
import { RulePacks } from '../rule-packs.js';
import { Mutes } from '../store/mutes.js';
import { BaselineService } from '../baseline-service.js';
import { BaselineStore } from '../store/baseline-store.js';
import { Listeners } from '../../collectors/index.js';
import { AgentPresence } from '../../collectors/agent-presence.js';
import type { EventSink, WorkspaceOwner } from '../../collectors/collector.js';
import { Attributor } from '../attribution/attributor.js';
import { tableReader } from '../attribution/proc-info.js';
import { ProcessTable } from '../../collectors/proc/process-table.js';
import type { Event } from '../../core/event.js';
import type { Outputs } from '../outputs/output.js';
import type { HealthBoard } from './health.js';
import type { Store } from './store-steps.js';
import type { Started } from './steps.js';
import { isHookCommandLine } from '../../core/agents/hook-command.js';
import { McpRegistry } from '../mcp-registry.js';
import type { DetectionContext } from '../../detectors/facts.js';

// Our own CLI (e.g. the `agentwatch hook` forwarder an agent runs): its processes are never an agent's effects.
const CLI_MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'main.js');
// The shell an agent wraps a command hook in, running exactly the line `agentwatch install` wrote and nothing
// else (a command that merely mentions our path is still judged).
// Node options may come before the script (`agentwatch export` re-runs itself with heap flags).
const isOwnProcess = (argv: readonly string[]) => argv.slice(1).find((a) => !a.startsWith('-')) === CLI_MAIN
  || (argv[1] === '-c' && isHookCommandLine(argv[2] ?? '', CLI_MAIN));

/** Collector events waiting for the pipeline; beyond this many a burst is dropped (and counted). */
const COLLECTOR_QUEUE_CAP = 20_000;

/** What the collectors hear besides their own observations. */
export interface CollectorSignals {
  hookActivity: Listeners<Event>;
  workspaces: Listeners<{ cwd: string; owner: WorkspaceOwner }>;
  sessionEnds: Listeners<string>;
  presence: AgentPresence;
}

export interface RunningPipeline {
  pipeline: Pipeline;
  rules: RulePacks;
  attributor: Attributor;
  /** The one process table: the collectors scan and feed it, attribution asks it. */
  procTable: ProcessTable;
  /** The baselines (the console's "this was me" trains them) and what the console silenced. */
  baseline: BaselineService;
  mutes: Mutes;
  /** Where the OS collectors emit: the bounded queue in front of the pipeline. */
  sink: EventSink;
  queue: EventQueue;
  signals: CollectorSignals;
}

export function startPipeline(config: Readonly<Config>, store: Store, outputs: Outputs, log: Logger, board: HealthBoard, home = os.homedir(), monitor?: MonitorSelf): Started<RunningPipeline> {
  const baseline = new BaselineService(new BaselineStore(store.db), config.detection.baseline, { onError: (err) => log.error({ err }, 'baseline') });
  const rules = new RulePacks(config.rules.dirs, log.child({ component: 'rules' }), (d) => detectors.replace(d));
  const detectors = createDetectorSet({ rules: rules.detector, limits: config.detection.sequence, extra: [baseline.judge] });

  const listenerError = (err: unknown) => log.error({ err }, 'collector listener failed');
  const signals: CollectorSignals = {
    hookActivity: new Listeners<Event>(listenerError),
    workspaces: new Listeners<{ cwd: string; owner: WorkspaceOwner }>(listenerError),
    sessionEnds: new Listeners<string>(listenerError),
    // Hook tool calls keep the poll tier fast for 2 minutes; a live agent process keeps it fast until it exits.
    presence: new AgentPresence(120_000, listenerError),
  };
  signals.hookActivity.add(signals.presence.observe);
  const presenceTimer = setInterval(signals.presence.tick, 10_000).unref();
  // Sessions that went quiet give back their windowed detector memory (DetectorSet.forgetIdle).
  const forgetTimer = setInterval(() => detectors.forgetIdle(Date.now()), 60_000).unref();

  const mutes = new Mutes(store.db);
  const procTable = new ProcessTable({ maxProcesses: config.collectors.poll.process.maxProcesses });
  // The MCP allowlist and inventory for call-time judging: read here, handed to the detectors in memory
  // (and to attribution, which tells an agent's stdio MCP servers from its tool calls' processes).
  const mcpRegistry = new McpRegistry(config.mcp, home);
  mcpRegistry.refresh();
  const attributor = new Attributor({
    selfPid: process.pid, home, isOwnProcess, onWorkspace: (cwd, owner) => signals.workspaces.emit({ cwd, owner }), onSessionEnd: signals.sessionEnds.emit,
    proc: tableReader(procTable), mcpServers: (agent, cwd) => mcpRegistry.launches(agent, cwd),
  });
  if (mcpRegistry.error) log.warn({ component: 'mcp' }, mcpRegistry.error);
  signals.workspaces.add((w) => { mcpRegistry.addProject(w.cwd); attributor.mcpConfigChanged(); });
  const ctx: DetectionContext = { home, egressAllow: config.detection.egressAllow, monitor, get mcp() { return mcpRegistry.policy; } };
  const pipeline = new Pipeline(detectors, ctx, {
    output: outputs,
    // Alerts raised since start are in the alert path's memory; this finds those of earlier runs, so no
    // flush is needed (a flush here would put a disk commit on the hook's decision path).
    findAlert: (sid, rule, key) => store.events.findAlert(sid, rule, key),
    alertLimits: config.alerts,
    detectorError: (name, err) => log.error({ err, detector: name }, 'detector failed'),
    mutes,
  }, attributor);
  const queue = new EventQueue(COLLECTOR_QUEUE_CAP, (e) => {
    try {
      signals.presence.observe(e);
      if (e.kind === 'mcp.change') { mcpRegistry.refresh(); attributor.mcpConfigChanged(); } // a server added or changed is judged by its new definition
      pipeline.process(e);
    } catch (err) { log.error({ err, kind: e.kind }, 'collector event failed'); }
  });
  board.add('rules', () => { const r = rules.health(); return r.ok ? { status: 'ok' } : { status: 'degraded', reason: r.lastError }; });
  board.add('queue', () => queue.health());
  board.add('alerts', () => pipeline.alerts.limiter.health(Date.now()));
  return {
    value: { pipeline, rules, attributor, procTable, baseline, mutes, sink: { emit: (e) => queue.push(e) }, queue, signals },
    stop: () => {
      queue.flush(); // the collectors stopped already: what they emitted is judged and stored
      clearInterval(presenceTimer);
      clearInterval(forgetTimer);
      rules.close();
      baseline.close(); // saves the baselines, before the store's last flush
    },
  };
}
