// An Output (daemon/outputs) that hands what the pipeline writes to the test: events, and alerts that say
// something new (new or escalated), as the stream sees them.
import type { Alert, Event } from '../../core/event.js';
import type { Output } from '../../daemon/outputs/output.js';

export function captureOutput(on: { event?: (e: Event) => void; alert?: (a: Alert) => void }): Output {
  return {
    name: 'test',
    writeEvent: (e) => on.event?.(e),
    writeAlert: (a, _key, change) => { if (change !== 'repeat') on.alert?.(a); },
    health: () => ({ status: 'ok' }),
    close: () => {},
  };
}
