// Steps about the HTTP server: bind the port (early: listen.ts loads nothing slow, so a taken port fails
// before the pipeline and the collectors load), then serve once the pipeline is up — and stop serving
// first at shutdown, before the pipeline stops.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { bindServer, type BoundServer } from '../listen.js';
import { ServerLoad } from '../server-load.js';
import { loadOrCreateFleetToken, rotateSecrets } from '../state-dir.js';
import type { TelemetryRoute } from '../fleet/telemetry-route.js';
import type { TelemetryListener } from '../fleet/telemetry-listener.js';
import type { RunningPipeline } from './pipeline-step.js';
import type { StateDir } from './state-steps.js';
import type { DaemonOutputs } from './outputs-step.js';
import type { HealthBoard } from './health.js';
import type { Started } from './steps.js';
import type { Store } from './store-steps.js';
import type { Holds } from './hold-step.js';

export async function bindPort(config: Readonly<Config>, board: HealthBoard): Promise<Started<BoundServer>> {
  const { maxConnections, maxConnectionsPerPeer, maxInFlight } = config.server;
  const load = new ServerLoad({ maxConnections, maxConnectionsPerPeer, maxInFlight });
  const server = await bindServer(config.bind, config.port, load, config.server);
  board.add('server', () => server.health(), true);
  return { value: server, stop: () => server.close() };
}

export interface ServeDeps { config: Readonly<Config>; store: Store; running: RunningPipeline; outputs: DaemonOutputs; state: StateDir; log: Logger; health: () => object; board: HealthBoard; hold: Holds; tuneV8?: boolean }

export async function serve(server: BoundServer, deps: ServeDeps): Promise<Started<void>> {
  const { createRoutes } = await import('../server.js');
  const { hookAdapters } = await import('../../collectors/hooks/index.js');
  const { HookAuth } = await import('../hook-auth.js');
  const { config, running, outputs, state, log, health, board } = deps;
  const hookAuth = new HookAuth(state.hookSecret, { requireSecret: config.hooks.requireSecret, log });
  board.add('hook-auth', () => hookAuth.health());
  let token = state.token;
  // `agentwatch token rotate`: new values on disk, then in every place that checks them; no restart.
  const rotate = (graceSeconds: number) => {
    const next = rotateSecrets(state.dir);
    token = next.token;
    hookAuth.rotate(next.hookSecret, graceSeconds * 1000);
    outputs.stream.rotateToken(next.token);
    log.info({ graceSeconds }, 'token and hook secret rotated');
    return { rotated: true, graceSeconds };
  };
  const { ModeSwitch } = await import('../mode-switch.js');
  const mode = new ModeSwitch(config.policy.mode);
  const fleet = config.telemetry.enabled ? await startFleet(deps) : undefined;
  // Small while idle, fast in a burst of hooks (daemon/memory-mode.ts); only in a process whose V8 flags are ours.
  // It counts the hooked tool calls the pollers already hear of (the hook-activity signal).
  const memory = deps.tuneV8 ? new (await import('../memory-mode.js')).MemoryMode() : undefined;
  if (memory) {
    board.add('memory', () => memory.health());
    running.signals.hookActivity.add(() => memory.noteHook());
  }
  const routes = createRoutes({
    config, adapters: hookAdapters, pipeline: running.pipeline, stream: outputs.stream, log, health, onHookActivity: running.signals.hookActivity.emit,
    onSupervisedSession: running.signals.presence.observe,
    get token() { return token; }, // read on every request, so a rotation takes effect at once
    hookAuth, rotate, load: server.load, defer: running.sink.emit, telemetry: fleet?.route, mode, ...deps.hold,
    console: { db: deps.store.db, mutes: running.mutes, port: server.port, trainBaseline: (id, scope) => running.baseline.ack(id, scope) },
  });
  // Consoles hear of drops as they happen (at most once a second), not only when they poll health.
  server.load.onDrop = (counts) => outputs.stream.publish({ type: 'status', server: counts });
  outputs.stream.onRefused = () => server.load.count('streamRefused');
  board.addCollectors(routes.hookHealth);
  server.route(routes);
  return {
    value: undefined,
    // The stream first: its upgraded sockets would hold the server open.
    // Held calls first: each agent still waiting gets its fallback answer while its connection is open.
    stop: async () => { deps.hold.holds.close(); mode.clear(); memory?.stop(); outputs.stream.close(); await fleet?.stop(); await server.close(); },
  };
}

/**
 * Fleet telemetry is on: the fleet token (created now, 0600), the /v1/telemetry route, and the second
 * listener when `telemetry.listen` asks for one (refused in one line, not fatal, when it may not start).
 */
async function startFleet(deps: ServeDeps): Promise<{ route: TelemetryRoute; stop(): Promise<void> }> {
  const { config, state, log, board } = deps;
  const { createTelemetryRoute } = await import('../fleet/telemetry-route.js');
  const { fleetContext } = await import('../fleet/context.js');
  const token = loadOrCreateFleetToken(state.dir);
  const route = createTelemetryRoute({ dbFile: state.files.db, ctx: fleetContext(state.dir, config.telemetry), token: () => token, config: config.telemetry });
  let listener: TelemetryListener | undefined;
  if (config.telemetry.listen) {
    const { startTelemetryListener } = await import('../fleet/telemetry-listener.js');
    listener = await startTelemetryListener(config.telemetry.listen, route);
    board.add('telemetry-listener', () => listener!.health());
    const h = listener.health();
    if (h.status !== 'ok') log.error(`telemetry listener refused: ${h.reason ?? 'unknown'}`);
    else log.info({ bind: config.telemetry.listen.bind, port: listener.port }, 'telemetry listener up');
  }
  return { route, stop: async () => { await listener?.close(); route.close(); } };
}
