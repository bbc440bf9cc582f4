// Attribution end to end, in both process tiers: the real daemon, an agent-like process stamped like
// Claude Code's children, and its grandchild reading a planted secret, trying a port nobody listens on
// (refused) and then connecting to a listener on a non-loopback address in a network namespace.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { cli, rmHome, startDaemon, waitForEvents, type TestDaemon } from '../helpers/daemon.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { netnsSkipReason, startNamespaceSink, type NamespaceSink } from '../helpers/netns.js';
import { KernelConfigSchema } from '../../collectors/kernel/config.js';
import { kernelTierUnavailable } from '../../collectors/kernel/kernel-collector.js';
import type { Event } from '../../core/event.js';

const reason = netnsSkipReason();
const PORT = 18_190;
const REFUSED_PORT = PORT + 1; // nothing listens here: the namespace answers with a RST

// The grandchild: reads the secret, is refused once, then connects and keeps the socket open long
// enough for a poller to see it. node connects non-blocking, so the refusal arrives after connect().
const GRANDCHILD = `
const fs = require('node:fs'); const net = require('node:net');
const [file, addr, port] = process.argv.slice(2);
fs.readFileSync(file);
const bad = net.connect(Number(port) + 1, addr);
bad.on('connect', () => { console.error('port ' + (Number(port) + 1) + ' accepted; expected a refusal'); process.exit(1); });
bad.on('error', (e) => {
  if (e.code !== 'ECONNREFUSED') { console.error(e.message); process.exit(1); }
  console.log('refused');
  const s = net.connect(Number(port), addr, () => { console.log('pid ' + process.pid); setTimeout(() => { s.destroy(); }, 1500); });
  s.on('error', (e2) => { console.error(e2.message); process.exit(1); });
});`;

interface Health { tier: { active: string; why?: string }; collectors: Record<string, { ok: boolean; tier?: string; detail?: string }> }

/** agent (node) → shell → grandchild (node), every process stamped like Claude Code's tool processes. */
async function runAgentTree(daemon: TestDaemon, sid: string, nsAddr: string): Promise<{ gpid: number; creds: string; out: string }> {
  const creds = path.join(daemon.home, '.aws', 'credentials');
  fs.mkdirSync(path.dirname(creds), { recursive: true });
  fs.writeFileSync(creds, '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n');
  const script = path.join(daemon.home, 'grandchild.cjs');
  fs.writeFileSync(script, GRANDCHILD);
  const agent = `const { spawnSync } = require('node:child_process');
    const r = spawnSync('/bin/sh', ['-c', 'sleep 0.3; exec "$0" "$@"', process.execPath, ${JSON.stringify(script)}, ${JSON.stringify(creds)}, ${JSON.stringify(nsAddr)}, '${PORT}'], { stdio: 'inherit' });
    process.exit(r.status ?? 1);`;
  const child = spawn(process.execPath, ['-e', agent], {
    cwd: daemon.home, env: cleanEnv({ HOME: daemon.home, CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: sid }), stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c) => { out += c; });
  child.stderr.on('data', (c) => { out += c; });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  expect(code, out).toBe(0);
  expect(out).toContain('refused');
  return { gpid: Number(/pid (\d+)/.exec(out)?.[1]), creds, out };
}

const strong = (e: Event) => e.attribution === 'exact' || e.attribution === 'ancestry';
const summary = (evs: Event[]) => JSON.stringify(evs.map((e) => [e.kind, e.attribution, e.pid, e.remote?.port, e.detail?.result]));
const kernelReason = reason ?? kernelTierUnavailable(KernelConfigSchema.parse({}));

describe.skipIf(!!reason)(`attribution of an agent's process tree${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let ns: NamespaceSink | undefined;
  beforeAll(async () => { ns = await startNamespaceSink(`at${process.pid % 100000}`, [191, 198], PORT); });
  afterAll(async () => { await ns?.stop(); });

  describe.each([
    { tier: 'kernel', skip: kernelReason },
    { tier: 'poll', skip: reason },
  ])('$tier tier', ({ tier, skip }) => {
    let d: TestDaemon | undefined;
    beforeAll(async () => { if (!skip) d = await startDaemon({ kernel: tier === 'kernel' }); });
    afterAll(async () => {
      await d?.stop();
      if (d) rmHome(d.home);
    });

    it.skipIf(!!skip)(`ties the exec and the connects (accepted${tier === 'kernel' ? ' and refused' : ''}) of a grandchild to the session in CLAUDE_CODE_SESSION_ID${skip ? ` (skipped: ${skip})` : ''}`, async () => {
      const daemon = d!;
      const nsAddr = ns!.host.nsAddr;
      const health = (await (await fetch(daemon.url('/v1/health'))).json()) as Health;
      expect(health.tier.active).toBe(tier);
      const status = cli(daemon, ['status']);
      expect(status.stdout).toMatch(new RegExp(`process tier: ${tier}`));

      const sid = crypto.randomUUID();
      const { gpid, creds } = await runAgentTree(daemon, sid, nsAddr);

      const kernel = tier === 'kernel';
      const refused = (e: Event) => e.kind === 'net.connect' && e.remote?.addr === nsAddr && e.remote.port === REFUSED_PORT && e.detail?.result === 'failed';
      const evs = await waitForEvents(daemon, sid, (e) => e.some((x) => x.kind === 'net.connect' && x.remote?.port === PORT) && e.some((x) => x.kind === 'exec')
        && (!kernel || (e.some((x) => x.kind === 'file.read') && e.some(refused))));
      const conn = evs.find((e) => e.kind === 'net.connect' && e.remote?.addr === nsAddr && e.remote.port === PORT);
      expect(conn, summary(evs)).toMatchObject({ sessionId: sid, agent: { kind: 'claude-code' }, pid: gpid, remote: { addr: nsAddr, port: PORT } });
      expect(strong(conn!)).toBe(true);
      const execs = evs.filter((e) => e.kind === 'exec');
      expect(execs.length).toBeGreaterThan(0);
      expect(execs.every(strong)).toBe(true);
      if (kernel) {
        // Only the kernel tier sees reads and refused attempts.
        expect(execs.some((e) => e.pid === gpid)).toBe(true);
        expect(evs.find((e) => e.kind === 'file.read' && e.path === creds)).toMatchObject({ sessionId: sid, pid: gpid });
        const bad = evs.find(refused);
        expect(bad, summary(evs)).toMatchObject({
          sessionId: sid, agent: { kind: 'claude-code' }, pid: gpid, procKey: conn!.procKey,
          remote: { addr: nsAddr, port: REFUSED_PORT }, detail: { result: 'failed', error: 'ECONNREFUSED' },
        });
        expect(strong(bad!)).toBe(true);
      } else {
        // Polling cannot see a refused attempt (the RST comes before any poll), and says so.
        expect(evs.filter((e) => e.remote?.port === REFUSED_PORT), summary(evs)).toEqual([]);
        const net = health.collectors['network-poll'];
        expect(net).toMatchObject({ ok: true, detail: expect.stringMatching(/refused attempts .* invisible to polling/) });
        expect(status.stdout).toMatch(/network-poll: ok .*refused attempts .* invisible to polling/);
      }
      // No hook at all arrived for this session: the bypass alert names it.
      const alerts = cli(daemon, ['alerts', '--json', '--session', sid]).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { rule: string; reason: string });
      expect(alerts.find((a) => a.rule === 'hook-bypass')?.reason).toContain(sid);
    });
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
