// The `mcp_pins` table (migration 3 in database.ts): one row per MCP server key, what a live scan
// pinned (collectors/mcp/scan/pin-check.ts decides pin, unchanged or changed).
import type { DB } from './database.js';
import type { PinRecords, StoredPin } from '../../collectors/mcp/scan/pin-check.js';
import type { PinBody } from '../../collectors/mcp/scan/pins.js';

interface Row { server_key: string; pinned_ts: string; scanned_ts: string; digest: string; body: string }

export class PinStore implements PinRecords {
  private readonly stmt;

  constructor(db: DB) {
    this.stmt = {
      read: db.prepare('SELECT server_key, pinned_ts, scanned_ts, digest, body FROM mcp_pins WHERE server_key = ?'),
      all: db.prepare('SELECT server_key, pinned_ts, scanned_ts, digest, body FROM mcp_pins ORDER BY server_key'),
      write: db.prepare(`INSERT INTO mcp_pins (server_key, pinned_ts, scanned_ts, digest, body) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(server_key) DO UPDATE SET pinned_ts = excluded.pinned_ts, scanned_ts = excluded.scanned_ts,
          digest = excluded.digest, body = excluded.body`),
      touch: db.prepare('UPDATE mcp_pins SET scanned_ts = ? WHERE server_key = ?'),
    };
  }

  read(key: string): StoredPin | undefined {
    const row = this.stmt.read.get(key) as Row | undefined;
    return row && pinOf(row);
  }

  all(): StoredPin[] {
    return (this.stmt.all.all() as Row[]).map(pinOf);
  }

  write(pin: StoredPin): void {
    this.stmt.write.run(pin.key, pin.pinnedTs, pin.scannedTs, pin.digest, JSON.stringify(pin.body));
  }

  touch(key: string, ts: string): void {
    this.stmt.touch.run(ts, key);
  }
}

const pinOf = (r: Row): StoredPin => ({ key: r.server_key, pinnedTs: r.pinned_ts, scannedTs: r.scanned_ts, digest: r.digest, body: JSON.parse(r.body) as PinBody });
