// GET /v1/telemetry on a real daemon: off by default, its own fleet token (never the stream token), and a
// collector that pulls with random page sizes while agents keep working, retries pages (replays cursors),
// and lives through a daemon killed -9 and restarted, ends with exactly the records in the database.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import https from 'node:https';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { cli, makeHome, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import type { Alert, Event } from '../../core/event.js';

type Native = { type: 'event'; event: Event } | { type: 'alert'; alert: Alert; acked: boolean };
interface Reply { records: Native[]; next: string; more: boolean; dropped: { events: number; alerts: number } }

const homes: string[] = [];
afterAll(() => { for (const h of homes) rmHome(h); });

async function pull(d: TestDaemon, token: string, query: string): Promise<{ status: number; body: Reply & { error?: string } }> {
  const res = await fetch(d.url(`/v1/telemetry?${query}`), { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Reply & { error?: string } };
}

describe('GET /v1/telemetry', () => {
  it('is off by default: 404 in one line, and no fleet token is created', async () => {
    const d = await startDaemon();
    homes.push(d.home);
    try {
      const r = await pull(d, d.token, 'limit=10');
      expect(r.status).toBe(404);
      expect(r.body.error).toBe('telemetry is off (set telemetry.enabled in the config)');
      expect(fs.existsSync(path.join(d.stateDir, 'fleet-token'))).toBe(false);
    } finally { await d.stop(); }
  });

  it('a collector with random pages, retries and a daemon restart ends with exactly the stored records', async () => {
    const home = makeHome('aw-pull-');
    homes.push(home);
    const config = { telemetry: { enabled: true, privacy: 'full' } };
    let d = await startDaemon({ home, config });
    const tokenFile = path.join(d.stateDir, 'fleet-token');
    expect(fs.statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = fs.readFileSync(tokenFile, 'utf8').trim();
    // Only the fleet token reads telemetry: not the stream token, not none; never from a browser.
    expect((await pull(d, d.token, 'limit=1')).status).toBe(401);
    expect((await fetch(d.url('/v1/telemetry'))).status).toBe(401);
    expect((await fetch(d.url('/v1/telemetry'), { headers: { authorization: `Bearer ${token}`, origin: 'https://evil.example' } })).status).toBe(403);
    expect((await pull(d, token, 'cursor=nope')).body.error).toMatch(/not a telemetry cursor/);

    // Agents at work: tool calls, and secret reads that raise alerts and then merge into them (updates).
    let n = 0;
    const work = async (count: number) => {
      for (let i = 0; i < count; i++, n++) {
        const sid = `pull-s${n % 4}`;
        const input = n % 7 === 0 ? { file_path: path.join(home, '.aws', 'credentials') } : { command: `echo ${n}` };
        const r = await postHook(d, { session_id: sid, transcript_path: '/t', cwd: home, hook_event_name: 'PreToolUse', tool_name: n % 7 === 0 ? 'Read' : 'Bash', tool_input: input, tool_use_id: `tu${n}` });
        expect(r.status).toBe(200);
      }
    };

    const events = new Map<string, number>();
    const alertVersions = new Set<string>();
    const alerts = new Map<string, Alert>();
    const take = (page: Reply) => {
      for (const r of page.records) {
        if (r.type === 'event') events.set(r.event.id, (events.get(r.event.id) ?? 0) + 1);
        else {
          const v = `${r.alert.id}|${r.alert.count}|${r.alert.lastTs}|${r.acked}`;
          expect(alertVersions.has(v), `alert version ${v} twice`).toBe(false);
          alertVersions.add(v);
          alerts.set(r.alert.id, r.alert);
        }
      }
    };
    let rnd = 42;
    const random = (k: number) => { rnd = (rnd * 1103515245 + 12345) % 2 ** 31; return 1 + (rnd % k); };

    let cursor: string | undefined;
    let restarted = false;
    for (let round = 0; round < 40; round++) {
      if (round < 30) await work(random(12));
      if (round === 15) {
        // Killed mid-way (nothing flushed on purpose), then started again on the same state dir.
        d.child.kill('SIGKILL');
        await new Promise((r) => d.child.once('exit', r));
        d = await startDaemon({ home, config });
        restarted = true;
      }
      const q = `limit=${random(25)}&format=native${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await pull(d, token, q);
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      // A retry of the same cursor (the collector lost the reply): the same records (a page with room may
      // also hold what the OS collectors stored since).
      if (round % 3 === 0) {
        const again = await pull(d, token, q);
        expect(again.body.records.slice(0, page.body.records.length)).toEqual(page.body.records);
      }
      // Some replies "lost": the collector asks with the old cursor again, and stores only what it kept.
      if (round % 5 === 2) continue;
      take(page.body);
      expect(page.body.dropped).toEqual({ events: 0, alerts: 0 });
      cursor = page.body.next;
    }
    for (let guard = 0; guard < 1000; guard++) {
      const page = await pull(d, token, `limit=${random(50)}&format=native${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      take(page.body);
      cursor = page.body.next;
      if (!page.body.more) break;
    }
    expect(restarted).toBe(true);
    await d.stop();

    const db = new Database(path.join(d.stateDir, 'agentwatch.db'), { readonly: true });
    const storedEvents = (db.prepare('SELECT id FROM events').all() as { id: string }[]).map((r) => r.id);
    const storedAlerts = (db.prepare('SELECT body FROM alerts').all() as { body: string }[]).map((r) => JSON.parse(r.body) as Alert);
    db.close();
    expect(storedEvents.length).toBeGreaterThan(150);
    expect(storedAlerts.length).toBeGreaterThan(0);
    expect(storedAlerts.some((a) => a.count > 1)).toBe(true); // some alerts were updated while being pulled
    expect([...events.keys()].sort()).toEqual([...storedEvents].sort());
    expect([...events.values()].every((c) => c === 1)).toBe(true);
    expect([...alerts.values()].map((a) => `${a.id}|${a.count}`).sort()).toEqual(storedAlerts.map((a) => `${a.id}|${a.count}`).sort());
    // With the daemon stopped, `agentwatch export` reads the same records from the database.
    const exported = cli(d, ['export', '--format', 'ndjson']);
    expect(exported.code, exported.stderr).toBe(0);
    const recs = exported.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Native);
    expect(recs.filter((r) => r.type === 'event').map((r) => (r as { event: Event }).event.id).sort()).toEqual([...storedEvents].sort());
    expect(recs.filter((r) => r.type === 'alert')).toHaveLength(storedAlerts.length);
  });
});

describe('the telemetry listener for other machines', () => {
  const port = 18_400 + (process.pid % 500);

  it('refuses a non-loopback bind without TLS in one line, and the daemon runs on', async () => {
    const d = await startDaemon({ config: { telemetry: { enabled: true, listen: { bind: '0.0.0.0', port } } } });
    homes.push(d.home);
    try {
      const health = (await (await fetch(d.url('/v1/health'))).json()) as { components: Record<string, { status: string; reason?: string }> };
      expect(health.components['telemetry-listener']).toEqual({ status: 'failed', reason: 'telemetry.listen.bind 0.0.0.0 is not loopback: set telemetry.listen.tlsCert and tlsKey (PEM files), or bind 127.0.0.1' });
      await expect(fetch(`http://127.0.0.1:${port}/v1/telemetry`)).rejects.toThrow();
      expect((await fetch(d.url('/v1/health'))).status).toBe(200);
    } finally { await d.stop(); }
  });

  it('serves /v1/telemetry (only) over TLS with the fleet token when a certificate is configured', async () => {
    const home = makeHome('aw-tls-');
    homes.push(home);
    const cert = path.join(home, 'cert.pem');
    const key = path.join(home, 'key.pem');
    const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
    expect(ssl.status, ssl.stderr).toBe(0);
    const d = await startDaemon({ home, config: { telemetry: { enabled: true, listen: { bind: '0.0.0.0', port, tlsCert: cert, tlsKey: key } } } });
    try {
      const token = fs.readFileSync(path.join(d.stateDir, 'fleet-token'), 'utf8').trim();
      const get = (p: string, auth?: string) => new Promise<{ status: number; body: string }>((resolve, reject) => {
        https.get({ host: '127.0.0.1', port, path: p, ca: fs.readFileSync(cert), headers: auth ? { authorization: `Bearer ${auth}` } : {} }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        }).on('error', reject);
      });
      const ok = await get('/v1/telemetry?limit=5', token);
      expect(ok.status).toBe(200);
      expect(JSON.parse(ok.body)).toMatchObject({ next: expect.stringMatching(/^aw1_/) });
      expect((await get('/v1/telemetry', d.token)).status).toBe(401);
      expect((await get('/v1/health', token)).status).toBe(404);
    } finally { await d.stop(); }
  });
});
