// The watcher's snapshot in a real SQLite file: the baseline marker, per-file replacement, first_seen kept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../daemon/store/database.js';
import { McpSnapshotStore } from '../../../daemon/store/mcp-snapshot-store.js';
import type { SnapshotServer } from '../../../collectors/mcp/watch-diff.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function open() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-mcp-snap-'));
  dirs.push(dir);
  return openDatabase(path.join(dir, 'db.sqlite')).db;
}

const server = (file: string, name: string, fingerprint: string): SnapshotServer => ({
  id: `mcp_${file}_${name}`, agent: 'cursor', scope: 'user', file, name, fingerprint, body: '{"transport":"stdio","launch":"x"}',
});

describe('McpSnapshotStore', () => {
  it('no baseline until marked; the marker is never loaded as a server', () => {
    const db = open();
    const s = new McpSnapshotStore(db);
    expect(s.baselineTaken()).toBe(false);
    s.markBaseline('2026-01-01T00:00:00.000Z');
    s.markBaseline('2026-01-02T00:00:00.000Z');
    expect(s.baselineTaken()).toBe(true);
    expect(s.load()).toEqual([]);
    db.close();
  });

  it('replaceFile sets exactly that file\'s servers, keeps other files, and keeps first_seen of known servers', () => {
    const db = open();
    const s = new McpSnapshotStore(db);
    s.markBaseline('t0');
    s.replaceFile('/a.json', [server('/a.json', 'one', 'f1'), server('/a.json', 'two', 'f2')], '2026-01-01T00:00:00.000Z');
    s.replaceFile('/b.json', [server('/b.json', 'three', 'f3')], '2026-01-01T00:00:00.000Z');
    s.replaceFile('/a.json', [server('/a.json', 'one', 'f1b')], '2026-01-02T00:00:00.000Z');
    expect(s.load().map((r) => [r.file, r.name, r.fingerprint]).sort()).toEqual([['/a.json', 'one', 'f1b'], ['/b.json', 'three', 'f3']]);
    const row = db.prepare("SELECT first_seen, last_seen FROM mcp_servers WHERE name = 'one'").get();
    expect(row).toEqual({ first_seen: '2026-01-01T00:00:00.000Z', last_seen: '2026-01-02T00:00:00.000Z' });
    s.replaceFile('/a.json', [], 't3');
    expect(s.load().map((r) => r.name)).toEqual(['three']);
    expect(s.baselineTaken()).toBe(true);
    db.close();
  });
});
