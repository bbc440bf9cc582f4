// Opens the SQLite database (WAL) and applies the ordered, append-only migrations.
// A file that is not a database is moved aside (never deleted) and a fresh one is started.
import fs from 'node:fs';
import Database from 'better-sqlite3';

export type DB = Database.Database;

/** The page cache per connection, in KiB. */
const CACHE_KIB = 512;

const MIGRATIONS: ((db: DB) => void)[] = [
  (db) => {
    db.exec(`
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        ts TEXT NOT NULL,
        session_id TEXT,
        agent TEXT NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX events_ts ON events(ts);
      CREATE INDEX events_session ON events(session_id, seq);
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        agent TEXT NOT NULL,
        cwd TEXT,
        transcript_path TEXT,
        first_ts TEXT NOT NULL,
        last_ts TEXT NOT NULL,
        ended_ts TEXT,
        event_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE alerts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        ts TEXT NOT NULL,
        last_ts TEXT NOT NULL,
        session_id TEXT,
        rule TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        severity TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1,
        acked INTEGER NOT NULL DEFAULT 0,
        body TEXT NOT NULL
      );
      CREATE UNIQUE INDEX alerts_dedupe ON alerts(ifnull(session_id, ''), rule, dedupe_key);
      CREATE INDEX alerts_ts ON alerts(ts);
    `);
  },
  // 2: per agent×project behaviour baselines, and what users acknowledged as theirs (--this-was-me).
  (db) => {
    db.exec(`
      CREATE TABLE baselines (
        agent TEXT NOT NULL,
        project TEXT NOT NULL,
        model_json TEXT NOT NULL,
        sessions INTEGER NOT NULL,
        first_ts TEXT NOT NULL,
        updated_ts TEXT NOT NULL,
        PRIMARY KEY (agent, project)
      );
      CREATE TABLE baseline_acks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scope TEXT NOT NULL CHECK (scope IN ('session', 'project', 'agent')),
        agent TEXT NOT NULL,
        project TEXT NOT NULL,
        session_id TEXT NOT NULL DEFAULT '',
        item TEXT NOT NULL,
        ts TEXT NOT NULL,
        alert_id TEXT
      );
      CREATE INDEX baseline_acks_scope ON baseline_acks(agent, project);
    `);
  },
  // 3: MCP inventory. The last configured servers seen (so a change made while the daemon was down is
  // still reported), and the pinned tool descriptions of live scans (rug-pull detection).
  (db) => {
    db.exec(`
      CREATE TABLE mcp_servers (
        id TEXT PRIMARY KEY,
        agent TEXT NOT NULL,
        scope TEXT NOT NULL,
        file TEXT NOT NULL,
        name TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        body TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
      );
      CREATE TABLE mcp_pins (
        server_key TEXT PRIMARY KEY,
        pinned_ts TEXT NOT NULL,
        scanned_ts TEXT NOT NULL,
        digest TEXT NOT NULL,
        body TEXT NOT NULL
      );
    `);
  },
  // 4: the alerts' change log for the fleet telemetry cursor (daemon/fleet/telemetry-reader.ts). Alerts are
  // updated in place when a finding merges into them or they are acknowledged; each change moves the alert
  // to a new, higher rev (one row per alert), so a collector past its old rev gets the new version once.
  // Alerts deleted by retention leave their rev in alert_drops, so a cursor from before says how many it missed.
  (db) => {
    db.exec(`
      CREATE TABLE alert_changes (rev INTEGER PRIMARY KEY AUTOINCREMENT, alert_seq INTEGER NOT NULL UNIQUE);
      CREATE TABLE alert_drops (rev INTEGER PRIMARY KEY);
      -- A finding points at the OS effects of its evidence tool calls: found by session and toolUseId.
      CREATE INDEX events_tool_use ON events(session_id, json_extract(body, '$.toolUseId')) WHERE json_extract(body, '$.toolUseId') IS NOT NULL;
      INSERT INTO alert_changes (alert_seq) SELECT seq FROM alerts ORDER BY seq;
      CREATE TRIGGER alerts_change_insert AFTER INSERT ON alerts BEGIN
        INSERT INTO alert_changes (alert_seq) VALUES (NEW.seq);
      END;
      CREATE TRIGGER alerts_change_update AFTER UPDATE OF last_ts, count, severity, acked, body ON alerts BEGIN
        DELETE FROM alert_changes WHERE alert_seq = NEW.seq;
        INSERT INTO alert_changes (alert_seq) VALUES (NEW.seq);
      END;
      CREATE TRIGGER alerts_change_delete AFTER DELETE ON alerts BEGIN
        INSERT OR IGNORE INTO alert_drops (rev) SELECT rev FROM alert_changes WHERE alert_seq = OLD.seq;
        DELETE FROM alert_changes WHERE alert_seq = OLD.seq;
      END;
    `);
  },
  // 5: what the console silenced (daemon/mutes.ts): a rule muted for a project, or an alert's behaviour
  // marked "this was me" in a scope (its rule and dedupe key, for one session, a project or the agent).
  (db) => {
    db.exec(`
      CREATE TABLE mutes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rule TEXT NOT NULL,
        dedupe_key TEXT,
        scope TEXT NOT NULL CHECK (scope IN ('session', 'project', 'agent')),
        agent TEXT NOT NULL DEFAULT '*',
        project TEXT NOT NULL DEFAULT '*',
        session_id TEXT NOT NULL DEFAULT '',
        ts TEXT NOT NULL,
        alert_id TEXT
      );
    `);
  },
  // 6: events_tool_use holds only what its one query asks for (telemetry-store.ts, "effects": OS events):
  // hook events made up most of it, and each one cost the commit a page of it and two json_extract calls.
  (db) => {
    db.exec(`
      DROP INDEX events_tool_use;
      CREATE INDEX events_tool_use ON events(session_id, json_extract(body, '$.toolUseId'))
        WHERE source != 'hook' AND json_extract(body, '$.toolUseId') IS NOT NULL;
    `);
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function migrate(db: DB): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) throw new Error(`database schema v${current} is newer than this agentwatch (v${MIGRATIONS.length})`);
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => MIGRATIONS[v]!(db))();
    db.pragma(`user_version = ${v + 1}`);
  }
}

