// Hook-triggered scans: many hooks at once cost one scan, run after the caller returns, and a hook inside
// the gap still gets its scan (later, never dropped).
import { describe, expect, it } from 'vitest';
import { coalesced } from '../../../collectors/poll/coalesce.js';

const turn = () => new Promise<void>((r) => setImmediate(r));

describe('coalesced', () => {
  it('runs once for every trigger of one turn, and not on the caller stack', async () => {
    let runs = 0;
    const c = coalesced(() => { runs++; }, 0);
    c.trigger(); c.trigger(); c.trigger();
    expect(runs).toBe(0);
    await turn();
    expect(runs).toBe(1);
  });

  it('a trigger inside the gap runs when the gap ends instead of being dropped', async () => {
    let runs = 0;
    const c = coalesced(() => { runs++; }, 30);
    c.trigger();
    await turn();
    c.trigger();
    await turn();
    expect(runs).toBe(1);
    await new Promise((r) => setTimeout(r, 60));
    expect(runs).toBe(2);
  });

  it('cancel drops a pending run', async () => {
    let runs = 0;
    const c = coalesced(() => { runs++; }, 0);
    c.trigger();
    c.cancel();
    await turn();
    expect(runs).toBe(0);
  });
});
