// The poll tier on real processes and sockets: node→bash→sleep seen with its ppid chain, and a
// connection from a grandchild to a listener in a network namespace seen as net.connect with its pid.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import pino from 'pino';
import type { Event } from '../../core/event.js';
import type { CollectorContext } from '../../collectors/collector.js';
import { PollConfigSchema } from '../../collectors/poll/config.js';
import { createNetworkPollCollector } from '../../collectors/poll/network-poll-collector.js';
import { createProcessPollCollector } from '../../collectors/poll/process-poll-collector.js';
import { netnsSkipReason, startNamespaceSink, type NamespaceSink } from '../helpers/netns.js';
import { waitFor } from '../helpers/wait-for.js';

const linux = process.platform === 'linux';
const netnsReason = linux ? netnsSkipReason() : 'the poll tier reads /proc: Linux only';

function makeCtx() {
  const hookListeners: ((e: Event) => void)[] = [];
  let n = 0;
  const ctx: CollectorContext = {
    log: pino({ level: 'silent' }), home: '/nonexistent', selfPid: -1, selfPaths: [],
    onHookActivity: (l) => { hookListeners.push(l); }, onWorkspace: () => {},
    newId: () => `pt-${++n}`, now: () => new Date().toISOString(),
  };
  return { ctx, hookActivity: () => hookListeners.forEach((l) => l({} as Event)) };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => { for (const s of stops.splice(0)) await s(); });

describe.skipIf(!linux)('process poll (/proc)', () => {
  it('sees node → bash → sleep with the right ppid chain, pid:starttime keys, and their exits', async () => {
    const { ctx, hookActivity } = makeCtx();
    const events: Event[] = [];
    const c = createProcessPollCollector(PollConfigSchema.parse({ process: { intervalMs: 50 } }));
    await c.start({ emit: (e) => events.push(e) }, ctx);
    stops.push(() => c.stop());

    // "; true" keeps bash from exec'ing sleep in place, so there really are three processes.
    const node = spawn(process.execPath, ['-e', `require('child_process').spawn('bash', ['-c', 'sleep 1.2; true'], { stdio: 'inherit' }).on('exit', () => process.exit(0))`], { stdio: 'inherit' });
    hookActivity(); // the daemon calls this after each hook tool call
    const sleep = await waitFor(() => events.find((e) => e.kind === 'exec' && e.argv?.[0] === 'sleep' && e.argv[1] === '1.2'), 5000, 'sleep exec');
    const bash = events.find((e) => e.kind === 'exec' && e.pid === sleep.ppid);
    expect(bash?.argv).toEqual(['bash', '-c', 'sleep 1.2; true']);
    expect(bash?.ppid).toBe(node.pid);
    const nodeExec = events.find((e) => e.kind === 'exec' && e.pid === node.pid);
    expect(nodeExec).toMatchObject({ source: 'process', ppid: process.pid, exe: process.execPath, uid: process.getuid?.() });
    expect(sleep).toMatchObject({ source: 'process', exe: expect.stringMatching(/sleep$/), cwd: process.cwd(), command: 'sleep 1.2' });
    expect(sleep.procKey).toMatch(new RegExp(`^${sleep.pid}:\\d+$`));
    expect(sleep.detail?.startedAt).toEqual(expect.any(String));

    await waitFor(() => events.find((e) => e.kind === 'exit' && e.procKey === sleep.procKey), 5000, 'sleep exit');
    await waitFor(() => events.find((e) => e.kind === 'exit' && e.pid === node.pid), 5000, 'node exit');
    // Each process is reported once, however many scans saw it.
    expect(events.filter((e) => e.kind === 'exec' && e.procKey === sleep.procKey && !e.detail?.reexec)).toHaveLength(1);
    expect(c.health()).toMatchObject({ ok: true, tier: 'poll (/proc every 50 ms)' });
  });
});

describe.skipIf(!linux)('process poll: exec in place', () => {
  it('sees a process older than quick scans trust become another program in place (every tenth scan reads every process)', async () => {
    const { ctx } = makeCtx();
    const events: Event[] = [];
    const c = createProcessPollCollector(PollConfigSchema.parse({ process: { intervalMs: 100 } }));
    await c.start({ emit: (e) => events.push(e) }, ctx);
    stops.push(() => c.stop());
    // `read -t` is a builtin: bash waits past the 2 s without a fork, then execs sleep in its own pid.
    const bash = spawn('bash', ['-c', 'read -t 2.5; exec sleep 1.5'], { stdio: ['pipe', 'inherit', 'inherit'] });
    stops.push(async () => { bash.kill(); });
    await waitFor(() => events.find((e) => e.kind === 'exec' && e.pid === bash.pid && e.argv?.[0] === 'bash'), 3000, 'bash exec');
    const became = await waitFor(() => events.find((e) => e.kind === 'exec' && e.pid === bash.pid && e.argv?.[0] === 'sleep'), 6000, 'the exec in place');
    expect(became.argv).toEqual(['sleep', '1.5']);
  });
});

describe.skipIf(!linux)('process poll after hook activity', () => {
  it('catches a process started just after a hook, though the timer alone would not run for 10 s', async () => {
    const { ctx, hookActivity } = makeCtx();
    const events: Event[] = [];
    const c = createProcessPollCollector(PollConfigSchema.parse({ process: { intervalMs: 10_000, burstMs: 600, burstIntervalMs: 20 } }));
    await c.start({ emit: (e) => events.push(e) }, ctx);
    stops.push(() => c.stop());
    const pids: number[] = [];
    for (let i = 0; i < 3; i++) {
      hookActivity(); // PreToolUse: the tool's process starts a moment later
      await new Promise((r) => setTimeout(r, 15));
      const child = spawn('sleep', ['0.15'], { stdio: 'ignore' });
      pids.push(child.pid!);
      await new Promise((r) => child.once('exit', r));
    }
    for (const pid of pids) expect(events.some((e) => e.kind === 'exec' && e.pid === pid && e.argv?.[0] === 'sleep'), `pid ${pid}`).toBe(true);
  });
});

