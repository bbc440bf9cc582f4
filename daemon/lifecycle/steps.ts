// Start-up and shutdown as named, ordered steps (in the spirit of Falco's app actions): each step starts
// one part of the daemon and says how to stop it; each reports success (logged, with its time) or fails
// in one line naming the step. stop() runs the teardowns of the started steps in reverse, always all of
// them, whatever fails on the way.
import type { Logger } from 'pino';

export interface Started<T> {
  value: T;
  /** Undoes the step; runs once, in reverse order of start. */
  stop?: () => void | Promise<void>;
}

export interface StepReport { step: string; ms: number; ok: boolean; error?: string }

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

export class Lifecycle {
  private readonly teardowns: { step: string; stop: () => void | Promise<void> }[] = [];
  readonly reports: StepReport[] = [];
  private log: Logger | undefined;

  /** Reports go to `log` from now on; the steps that ran before it (the state dir, the log itself) are logged now. */
  useLog(log: Logger): Logger {
    this.log = log;
    for (const r of this.reports) log.info({ step: r.step, ms: r.ms }, `started: ${r.step}`);
    return log;
  }

  /** Runs one named step. A failure is reported and rethrown (with the step's name when it is not already one line of ours). */
  async step<T>(step: string, start: () => Started<T> | Promise<Started<T>>): Promise<T> {
    const t0 = performance.now();
    try {
      const { value, stop } = await start();
      if (stop) this.teardowns.push({ step, stop });
      const ms = Math.round(performance.now() - t0);
      this.reports.push({ step, ms, ok: true });
      this.log?.info({ step, ms }, `started: ${step}`);
      return value;
    } catch (err) {
      this.reports.push({ step, ms: Math.round(performance.now() - t0), ok: false, error: firstLine(err) });
      this.log?.error({ step, err: firstLine(err) }, `start-up step failed: ${step}`);
      throw err;
    }
  }

  /** Stops every started step, last first; a failing teardown is logged and the next one still runs. */
  async stop(reason: string): Promise<void> {
    this.log?.info({ reason }, 'shutting down');
    for (const { step, stop } of this.teardowns.splice(0).reverse()) {
      try { await stop(); } catch (err) { this.log?.error({ err, step }, 'teardown step failed'); }
    }
  }
}
