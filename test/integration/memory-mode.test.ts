// The real daemon under a burst of hooks: it leaves V8's size optimisation for the burst (health says
// `fast`), and once the hooks stop it goes back to `small`, runs one full GC and then (glibc) gives the C
// heap's free pages back. What that gives back after a sustained load is measured by bench/footprint.ts
// (60 hooks leave too little to assert on).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, hookHeaders, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { onGlibc as glibc } from '../helpers/glibc.js';

interface Health { components: { memory: { mode: string; bursts: number; idleCollections: number; lastCollectionMs?: number; nativeTrims?: number; lastTrimMs?: number } } }

describe('memory mode (a burst of hooks)', () => {
  let d: TestDaemon;
  beforeAll(async () => { d = await startDaemon(); });
  afterAll(async () => { await d.stop(); rmHome(d.home); });

  const health = async () => (await (await fetch(d.url('/v1/health'))).json()) as Health;

  it('is fast during a burst and small again after it, with one GC', async () => {
    expect((await health()).components.memory).toMatchObject({ mode: 'small', bursts: 0, idleCollections: 0 });
    // 40 hooks at once: twice the 20 a second that make a burst, within the server's 64 in flight and per peer.
    const post = (i: number) => fetch(d.url('/v1/hooks/claude-code'), {
      method: 'POST', headers: hookHeaders(d),
      body: JSON.stringify({ session_id: 'burst-1', transcript_path: '/t.jsonl', cwd: '/home/dev/proj', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: `ls -la src/${i}` }, tool_use_id: `tu-${i}` }),
    }).then((r) => r.status);
    expect(await Promise.all(Array.from({ length: 40 }, (_, i) => post(i)))).toEqual(Array(40).fill(200));
    const during = await health();
    expect(during.components.memory).toMatchObject({ mode: 'fast', bursts: 1, idleCollections: 0 });
    // Back to small 5 s after the last hook (health requests are not hooks: they do not keep the burst going).
    let after = during;
    for (let i = 0; i < 150 && after.components.memory.mode !== 'small'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await health();
    }
    expect(after.components.memory).toMatchObject({ mode: 'small', bursts: 1, idleCollections: 1 });
    expect(after.components.memory.lastCollectionMs).toBeGreaterThan(0);
    if (glibc) {
      expect(after.components.memory).toMatchObject({ nativeTrims: 1 });
      expect(after.components.memory.lastTrimMs).toBeGreaterThanOrEqual(0);
    }
    // `agentwatch status` shows it too.
    expect(cli(d, ['status']).stdout).toMatch(/memory: ok — bursts 1, idleCollections 1, lastCollectionMs \d/);
  }, 30_000);
});
