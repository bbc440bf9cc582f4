// SPEC "Exit and failure behaviour": a hook is answered only after its event is stored, so an event the
// daemon acknowledged survives `kill -9`. 20 rounds on one HOME: hooks posted 16 at a time, the daemon
// killed at a random point of the load, its database then checked for every hook that got a 200.
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { hookHeaders, makeHome, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';

const ROUNDS = 20;
const IN_FLIGHT = 16;

/** Posts one PreToolUse whose command is `marker`; true when the daemon answered 200 in full. */
function post(d: TestDaemon, agent: http.Agent, marker: string): Promise<boolean> {
  const body = JSON.stringify({ session_id: 'kill9', transcript_path: '/tmp/t.jsonl', cwd: '/tmp', hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: marker } });
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port: d.port, path: '/v1/hooks/claude-code', method: 'POST', agent, headers: hookHeaders(d) }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
      res.on('error', () => resolve(false));
    });
    req.on('error', () => resolve(false));
    req.end(body);
  });
}

/** Hooks 16 at a time until the daemon dies; the markers of those it acknowledged. `onAck` after each. */
async function load(d: TestDaemon, round: number, onAck: () => void): Promise<string[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const acked: string[] = [];
  let n = 0;
  let dead = false;
  d.child.once('exit', () => { dead = true; });
  const worker = async () => {
    while (!dead) {
      const marker = `echo kill9-r${round}-${n++}`;
      if (await post(d, agent, marker)) { acked.push(marker); onAck(); }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  agent.destroy();
  return acked;
}

describe('kill -9 under hook load', () => {
  const home = makeHome('aw-kill9-');
  afterAll(() => rmHome(home));

  it(`keeps every acknowledged event, ${ROUNDS} rounds`, async () => {
    const db = path.join(home, '.local', 'state', 'agentwatch', 'agentwatch.db');
    let acknowledged = 0;
    let present = 0;
    const lost: string[] = [];
    let previousPid: number | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const d = await startDaemon({ home });
      // The restarted daemon knows the last one died without shutting down (and says what that may have cost).
      const { previousRun } = (await (await fetch(d.url('/v1/health'))).json()) as { previousRun: { clean: boolean; pid?: number } };
      expect(previousRun).toEqual(previousPid === undefined ? { clean: true } : expect.objectContaining({ clean: false, pid: previousPid }));
      previousPid = d.pid;
      // The kill lands at a random point of the load: 0.3–1 s after the first answer (a fresh daemon
      // takes a while for its first one on a busy machine).
      const killAfter = 300 + Math.floor(Math.random() * 700);
      let armed = false;
      const acked = await load(d, round, () => {
        if (!armed) { armed = true; setTimeout(() => d.child.kill('SIGKILL'), killAfter); }
      });
      // Opening it read-write replays the WAL the killed daemon left, as the next daemon would.
      const conn = new Database(db);
      const stored = new Set((conn.prepare("SELECT json_extract(body, '$.tool.input.command') AS c FROM events WHERE session_id = 'kill9'").all() as { c: string }[]).map((r) => r.c));
      expect(conn.pragma('integrity_check', { simple: true })).toBe('ok');
      conn.close();
      const missing = acked.filter((m) => !stored.has(m));
      acknowledged += acked.length;
      present += acked.length - missing.length;
      lost.push(...missing);
    }
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare("SELECT count(*) AS n FROM events WHERE source = 'self' AND kind = 'daemon.unclean-exit'").get()).toEqual({ n: ROUNDS - 1 });
    conn.close();
    console.log(`kill9: ${ROUNDS} rounds, ${acknowledged} hooks acknowledged, ${present} of them stored, ${lost.length} lost`);
    expect(lost.slice(0, 5)).toEqual([]);
    expect(present).toBe(acknowledged);
  }, 600_000); // ~45 s on an idle 2-core machine; several times that when it is shared
});
