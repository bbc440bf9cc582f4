// WAL checkpoints happen between writes, not inside the commit a hook waits on: a commit never copies the
// WAL into the database file, and the daemon's checkpointer does once the writes pause — or, under writes
// that never pause, on a worker thread beside the commits, so that no checkpoint holds the event loop long.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../daemon/store/database.js';
import { EventStore } from '../../daemon/store/event-store.js';
import { startCheckpoints } from '../../daemon/lifecycle/store-steps.js';
import type { Event } from '../../core/event.js';
import { repoRoot } from '../helpers/repo-root.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

const ev = (i: number): Event => ({
  id: `e${i}`, ts: new Date().toISOString(), source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, sessionId: `s${i % 5}`,
  command: `cat src/file-${i}.ts ${'x'.repeat(3000)}`,
});
const size = (f: string) => fs.statSync(f).size;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A new database in a temp dir and its store, which commits only when asked (or at 500 events). */
function freshStore() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-ckpt-'));
  dirs.push(dir);
  const file = path.join(dir, 'agentwatch.db');
  const { db } = openDatabase(file);
  return { file, db, store: new EventStore(db, { batchSize: 500, flushMs: 10_000, onError: (e) => { throw e; } }) };
}

describe('WAL checkpoints', () => {
  it('no commit checkpoints, even past 1000 WAL pages; the checkpointer does once writes pause', async () => {
    const { file, db, store } = freshStore();
    const before = size(file);
    // ~2,000 events of 3 KB: about 1,500 pages of 4 KB, past SQLite's automatic checkpoint at 1000.
    for (let i = 0; i < 2000; i++) { store.appendEvent(ev(i)); if (i % 50 === 49) await store.committed(); }
    store.flush();
    expect(size(`${file}-wal`)).toBeGreaterThan(1000 * 4096);
    expect(size(file)).toBe(before); // nothing copied into the database file by a commit

    const stop = startCheckpoints(db, store, pino({ level: 'silent' })).stop!;
    try {
      const until = Date.now() + 5000;
      while (size(file) === before && Date.now() < until) await sleep(100);
      expect(size(file)).toBeGreaterThan(1000 * 4096); // the pause came, the WAL went into the file
    } finally {
      await stop();
      db.close();
    }
  });

  it('under writes that never pause, a worker thread checkpoints beside the commits; it ends once they pause', async () => {
    const { file, db, store } = freshStore();
    const { value: checkpoints, stop } = startCheckpoints(db, store, pino({ level: 'silent' }));
    try {
      // 3 KB events committed 50 at a time, never pausing as long as the checkpointer waits for (300 ms).
      let i = 0;
      let longestGapMs = 0;
      const write = async (n: number) => {
        let last = Date.now();
        for (const end = i + n; i < end;) {
          store.appendEvent(ev(i++));
          if (i % 50 === 0) { await store.committed(); longestGapMs = Math.max(longestGapMs, Date.now() - last); last = Date.now(); }
        }
      };
      while (checkpoints.onWorker < 2 && i < 60_000) await write(500); // the worker started, and keeps up
      expect(checkpoints.onWorker).toBeGreaterThanOrEqual(2);
      const [wal0, db0, onWorker0] = [size(`${file}-wal`), size(file), checkpoints.onWorker];
      await write(3000); // ~9 MB more
      expect(longestGapMs).toBeLessThan(300); // the writes never paused: no quiet-time checkpoint ran
      expect(checkpoints.workerUp).toBe(true);
      expect(checkpoints.onWorker).toBeGreaterThan(onWorker0);
      const dbGrew = size(file) - db0;
      expect(dbGrew).toBeGreaterThan(4 * 1024 * 1024); // the events went into the file as they came
      // The WAL starts over after each worker checkpoint (the event loop copies what came meanwhile): it does
      // not take the 9 MB as well.
      expect(size(`${file}-wal`) - wal0).toBeLessThan(dbGrew / 4);

      const until = Date.now() + 5000;
      while (checkpoints.workerUp && Date.now() < until) await sleep(100);
      expect(checkpoints.workerUp).toBe(false); // the writes paused: no thread is kept for the next run of them
      const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      expect(row!.checkpointed).toBe(row!.log); // and nothing was left in the WAL alone
    } finally {
      await stop!();
      db.close();
    }
  });

  it("under one agent's steady writes the worker copies the whole WAL itself: nothing is left for the event loop", async () => {
    const { file, db, store } = freshStore();
    const { value: checkpoints, stop } = startCheckpoints(db, store, pino({ level: 'silent' }));
    try {
      // One 3 KB event a commit every few ms, as hooks come: never the 300 ms pause of the quiet-time checkpoint.
      const until = Date.now() + 30_000;
      let walAfterFirst = 0;
      for (let i = 0; checkpoints.onWorker < 4 && Date.now() < until; i++) {
        store.appendEvent(ev(i));
        await store.committed();
        if (checkpoints.onWorker === 1 && !walAfterFirst) walAfterFirst = size(`${file}-wal`);
        await sleep(4);
      }
      expect(checkpoints.onWorker).toBeGreaterThanOrEqual(4);
      // The worker passed again over what came while it copied until nothing had: the next commit started the
      // WAL over, and the event loop copied nothing (it copied a remainder after every worker checkpoint before).
      expect(checkpoints.caughtUp).toBeGreaterThanOrEqual(1);
      expect(checkpoints.onLoop).toBeLessThan(checkpoints.onWorker);
      // 400 events' worth (one file's length), not the 1,600 written: the WAL started over each time.
      expect(size(`${file}-wal`)).toBeLessThan(walAfterFirst * 1.5);
    } finally {
      await stop!();
      db.close();
    }
  });

  it('the V8 flags the daemon set stay set once the worker is up (a worker thread puts them back to their defaults)', () => {
    // In a process of its own: the flags are the process's. Without setting them again, the young generation
    // grew to 16 MiB semi-spaces here (32 MB) once the worker started: 30 MB more RSS after a load.
    const dist = (f: string) => JSON.stringify(pathToFileURL(path.join(repoRoot, 'dist', f)).href);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-ckpt-flags-'));
    dirs.push(dir);
    const script = `
      import v8 from 'node:v8';
      import { setV8Flag } from ${dist('daemon/v8-flags.js')};
      import { openDatabase } from ${dist('daemon/store/database.js')};
      import { EventStore } from ${dist('daemon/store/event-store.js')};
      import { startCheckpoints } from ${dist('daemon/lifecycle/store-steps.js')};
      setV8Flag('--semi-space-growth-factor=1');
      const { db } = openDatabase(${JSON.stringify(path.join(dir, 'agentwatch.db'))});
      const store = new EventStore(db, { batchSize: 500, flushMs: 10000, onError: (e) => { throw e; } });
      const silent = { warn() {}, info() {}, error() {} };
      const { value, stop } = startCheckpoints(db, store, silent);
      for (let i = 0; value.onWorker < 1 && i < 100000; i++) {
        store.appendEvent({ id: 'e' + i, ts: new Date().toISOString(), source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, command: 'x'.repeat(2000) });
        if (i % 50 === 49) await store.committed();
      }
      let keep = [];
      for (let i = 0; i < 2e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 20000) keep = []; }
      const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
      process.stdout.write(JSON.stringify({ onWorker: value.onWorker, young }));
      await stop(); db.close();`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 })) as { onWorker: number; young: number };
    expect(out.onWorker).toBeGreaterThanOrEqual(1);
    expect(out.young).toBeLessThanOrEqual(4 * 1024 * 1024);
  });
});
