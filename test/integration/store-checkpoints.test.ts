// WAL checkpoints happen between writes, not inside the commit a hook waits on: a commit never copies the
// WAL into the database file, and the daemon's checkpointer does once the writes pause — or, under writes
// that never pause, after every few hundred events, so no one checkpoint holds the event loop long.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { openDatabase } from '../../daemon/store/database.js';
import { EventStore } from '../../daemon/store/event-store.js';
import { startCheckpoints } from '../../daemon/lifecycle/store-steps.js';
import type { Event } from '../../core/event.js';

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

  it('under writes that never pause, checkpoints follow the commits: the WAL stays small', async () => {
    const { file, db, store } = freshStore();
    const stop = startCheckpoints(db, store, pino({ level: 'silent' })).stop!;
    try {
      const before = size(file);
      // ~3,000 events of 3 KB committed 50 at a time, never pausing as long as the checkpointer waits for (300 ms).
      let longestGapMs = 0;
      let last = Date.now();
      for (let i = 0; i < 3000; i++) {
        store.appendEvent(ev(i));
        if (i % 50 === 49) { await store.committed(); longestGapMs = Math.max(longestGapMs, Date.now() - last); last = Date.now(); }
      }
      await store.committed();
      await new Promise((r) => setImmediate(r)); // the turn after the last commit
      expect(longestGapMs).toBeLessThan(300); // the writes never paused: only forced checkpoints ran
      expect(size(file) - before).toBeGreaterThan(6 * 1024 * 1024); // the events went into the file as they came
      expect(size(`${file}-wal`)).toBeLessThan(1500 * 4096); // a few hundred events' pages at most, not all 9 MB
    } finally {
      await stop();
      db.close();
    }
  });
});