function openRaw(file: string, readonly: boolean): DB {
  const db = new Database(file, { readonly, fileMustExist: readonly });
  if (!readonly) {
    // Must come before WAL is switched on, and only takes effect on a new, empty file.
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // No checkpoint inside a commit: SQLite's automatic one runs in whichever commit crosses 1000 WAL pages,
    // copying and fsyncing them while a hook waits on that commit. The daemon checkpoints in the gaps
    // between writes instead (startCheckpoints in daemon/lifecycle/store-steps.ts).
    db.pragma('wal_autocheckpoint = 0');
  }
  db.pragma('busy_timeout = 5000');
  // better-sqlite3 builds SQLite with a 16 MB page cache (SQLITE_DEFAULT_CACHE_SIZE=-16000), which fills as
  // the database grows and stays: 18 of the daemon's MB after sustained load (bench/footprint.ts). Writes
  // append and reads are by index, and the file's pages stay in the OS page cache: 512 KiB (128 pages) keeps
  // the indexes' hot paths, and 1.3 MB less stays malloc'd after load than with SQLite's own default of 2 MB.
  db.pragma(`cache_size = -${CACHE_KIB}`);
  if (readonly) return db;
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
  return db;
}

export interface OpenResult { db: DB; movedAside?: string }

/** Opens (creating and migrating) the daemon's database. */
export function openDatabase(file: string): OpenResult {
  let movedAside: string | undefined;
  let db: DB;
  try {
    db = openRaw(file, false);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!/SQLITE_(NOTADB|CORRUPT)/.test(code)) throw err;
    movedAside = `${file}.corrupt-${Date.now()}`;
    for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, movedAside + suffix);
    db = openRaw(file, false);
  }
  for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.chmodSync(file + suffix, 0o600);
  migrate(db);
  return { db, movedAside };
}

/** Opens the database for the CLI's reads, while the daemon may be writing it. */
export function openReadOnly(file: string): DB {
  return openRaw(file, true);
}

/** Copies what the WAL holds into the database file, as far as readers allow (PASSIVE: never waits on them). */
export function checkpointWal(db: DB): void {
  db.pragma('wal_checkpoint(PASSIVE)');
}
