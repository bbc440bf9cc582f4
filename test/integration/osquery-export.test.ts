// The osquery export against a live daemon: `agentwatch osquery-config` prints the ATC block, and each
// printed table's query runs with the sqlite3 CLI (what osquery's ATC does: open the file, run the query)
// against the daemon's export database while the daemon keeps writing, with exactly the printed columns.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, makeHome, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';

const SQLITE3 = '/usr/bin/sqlite3';
const reason = fs.existsSync(SQLITE3) ? undefined : `${SQLITE3} not installed`;
type Atc = { auto_table_construction: Record<string, { query: string; path: string; columns: string[]; platform: string }> };

/** Runs `query` on the file with the sqlite3 CLI; rows as objects in column order. */
function sqlite3(file: string, query: string): Record<string, unknown>[] {
  const r = spawnSync(SQLITE3, ['-readonly', '-json', file, query], { encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(`sqlite3 failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>[]) : [];
}

const pre = (sid: string, tool: string, input: object) => ({ session_id: sid, transcript_path: '/t.jsonl', cwd: '/home/dev/proj', hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input, tool_use_id: `tu-${Math.random()}` });

describe.skipIf(!!reason)(`osquery export database${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let d: TestDaemon;
  let db: string;
  beforeAll(async () => {
    const home = makeHome();
    fs.mkdirSync(path.join(home, '.cursor'));
    fs.writeFileSync(path.join(home, '.cursor', 'mcp.json'), JSON.stringify({ mcpServers: { fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem@1.0.0', '/tmp'] } } }));
    d = await startDaemon({ home, config: { outputs: { osquery: { enabled: true, intervalSeconds: 1 } } } });
    db = path.join(d.stateDir, 'osquery.db');
  });
  afterAll(async () => { await d?.stop(); if (d) rmHome(d.home); });

  it('prints the auto_table_construction block with the per-user path pattern and the four tables', () => {
    const r = cli(d, ['osquery-config', '--platform', 'linux']);
    expect(r.code, r.stderr).toBe(0);
    const atc = (JSON.parse(r.stdout) as Atc).auto_table_construction;
    expect(Object.keys(atc)).toEqual(['agentwatch_alerts', 'agentwatch_agents', 'agentwatch_sessions', 'agentwatch_mcp_servers']);
    for (const t of Object.values(atc)) expect(t).toMatchObject({ path: '/home/%/.local/state/agentwatch/osquery.db', platform: 'linux' });
    expect((JSON.parse(cli(d, ['osquery-config', '--scope', 'system']).stdout) as Atc).auto_table_construction.agentwatch_alerts!.path).toBe('/var/lib/agentwatch/osquery.db');
    expect(cli(d, ['osquery-config', '--path', 'relative.db']).code).toBe(2);
  });

  it("each printed query runs with sqlite3 on the live export with the printed columns, and the alert is there", async () => {
    const sid = 'osq-alert';
    await postHook(d, pre(sid, 'Read', { file_path: `${d.home}/.aws/credentials` }));
    const atc = (JSON.parse(cli(d, ['osquery-config', '--path', db]).stdout) as Atc).auto_table_construction;
    const alerts = atc.agentwatch_alerts!;
    expect(alerts.path).toBe(db);
    // Rebuilt a second after a new alert: wait for it with the printed query itself.
    const deadline = Date.now() + 15_000;
    let row: Record<string, unknown> | undefined;
    while (!row && Date.now() < deadline) {
      if (fs.existsSync(db)) row = sqlite3(db, alerts.query).find((r) => r.session_id === sid);
      if (!row) await new Promise((r) => setTimeout(r, 200));
    }
    expect(row).toMatchObject({ rule: 'secret-read', severity: 'high', tactic: 'credential-access', agent: 'claude-code', count: 1 });
    expect(JSON.parse(row!.evidence as string)).toHaveLength(1);

    // The daemon keeps writing (hooks, alerts, rebuilds every second) while the queries run.
    let writing = true;
    let posted = 0;
    const writer = (async () => {
      while (writing) {
        await postHook(d, pre(`osq-busy-${posted % 3}`, posted % 5 === 0 ? 'Read' : 'Bash', posted % 5 === 0 ? { file_path: `${d.home}/.ssh/id_rsa` } : { command: `echo ${posted}` }));
        posted++;
      }
    })();
    try {
      for (let round = 0; round < 8; round++) {
        for (const [name, t] of Object.entries(atc)) {
          const rows = sqlite3(db, t.query);
          if (name !== 'agentwatch_mcp_servers' || rows.length > 0) expect(rows.length, name).toBeGreaterThan(0);
          for (const r of rows) expect(Object.keys(r), name).toEqual(t.columns);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    } finally {
      writing = false;
      await writer;
    }
    expect(posted).toBeGreaterThan(5);
    const tables = sqlite3(db, 'SELECT name FROM sqlite_master WHERE type = \'table\' ORDER BY name').map((r) => r.name);
    expect(tables).toEqual(['agentwatch_agents', 'agentwatch_alerts', 'agentwatch_mcp_servers', 'agentwatch_sessions']);
    expect(sqlite3(db, 'PRAGMA journal_mode')[0]).toEqual({ journal_mode: 'delete' });
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    expect(sqlite3(db, atc.agentwatch_sessions!.query).find((r) => r.id === sid)).toMatchObject({ agent: 'claude-code', alert_count: 1 });
    expect(sqlite3(db, atc.agentwatch_mcp_servers!.query).find((r) => r.name === 'fs')).toMatchObject({ agent: 'cursor', scope: 'user', transport: 'stdio' });
    expect(sqlite3(db, atc.agentwatch_agents!.query).find((r) => r.kind === 'claude-code')).toMatchObject({ label: expect.any(String), hook_adapter: 1 });
    // `agentwatch status` shows the export's counters.
    expect(cli(d, ['status']).stdout).toMatch(/osquery-export: ok — builds \d+/);
  });
});
