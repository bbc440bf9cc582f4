// The state dir's filesystem fills up (a small tmpfs mounted as the state dir, then a filler file): the
// daemon keeps answering every hook (fail open), says so in health, raises one alert on the stream,
// logs to stderr instead of its file — and once the filler is gone it recovers by itself: the hook events
// it held commit, the log file is written again. SIGTERM still leaves no daemon.json or lock behind.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, makeHome, openStream, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import type { Event } from '../../core/event.js';

const isRoot = process.getuid?.() === 0;
const SID = 'disk-full';

interface Health { status: string; components: Record<string, { status: string; reason?: string; [k: string]: unknown }> }

async function health(d: TestDaemon): Promise<Health> {
  return (await (await fetch(d.url('/v1/health'))).json()) as Health;
}

/** Writes until the filesystem says ENOSPC: big chunks, then pages. */
function fill(file: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (const size of [64 * 1024, 4096, 512]) {
      const chunk = Buffer.alloc(size, 1);
      try { for (;;) fs.writeSync(fd, chunk); } catch (err) { if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err; }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Polls `pred` (posting a hook each time, so the daemon has something to write) until it holds or 20 s pass. */
async function until(d: TestDaemon, post: () => Promise<void>, pred: () => Promise<boolean> | boolean): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (await pred()) return true;
    await post();
    await new Promise((r) => setTimeout(r, 200));
  }
  return pred();
}

describe('a full disk under the state dir', () => {
  it.skipIf(!isRoot)('(needs root to mount a tmpfs) degrades without hanging or crashing, alerts once, recovers, and cleans up on SIGTERM', async () => {
    const home = makeHome('aw-diskfull-');
    const stateDir = path.join(home, '.local', 'state', 'agentwatch');
    fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', stateDir]);
    const markers: string[] = [];
    let n = 0;
    let d: TestDaemon | undefined;
    try {
      // debug: every hook writes a log line, so the log meets the full disk too.
      d = await startDaemon({ home, config: { log: { level: 'debug' } } });
      const stream = await openStream(d);
      const daemon = d;
      const post = async () => {
        const marker = `echo disk-full-${n++} ${'x'.repeat(2000)}`;
        const r = await postHook(daemon, { session_id: SID, transcript_path: '/tmp/t.jsonl', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: marker } });
        expect(r.status).toBe(200);
        expect(r.json).toEqual({}); // observe: allowed
        markers.push(marker);
      };

      fill(path.join(stateDir, 'filler'));
      const degraded = await until(daemon, post, async () => (await health(daemon)).components.store!.status === 'degraded');
      expect(degraded, 'the store never reported the full disk').toBe(true);
      for (let i = 0; i < 20; i++) await post(); // every one answered while nothing can be stored
      const h = await health(d);
      expect(h.status).toBe('degraded');
      expect(h.components.store).toMatchObject({ status: 'degraded', reason: expect.stringMatching(/disk full/), failedBatches: expect.any(Number), answeredUnstored: expect.any(Number) });
      expect(h.components.store!.answeredUnstored).toBeGreaterThan(0);
      expect(h.components.log).toMatchObject({ status: 'degraded', reason: expect.stringMatching(/ENOSPC/) });
      await stream.waitFor((m) => m.type === 'alert' && (m.alert as { rule: string }).rule === 'agentwatch-degraded');
      expect(d.child.exitCode).toBeNull();
      expect(d.output()).toMatch(/cannot write the log file .*ENOSPC/);

      fs.rmSync(path.join(stateDir, 'filler'));
      const logFile = path.join(stateDir, 'agentwatch.log');
      const recovered = await until(daemon, post, async () => (await health(daemon)).components.store!.status === 'ok' && fs.readFileSync(logFile, 'utf8').includes('log file writable again'));
      expect(recovered, 'the daemon did not recover once the disk had room').toBe(true);
      const after = await health(d);
      expect(after.components.store).toMatchObject({ status: 'ok', lastRecovery: { at: expect.any(String) } });
      expect(after.components.log!.status).toBe('ok');
      // One alert for the episode, however many batches failed.
      expect(stream.messages.filter((m) => m.type === 'alert' && (m.alert as { rule: string }).rule === 'agentwatch-degraded')).toHaveLength(1);
      stream.close();

      // The hook events held in memory while the disk was full are stored now: none of the answered ones is missing.
      const stored = new Set(cli(d, ['events', '--json', '--session', SID, '--limit', '100000']).stdout.split('\n').filter(Boolean)
        .map((l) => ((JSON.parse(l) as Event).tool?.input as { command?: string } | undefined)?.command));
      expect(markers.filter((m) => !stored.has(m))).toEqual([]);

      expect(await d.stop()).toBe(0);
      expect(fs.existsSync(path.join(stateDir, 'daemon.json'))).toBe(false);
      expect(fs.existsSync(path.join(stateDir, 'daemon.lock'))).toBe(false);
    } finally {
      if (d?.child.exitCode === null) d.child.kill('SIGKILL');
      execFileSync('umount', ['-l', stateDir]);
      rmHome(home);
    }
  });
});
