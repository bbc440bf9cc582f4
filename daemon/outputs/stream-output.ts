// The live stream as an output: every event, the agent comings and goings, and alerts that say something
// new (a first one, or an escalation; a merged repeat is only counted in the store).
import type { Alert, Event } from '../../core/event.js';
import type { ComponentHealth } from '../../core/health.js';
import type { StreamHub } from '../stream.js';
import type { AlertChange, Output } from './output.js';

/** The stream's `{"type":"agent"}` message (SPEC): an agent process came or went, for consoles' agent lists. */
export interface AgentMessage { kind: Event['agent']['kind']; pid?: number; procKey?: string; sessionId?: string; cwd?: string; live: boolean; ts: string; variant?: string }

export class StreamOutput implements Output {
  readonly name = 'stream';

  constructor(private readonly hub: StreamHub) {}

  writeEvent(e: Event): void {
    this.hub.publish({ type: 'event', event: e });
    if (e.kind === 'agent.start' || e.kind === 'agent.exit') this.hub.publish({ type: 'agent', agent: agentMessageOf(e) });
  }

  writeAlert(a: Alert, _key: string, change: AlertChange): void {
    if (change !== 'repeat') this.hub.publish({ type: 'alert', alert: a });
  }

  health(): ComponentHealth & { clients: number; dropped: number; refused: number } {
    return { status: 'ok', clients: this.hub.clientCount, dropped: this.hub.dropped, refused: this.hub.refused };
  }

  close(): void {
    this.hub.close();
  }
}

function agentMessageOf(e: Event): AgentMessage {
  const variant = typeof e.detail?.variant === 'string' ? e.detail.variant : undefined;
  return {
    kind: e.agent.kind, live: e.kind === 'agent.start', ts: e.ts,
    ...(e.pid !== undefined ? { pid: e.pid } : {}), ...(e.procKey ? { procKey: e.procKey } : {}),
    ...(e.sessionId ? { sessionId: e.sessionId } : {}), ...(e.cwd ? { cwd: e.cwd } : {}), ...(variant ? { variant } : {}),
  };
}
