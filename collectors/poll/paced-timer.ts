// The poll tier's clock: fast while an agent is at work, slow otherwise (collectors/agent-presence.ts).
// Without a presence signal (tests, benches, a context that has none) it is always fast.
import type { CollectorContext } from '../collector.js';

export interface PacedTimer {
  start(ctx: CollectorContext): void;
  stop(): void;
  readonly running: boolean;
  /** The period in use now. */
  periodMs(): number;
}

export function pacedTimer(tick: () => void, fastMs: number, idleMs: number): PacedTimer {
  let timer: NodeJS.Timeout | undefined;
  let atWork = true;
  const periodMs = () => (atWork || idleMs <= fastMs ? fastMs : idleMs);
  const arm = (): void => {
    if (timer) clearInterval(timer);
    timer = setInterval(tick, periodMs());
    timer.unref();
  };
  return {
    start(ctx) {
      if (ctx.onAgentPresence) {
        atWork = false;
        ctx.onAgentPresence((active) => {
          if (active === atWork || !timer) return;
          atWork = active;
          arm();
          if (active) tick(); // an agent just started: look now, not a slow period later
        });
      }
      arm();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    get running() { return timer !== undefined; },
    periodMs,
  };
}
