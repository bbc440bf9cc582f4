// The collectors step: the OS collectors (collectors/index.ts picks the process tier) and the MCP config
// watcher, all emitting into the pipeline's bounded queue. A resource collectors share (e.g. one process
// scanner) is made here, handed to them, and stopped after them.
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import { startCollectors, type RunningCollectors } from '../../collectors/index.js';
import type { CollectorContext } from '../../collectors/collector.js';
import { newEventId } from '../../core/ids.js';
import { createMcpConfigCollector } from '../../collectors/mcp/mcp-config-collector.js';
import { McpSnapshotStore } from '../store/mcp-snapshot-store.js';
import type { RunningPipeline } from './pipeline-step.js';
import type { StateDir } from './state-steps.js';
import type { Store } from './store-steps.js';
import type { HealthBoard } from './health.js';
import type { Started } from './steps.js';

export async function startAllCollectors(config: Readonly<Config>, state: StateDir, store: Store, running: RunningPipeline, log: Logger, home: string, board: HealthBoard): Promise<Started<RunningCollectors>> {
  const { files } = state;
  const { signals } = running;
  const ctx: CollectorContext = {
    log, home, selfPid: process.pid,
    selfPaths: [files.db, `${files.db}-wal`, `${files.db}-shm`, files.log, path.join(state.dir, 'sessions') /* `agentwatch run` recordings */],
    onHookActivity: signals.hookActivity.add, onWorkspace: (l) => signals.workspaces.add((w) => l(w.cwd, w.owner)), onSessionEnd: signals.sessionEnds.add, onAgentPresence: signals.presence.onChange,
    newId: newEventId, now: () => new Date().toISOString(),
  };
  const mcpWatch = config.mcp.watch ? [createMcpConfigCollector(config.mcp, new McpSnapshotStore(store.db))] : [];
  const collectors = await startCollectors(config.collectors, running.sink, ctx, log, mcpWatch, running.procTable);
  board.addCollectors(() => collectors.health());
  return { value: collectors, stop: () => collectors.stop() };
}