describe.skipIf(!linux)('process poll pace follows agent presence', () => {
  it('scans seldom while no agent is at work, and at the fast interval as soon as one is', async () => {
    const { ctx } = makeCtx();
    const presence: ((active: boolean) => void)[] = [];
    const events: Event[] = [];
    const c = createProcessPollCollector(PollConfigSchema.parse({ process: { intervalMs: 50, idleIntervalMs: 10_000, burstMs: 0 } }));
    await c.start({ emit: (e) => events.push(e) }, { ...ctx, onAgentPresence: (l) => { presence.push(l); } });
    stops.push(() => c.stop());
    const runSleep = async () => {
      const child = spawn('sleep', ['0.4'], { stdio: 'ignore' });
      await new Promise((r) => child.once('exit', r));
      await new Promise((r) => setTimeout(r, 150));
      return events.some((e) => e.kind === 'exec' && e.pid === child.pid);
    };
    expect(c.health().tier).toBe('poll (/proc every 50 ms; 10000 ms while no agent is at work)');
    expect(await runSleep()).toBe(false); // idle: the next scan is 10 s away
    presence.forEach((l) => l(true));
    expect(c.health().tier).toBe('poll (/proc every 50 ms)');
    expect(await runSleep()).toBe(true);
  });
});

describe.skipIf(!linux)('network poll on loopback', () => {
  it('reports a loopback connection, but not one to a port the daemon (selfPid) listens on', async () => {
    const { ctx } = makeCtx();
    const own = createServer((s) => s.on('error', () => {})).listen(0, '127.0.0.1');
    await new Promise((r) => own.once('listening', r));
    const ownPort = (own.address() as AddressInfo).port;
    const other = spawn(process.execPath, ['-e', `require('net').createServer(() => {}).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`], { stdio: ['ignore', 'pipe', 'inherit'] });
    const otherPort = Number(await new Promise<string>((r) => other.stdout!.once('data', (d: Buffer) => r(d.toString()))));
    stops.push(async () => { own.close(); other.kill(); });
    const events: Event[] = [];
    const c = createNetworkPollCollector(PollConfigSchema.parse({ network: { intervalMs: 30 } }));
    await c.start({ emit: (e) => events.push(e) }, { ...ctx, selfPid: process.pid });
    stops.push(() => c.stop());
    const hold = (port: number) => spawn(process.execPath, ['-e', `const s = require('net').connect(${port}, '127.0.0.1', () => setTimeout(() => s.destroy(), 600))`], { stdio: 'inherit' });
    const a = hold(ownPort);
    const b = hold(otherPort);
    await waitFor(() => events.find((e) => e.remote?.port === otherPort), 5000, 'connection to the other listener');
    await Promise.all([a, b].map((p) => new Promise((r) => p.once('exit', r))));
    expect(events.find((e) => e.remote?.port === otherPort)).toMatchObject({ pid: b.pid, remote: { addr: '127.0.0.1' } });
    expect(events.filter((e) => e.remote?.port === ownPort)).toEqual([]);
  });
});

describe('network poll (/proc/net)', () => {
  let ns: NamespaceSink | undefined;
  const port = 18_080;
  beforeAll(async () => { if (!netnsReason) ns = await startNamespaceSink(`pt${process.pid % 100000}`, [213, 220], port); });
  afterAll(async () => { await ns?.stop(); });

  it.skipIf(!!netnsReason)(`sees a grandchild's connection to a namespace host as net.connect with pid and destination${netnsReason ? ` (skipped: ${netnsReason})` : ''}`, async () => {
    const { ctx } = makeCtx();
    const events: Event[] = [];
    const c = createNetworkPollCollector(PollConfigSchema.parse({ network: { intervalMs: 50 } }));
    await c.start({ emit: (e) => events.push(e) }, ctx);
    stops.push(() => c.stop());

    const dst = ns!.host.nsAddr;
    const js = `const s = require('net').connect(${port}, '${dst}', () => setTimeout(() => s.end(), 1500)); s.on('close', () => process.exit(0))`;
    const bash = spawn('bash', ['-c', `${process.execPath} -e "${js}"; true`], { stdio: 'inherit' });
    const conn = await waitFor(() => events.find((e) => e.kind === 'net.connect' && e.remote?.addr === dst), 5000, 'net.connect');
    expect(conn).toMatchObject({ source: 'network', remote: { addr: dst, port }, exe: process.execPath, ppid: bash.pid, uid: process.getuid?.() });
    expect(conn.pid).toEqual(expect.any(Number));
    expect(conn.pid).not.toBe(bash.pid);
    expect(conn.procKey).toMatch(new RegExp(`^${conn.pid}:\\d+$`));
    expect(conn.detail).toMatchObject({ tier: 'poll', proto: 'tcp', state: expect.stringMatching(/^(ESTABLISHED|SYN_SENT)$/) });
    await new Promise<void>((r) => bash.once('exit', () => r()));
    expect(events.filter((e) => e.remote?.addr === dst)).toHaveLength(1);
    expect(c.health().detail).toMatch(/refused attempts .* invisible to polling/);
  });
});
