// The console API as the terminal console uses it (bearer token, no browser): filtered alert reads, a
// session's timeline, "this was me" per scope and a rule muted for a project stopping the same behaviour
// from alerting again — and only where they apply — and re-pinning an MCP server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { cli, openStream, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import type { Alert } from '../../core/event.js';

type ConsoleAlert = Alert & { acked: boolean };

describe('console API (bearer token)', () => {
  let d: TestDaemon;
  beforeAll(async () => { d = await startDaemon(); });
  afterAll(async () => { await d.stop(); rmHome(d.home); });

  const api = async <T>(p: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> => {
    // After a blocking CLI call the pooled socket may be one the daemon closed meanwhile: let the close land first (as postHook does).
    await new Promise((r) => setTimeout(r, 5));
    const res = await fetch(d.url(`/v1/console/${p}`), {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${d.token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  let n = 0;
  /** A Claude Code session in `cwd` reading `file`; the alerts it raised. */
  async function readIn(cwd: string, file: string): Promise<ConsoleAlert[]> {
    const sid = `api-${++n}-${Date.now()}`;
    const r = await postHook(d, { session_id: sid, transcript_path: '/t.jsonl', cwd, hook_event_name: 'PreToolUse', tool_name: 'Read', tool_input: { file_path: file }, tool_use_id: `tu-${n}` });
    expect(r.status).toBe(200);
    return (await api<{ alerts: ConsoleAlert[] }>(`alerts?session=${sid}&acked=`)).body.alerts;
  }

  it('refuses without the token and answers a bad request in one line', async () => {
    expect((await fetch(d.url('/v1/console/alerts'))).status).toBe(401);
    expect((await fetch(d.url('/v1/console/alerts'), { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await api('alerts/nope')).status).toBe(404);
    expect((await api('sessions/nope/timeline')).status).toBe(404);
    const [a] = await readIn('/home/dev/p0', `${d.home}/.ssh/id_rsa`);
    const bad = await api<{ error: string }>(`alerts/${a!.id}/mine`, { method: 'POST', body: { scope: 'everywhere' } });
    expect(bad).toEqual({ status: 400, body: { error: 'scope must be "session", "project" or "agent"' } });
    expect((await api<{ error: string }>('mutes', { method: 'POST', body: { rule: 'secret-read', project: 'relative/dir' } })).status).toBe(400);
  });

  it('lists alerts newest first with filters, and a session timeline with its events and alerts', async () => {
    const [a] = await readIn('/home/dev/p1', `${d.home}/.ssh/id_ed25519`);
    const all = (await api<{ alerts: ConsoleAlert[] }>('alerts?acked=')).body.alerts;
    expect(all[0]!.id).toBe(a!.id);
    expect((await api<{ alerts: ConsoleAlert[] }>('alerts?severity=low&acked=')).body.alerts.find((x) => x.id === a!.id)).toBeUndefined();
    expect((await api<{ alerts: ConsoleAlert[] }>('alerts?tactic=credential-access&acked=')).body.alerts.map((x) => x.id)).toContain(a!.id);
    const detail = await api<{ alert: ConsoleAlert; evidence: { path?: string }[] }>(`alerts/${a!.id}`);
    expect(detail.body.evidence.map((e) => e.path)).toContain(`${d.home}/.ssh/id_ed25519`);
    const t = await api<{ events: { kind: string }[]; alerts: ConsoleAlert[] }>(`sessions/${a!.sessionId}/timeline`);
    expect(t.body.events.map((e) => e.kind)).toContain('file.read');
    expect(t.body.alerts.map((x) => x.id)).toEqual([a!.id]);
  });

  it('"this was me" for a project: acknowledged, and the same read alerts again only in other projects', async () => {
    const [a] = await readIn('/home/dev/p2', `${d.home}/.ssh/id_rsa`);
    const r = await api<{ ok: boolean; message: string }>(`alerts/${a!.id}/mine`, { method: 'POST', body: { scope: 'project' } });
    expect(r.status).toBe(200);
    expect(r.body.message).toMatch(/no longer alerts for claude-code in \/home\/dev\/p2/);
    expect(await readIn('/home/dev/p2', `${d.home}/.ssh/id_rsa`)).toEqual([]);
    expect((await readIn('/home/dev/p3', `${d.home}/.ssh/id_rsa`)).map((x) => x.rule)).toEqual(['secret-read']);
    // Last: a blocking CLI call leaves the fetch pool a socket the daemon may close meanwhile.
    expect(JSON.parse(cli(d, ['alerts', '--json', '--session', a!.sessionId!]).stdout.trim()).acknowledged).toBe(true);
  });

  it("an acknowledgement from one console (the stream's ack, or the API) reaches the others as the alert, acknowledged", async () => {
    const [a, b] = [(await readIn('/home/dev/q1', `${d.home}/.ssh/id_rsa`))[0]!, (await readIn('/home/dev/q2', `${d.home}/.ssh/id_rsa`))[0]!];
    const tui = await openStream(d, '?topics=alerts');
    const other = await openStream(d, '?topics=alerts');
    try {
      tui.ws.send(JSON.stringify({ type: 'ack', alertId: a.id }));
      await other.waitFor((m) => m.type === 'alert' && (m.alert as ConsoleAlert).id === a.id && (m.alert as Alert).acknowledged === true);
      expect((await api(`alerts/${b.id}/ack`, { method: 'POST' })).status).toBe(200);
      await tui.waitFor((m) => m.type === 'alert' && (m.alert as ConsoleAlert).id === b.id && (m.alert as Alert).acknowledged === true);
      expect((await api<{ alerts: ConsoleAlert[] }>(`alerts?session=${a.sessionId}&acked=true`)).body.alerts.map((x) => x.id)).toEqual([a.id]);
    } finally { tui.close(); other.close(); }
  });

  it('"this was me" for a session only silences that session', async () => {
    const [a] = await readIn('/home/dev/p4', `${d.home}/.ssh/id_rsa`);
    expect((await api(`alerts/${a!.id}/mine`, { method: 'POST', body: { scope: 'session' } })).status).toBe(200);
    expect((await readIn('/home/dev/p4', `${d.home}/.ssh/id_rsa`)).map((x) => x.rule)).toEqual(['secret-read']);
  });

  it('a rule muted for a project raises nothing there, any file, and still does elsewhere; survives a restart', async () => {
    const m = await api<{ mute: { id: number } }>('mutes', { method: 'POST', body: { rule: 'secret-read', project: '/home/dev/p5' } });
    expect(m.status).toBe(200);
    expect(await readIn('/home/dev/p5', `${d.home}/.aws/credentials`)).toEqual([]);
    expect((await readIn('/home/dev/p6', `${d.home}/.aws/credentials`)).map((x) => x.rule)).toEqual(['secret-read']);
    expect((await api<{ mutes: { id: number; rule: string; project: string }[] }>('mutes')).body.mutes).toContainEqual(expect.objectContaining({ id: m.body.mute.id, rule: 'secret-read', project: '/home/dev/p5' }));
    await d.stop();
    d = await startDaemon({ home: d.home });
    expect(await readIn('/home/dev/p5', `${d.home}/.aws/credentials`)).toEqual([]);
    expect((await api(`mutes/${m.body.mute.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await readIn('/home/dev/p5', `${d.home}/.aws/credentials`)).map((x) => x.rule)).toEqual(['secret-read']);
  });

  it('re-pins an MCP server: its pin goes (the next scan pins what it serves then); an unknown one is 404', async () => {
    const db = new Database(`${d.stateDir}/agentwatch.db`);
    db.pragma('busy_timeout = 5000');
    db.prepare('INSERT INTO mcp_pins (server_key, pinned_ts, scanned_ts, digest, body) VALUES (?, ?, ?, ?, ?)')
      .run('stdio:node server.js', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 'abc', JSON.stringify({ v: 1, label: 'node server.js', serverInfo: {}, tools: { echo: { hash: 'h', description: 'd', inputSchema: {} } } }));
    const inv = await api<{ pins: { key: string; tools: string[] }[] }>('mcp');
    expect(inv.body.pins).toContainEqual(expect.objectContaining({ key: 'stdio:node server.js', tools: ['echo'] }));
    expect((await api(`mcp/${encodeURIComponent('stdio:node server.js')}/pin`, { method: 'POST' })).status).toBe(200);
    expect(db.prepare('SELECT count(*) AS n FROM mcp_pins').get()).toEqual({ n: 0 });
    expect((await api(`mcp/${encodeURIComponent('stdio:node server.js')}/pin`, { method: 'POST' })).status).toBe(404);
    db.close();
  });
});
