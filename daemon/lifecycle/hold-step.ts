// The hold step: the registry of calls held for the developer (policy `hold`, docs/hold.md), the gate
// that turns a decision into the agent's final answer, and the headless-session check. The stream lists
// and decides held calls through the registry; the serve step routes hooks and /v1/pending through it.
import type { Config } from '../config/schema.js';
import { PendingHolds } from '../hold/pending.js';
import { HoldGate } from '../hold/hold-gate.js';
import { HeadlessSessions } from '../hold/headless.js';
import { recentEvents } from '../store/event-store.js';
import type { RunningPipeline } from './pipeline-step.js';
import type { DaemonOutputs } from './outputs-step.js';
import type { Store } from './store-steps.js';
import type { Started } from './steps.js';

export interface Holds { holds: PendingHolds; gate: HoldGate; headless: HeadlessSessions }

export function startHolds(config: Readonly<Config>, store: Store, running: RunningPipeline, outputs: DaemonOutputs): Started<Holds> {
  const { stream } = outputs;
  const holds = new PendingHolds({ publish: (msg) => stream.publish(msg), consoleConnected: () => stream.consoleConnected });
  stream.pending = holds;
  const gate = new HoldGate({ policy: config.policy, holds, alerts: running.pipeline.alerts, recent: (sid, n) => recentEvents(store.db, sid, n) });
  // Shutdown: every held call gets its fallback before the connections close.
  return { value: { holds, gate, headless: new HeadlessSessions() }, stop: () => { holds.close(); stream.pending = undefined; } };
}
