// Whether any agent is at work: an agent process is alive (agent.start without its agent.exit), a session
// supervised by `agentwatch run` is open (its session.start without its session.end, while its command's
// pid lives: a run killed -9 posts no end), or a hook tool call arrived within `holdMs`. The poll tier scans
// fast only then — /proc every 100 ms costs ~5% of a core on an idle machine, for processes no agent started.
import type { Event } from '../core/event.js';
import { Listeners } from './listeners.js';

/** Open supervised sessions remembered at once (each is one `agentwatch run`, which holds the daemon's token). */
const MAX_SUPERVISED = 1024;

export class AgentPresence {
  private readonly live = new Set<string>();
  /** Open supervised sessions: session id → the supervised command's pid (0 when the body had none). */
  private readonly supervised = new Map<string, number>();
  private lastHookMs = Number.NEGATIVE_INFINITY;
  private active = false;
  private readonly listeners: Listeners<boolean>;

  constructor(
    private readonly holdMs: number,
    onError: (err: unknown) => void,
    private readonly now: () => number = Date.now,
    private readonly alive: (pid: number) => boolean = pidAlive,
  ) {
    this.listeners = new Listeners<boolean>(onError);
  }

  /** Registers a listener; it hears every change from now on (call `isActive` for the current state). */
  readonly onChange = (listener: (active: boolean) => void): void => this.listeners.add(listener);

  isActive(): boolean { return this.active; }

  /** Every event the daemon takes in passes here. */
  readonly observe = (e: Event): void => {
    const key = e.procKey ?? (e.pid !== undefined ? String(e.pid) : undefined);
    if (e.kind === 'agent.start' && key) this.live.add(key);
    else if (e.kind === 'agent.exit' && key) this.live.delete(key);
    else if (e.source === 'pty' && e.sessionId && e.kind === 'session.start') {
      // Bounded: past the cap a session is not remembered, and the pace is fast anyway while any is open.
      if (this.supervised.size < MAX_SUPERVISED) this.supervised.set(e.sessionId, e.pid ?? 0);
    } else if (e.source === 'pty' && e.sessionId && e.kind === 'session.end') this.supervised.delete(e.sessionId);
    else if (e.source === 'hook') this.lastHookMs = this.now();
    else return;
    this.update();
  };

  /** Lets a hook's hold run out and forgets supervised sessions whose command is gone; the daemon calls it on a timer. */
  readonly tick = (): void => {
    for (const [sid, pid] of this.supervised) if (pid > 0 && !this.alive(pid)) this.supervised.delete(sid);
    this.update();
  };

  private update(): void {
    const active = this.live.size > 0 || this.supervised.size > 0 || this.now() - this.lastHookMs < this.holdMs;
    if (active === this.active) return;
    this.active = active;
    this.listeners.emit(active);
  }
}

/** Signal 0 checks only that the pid exists; EPERM means it does, as someone else's. */
function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}
