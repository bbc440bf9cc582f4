// Attribution end to end: the real daemon (kernel tier as root with bpftrace, else the poll tier), an
// agent-like process stamped like Claude Code's children, and its grandchild reading a planted secret and
// connecting to a listener on a non-loopback address in a network namespace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { cli, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { createTestHost, netnsSkipReason, startSink, type Sink, type TestHost } from '../helpers/netns.js';
import type { Event } from '../../daemon/event.js';

const reason = netnsSkipReason();
const PORT = 18_190;

// The grandchild: reads the secret, connects, keeps the socket open long enough for a poller to see it.
const GRANDCHILD = `
const fs = require('node:fs'); const net = require('node:net');
fs.readFileSync(process.argv[2]);
const s = net.connect(Number(process.argv[4]), process.argv[3], () => { console.log('pid ' + process.pid); setTimeout(() => { s.destroy(); }, 1500); });
s.on('error', (e) => { console.error(e.message); process.exit(1); });`;

interface Health { tier: { active: string; why?: string }; collectors: Record<string, { ok: boolean; tier?: string }> }

async function waitForEvents(d: TestDaemon, sid: string, done: (evs: Event[]) => boolean, ms = 15_000): Promise<Event[]> {
  const until = Date.now() + ms;
  let evs: Event[] = [];
  while (Date.now() < until) {
    const r = cli(d, ['events', '--json', '--session', sid]);
    evs = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
    if (done(evs)) return evs;
    await new Promise((r2) => setTimeout(r2, 300));
  }
  return evs;
}

describe.skipIf(!!reason)(`attribution of an agent's process tree${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let host: TestHost | undefined;
  let sink: Sink | undefined;
  let d: TestDaemon | undefined;
  beforeAll(async () => {
    for (let subnet = 191; !host; subnet++) {
      try { host = await createTestHost(`at${process.pid % 100000}`, subnet); } catch (err) {
        if (subnet >= 198 || !/already in use/.test(String(err))) throw err;
      }
    }
    sink = await startSink(host, PORT);
    d = await startDaemon({ kernel: true });
  });
  afterAll(async () => {
    await d?.stop();
    await sink?.stop();
    await host?.destroy();
    if (d) rmHome(d.home);
  });

  it('ties the exec and the connect of a grandchild to the session in CLAUDE_CODE_SESSION_ID', async () => {
    const daemon = d!;
    const health = (await (await fetch(daemon.url('/v1/health'))).json()) as Health;
    expect(['kernel', 'poll']).toContain(health.tier.active);
    const status = cli(daemon, ['status']);
    expect(status.stdout).toMatch(new RegExp(`process tier: ${health.tier.active}`));

    const creds = path.join(daemon.home, '.aws', 'credentials');
    fs.mkdirSync(path.dirname(creds), { recursive: true });
    fs.writeFileSync(creds, '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n');
    const sid = crypto.randomUUID();
    const script = path.join(daemon.home, 'grandchild.cjs');
    fs.writeFileSync(script, GRANDCHILD);
    // agent (node) → shell → grandchild (node), every process stamped like Claude Code's tool processes.
    const agent = `const { spawnSync } = require('node:child_process');
      const r = spawnSync('/bin/sh', ['-c', 'sleep 0.3; exec "$0" "$@"', process.execPath, ${JSON.stringify(script)}, ${JSON.stringify(creds)}, ${JSON.stringify(host!.nsAddr)}, '${PORT}'], { stdio: 'inherit' });
      process.exit(r.status ?? 1);`;
    const child = spawn(process.execPath, ['-e', agent], {
      cwd: daemon.home, env: cleanEnv({ HOME: daemon.home, CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: sid }), stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { out += c; });
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code, out).toBe(0);
    const gpid = Number(/pid (\d+)/.exec(out)?.[1]);
    expect(sink!.received()).toBeDefined();

    const kernel = health.tier.active === 'kernel';
    const evs = await waitForEvents(daemon, sid, (e) => e.some((x) => x.kind === 'net.connect') && e.some((x) => x.kind === 'exec')
      && (!kernel || e.some((x) => x.kind === 'file.read')));
    const strong = (e: Event) => e.attribution === 'exact' || e.attribution === 'ancestry';
    const conn = evs.find((e) => e.kind === 'net.connect' && e.remote?.addr === host!.nsAddr);
    expect(conn, JSON.stringify(evs.map((e) => [e.kind, e.attribution, e.pid]))).toMatchObject({ sessionId: sid, agent: { kind: 'claude-code' }, pid: gpid, remote: { port: PORT } });
    expect(strong(conn!)).toBe(true);
    const execs = evs.filter((e) => e.kind === 'exec');
    expect(execs.length).toBeGreaterThan(0);
    expect(execs.every(strong)).toBe(true);
    if (kernel) {
      // Only the kernel tier sees reads; the poll tier cannot.
      expect(execs.some((e) => e.pid === gpid)).toBe(true);
      expect(evs.find((e) => e.kind === 'file.read' && e.path === creds)).toMatchObject({ sessionId: sid, pid: gpid });
    }
    // No hook at all arrived for this session: the bypass alert names it.
    const alerts = cli(daemon, ['alerts', '--json', '--session', sid]).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { rule: string; reason: string });
    expect(alerts.find((a) => a.rule === 'hook-bypass')?.reason).toContain(sid);
  });
});

describe('process tier fallback', () => {
  it('runs the poll tier when the kernel tier is off, and status says which tier and why', async () => {
    const d = await startDaemon({ config: { collectors: { kernel: { enabled: false } } } });
    try {
      const health = (await (await fetch(d.url('/v1/health'))).json()) as Health;
      expect(health.tier).toEqual({ active: 'poll', why: 'kernel: disabled in config' });
      expect(health.collectors['process-poll']).toMatchObject({ ok: true, detail: expect.stringContaining('kernel: disabled in config') });
      const out = cli(d, ['status']).stdout;
      expect(out).toContain('process tier: poll (kernel: disabled in config)');
      expect(out).toMatch(/process-poll: ok — poll/);
      expect(JSON.parse(cli(d, ['status', '--json']).stdout)).toMatchObject({ tier: { active: 'poll' } });
    } finally {
      await d.stop();
      rmHome(d.home);
    }
  });
});
