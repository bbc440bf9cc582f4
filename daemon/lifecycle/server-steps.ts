// Steps about the HTTP server: bind the port (early: listen.ts loads nothing slow, so a taken port fails
// before the pipeline and the collectors load), then serve once the pipeline is up — and stop serving
// first at shutdown, before the pipeline stops.
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { bindServer, type BoundServer } from '../listen.js';
import { ServerLoad } from '../server-load.js';
import { rotateSecrets } from '../state-dir.js';
import type { RunningPipeline } from './pipeline-step.js';
import type { StateDir } from './state-steps.js';
import type { DaemonOutputs } from './outputs-step.js';
import type { HealthBoard } from './health.js';
import type { Started } from './steps.js';

export async function bindPort(config: Readonly<Config>, board: HealthBoard): Promise<Started<BoundServer>> {
  const { maxConnections, maxConnectionsPerPeer, maxInFlight } = config.server;
  const load = new ServerLoad({ maxConnections, maxConnectionsPerPeer, maxInFlight });
  const server = await bindServer(config.bind, config.port, load, config.server);
  board.add('server', () => server.health(), true);
  return { value: server, stop: () => server.close() };
}

export interface ServeDeps { config: Readonly<Config>; running: RunningPipeline; outputs: DaemonOutputs; state: StateDir; log: Logger; health: () => object; board: HealthBoard }

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
  const routes = createRoutes({
    config, adapters: hookAdapters, pipeline: running.pipeline, stream: outputs.stream, log, health, onHookActivity: running.signals.hookActivity.emit,
    get token() { return token; }, // read on every request, so a rotation takes effect at once
    hookAuth, rotate, load: server.load, defer: running.sink.emit,
  });
  // Consoles hear of drops as they happen (at most once a second), not only when they poll health.
  server.load.onDrop = (counts) => outputs.stream.publish({ type: 'status', server: counts });
  outputs.stream.onRefused = () => server.load.count('streamRefused');
  board.addCollectors(routes.hookHealth);
  server.route(routes);
  return {
    value: undefined,
    // The stream first: its upgraded sockets would hold the server open.
    stop: async () => { outputs.stream.close(); await server.close(); },
  };
}
