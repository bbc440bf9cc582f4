// The kernel tier on real processes, files and sockets (root + bpftrace): an agent-like tree
// node → bash → 100 short-lived children all captured with their ppid chain, a secret read by
// python, a new file written, and a grandchild's connects (accepted and refused) to a host in a
// network namespace. One bpftrace for the whole file: attaching costs ~0.5 s and ~100 MB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { Event } from '../../core/event.js';
import type { CollectorContext } from '../../collectors/collector.js';
import { KernelConfigSchema } from '../../collectors/kernel/config.js';
import { createKernelCollector, kernelTierUnavailable, type KernelCollector } from '../../collectors/kernel/kernel-collector.js';
import { netnsSkipReason, startNamespaceSink, type NamespaceSink } from '../helpers/netns.js';
import { waitFor } from '../helpers/wait-for.js';

const reason = kernelTierUnavailable(KernelConfigSchema.parse({}));
const netReason = reason ?? netnsSkipReason();
const skipNote = (r: string | undefined) => (r ? ` (skipped: ${r})` : '');
const PY = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

function run(cmd: string, args: string[]): Promise<{ pid: number; stdout: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ pid: child.pid!, stdout, code }));
  });
}

it('start() rejects with one line when bpftrace is missing (the daemon then falls back to polling)', async () => {
  const c = createKernelCollector({ bpftracePath: '/nonexistent/bpftrace' });
  const ctx = { log: pino({ level: 'silent' }), home: tmpdir(), selfPid: process.pid, selfPaths: [], onHookActivity: () => {}, onWorkspace: () => {}, newId: () => 'x', now: () => '' };
  const err = await c.start({ emit: () => {} }, ctx).then(() => undefined, (e: Error) => e);
  expect(err?.message).toMatch(/^(kernel tier needs|bpftrace not found)/);
  expect(err?.message).not.toContain('\n');
  expect(c.health()).toMatchObject({ ok: false, lastError: err?.message });
  await c.stop();
});

describe('kernel tier (bpftrace)', () => {
  const events: Event[] = [];
  let collector: KernelCollector | undefined;
  let home = '';

  beforeAll(async () => {
    if (reason) return;
    home = mkdtempSync(join(tmpdir(), 'aw-kernel-home-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws', 'credentials'), '[default]\naws_secret_access_key = test\n');
    let n = 0;
    const ctx: CollectorContext = {
      log: pino({ level: 'silent' }), home, selfPid: process.pid, selfPaths: [],
      onHookActivity: () => {}, onWorkspace: () => {}, newId: () => `k-${++n}`, now: () => new Date().toISOString(),
    };
    collector = createKernelCollector({});
    const t0 = Date.now();
    await collector.start({ emit: (e) => events.push(e) }, ctx);
    console.log(`kernel tier attached in ${Date.now() - t0} ms`);
  });
  afterAll(async () => {
    await collector?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it.skipIf(!!reason)(`captures all 100 short-lived children of node → bash with the ppid chain${skipNote(reason)}`, async () => {
    // Each child is a real `sleep` of 1–9 ms; `; true` stops bash from exec'ing the last one in place.
    const script = 'for i in $(seq 1 100); do /bin/sleep 0.00$(( i % 9 + 1 )); done; true';
    const js = `require('child_process').spawnSync('/bin/bash', ['-c', ${JSON.stringify(script)}], { stdio: 'inherit' })`;
    const node = await run(process.execPath, ['-e', js]);
    expect(node.code).toBe(0);
    const bash = await waitFor(() => events.find((e) => e.kind === 'exec' && e.ppid === node.pid && e.exe === '/bin/bash'), 5000, 'bash exec');
    expect(events.find((e) => e.kind === 'exec' && e.pid === node.pid)).toMatchObject({ ppid: process.pid, exe: process.execPath });
    const kids = () => events.filter((e) => e.kind === 'exec' && e.ppid === bash.pid && e.exe === '/bin/sleep');
    await waitFor(() => (kids().length >= 100 ? true : undefined), 5000, 'all 100 sleeps').catch(() => undefined);
    expect(kids()).toHaveLength(100);
    expect(kids()[0]).toMatchObject({ source: 'process', argv: ['/bin/sleep', expect.stringMatching(/^0\.00\d$/)], uid: 0 });
    // An exit waits for every CPU to be past it (reorder.ts): up to a heartbeat after the last exec.
    const exits = () => events.filter((e) => e.kind === 'exit' && kids().some((k) => k.procKey === e.procKey));
    await waitFor(() => (exits().length >= 100 ? true : undefined), 5000, 'all 100 exits').catch(() => undefined);
    expect(exits()).toHaveLength(100);
    expect(exits()[0]?.detail).toEqual({ exitCode: 0 });
  });

  it.skipIf(!!reason)(`emits every program after the shell that started it, with its whole command line, both CPUs busy${skipNote(reason)}`, async () => {
    // bpftrace prints one CPU's ring after the other; exec moves a process to another CPU. When the reader
    // is busy a while (the daemon committing a burst) the pipe fills, bpftrace waits, and the rings are then
    // printed a whole one at a time: ~1 line in 3 out of order here, a subshell's cat before its bash, an
    // exec before its argv. So these 200 `bash -c '(cat f; true); true'` run while this process (the
    // collector's reader) is blocked; cat's parent is a subshell that never execs.
    const file = join(home, 'plain.txt');
    writeFileSync(file, 'x\n');
    const spinners = [0, 1].map(() => spawn(process.execPath, ['-e', 'const end = Date.now() + 30_000; while (Date.now() < end);'], { stdio: 'ignore' }));
    const from = events.length;
    try {
      for (let i = 0; i < 200; i++) spawnSync('/bin/bash', ['-c', '(/bin/cat "$1" > /dev/null; true); true', 'bash', file]);
    } finally {
      for (const s of spinners) s.kill();
    }
    const mine = () => events.slice(from);
    const cats = () => mine().filter((e) => e.kind === 'exec' && e.exe === '/bin/cat');
    await waitFor(() => (cats().length >= 200 ? true : undefined), 10_000, 'all 200 cats').catch(() => undefined);
    const at = new Map(mine().filter((e) => e.kind === 'exec' && e.exe === '/bin/bash').map((e, i) => [e.pid, { i: mine().indexOf(e), argv: e.argv }] as const));
    const late = cats().filter((c) => !((at.get(c.grandparentPid!)?.i ?? Infinity) < mine().indexOf(c)));
    const cut = cats().filter((c) => JSON.stringify(c.argv) !== JSON.stringify(['/bin/cat', file]));
    expect(cats()).toHaveLength(200);
    expect(late.map((c) => c.pid), 'cat execs emitted before (or without) their bash').toEqual([]);
    expect(cut.map((c) => c.argv), 'cat execs without their command line').toEqual([]);
    expect([...at.values()].filter((b) => b.argv?.[1] !== '-c').length, 'bash execs without their command line').toBe(0);
  });

  it.skipIf(!!reason)(`procKey is pid:starttime as /proc/<pid>/stat says, and cwd is filled${skipNote(reason)}`, async () => {
    const child = spawn('/bin/sleep', ['3'], { cwd: home, stdio: 'ignore' });
    const ev = await waitFor(() => events.find((e) => e.kind === 'exec' && e.pid === child.pid), 5000, 'sleep exec');
    const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
    const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    child.kill();
    expect(ev.procKey).toBe(`${child.pid}:${start}`);
    expect(ev.cwd).toBe(home);
  });

  it.skipIf(!!reason)(`sees python reading a credential file as file.read with its pid${skipNote(reason)}`, async () => {
    const secret = join(home, '.aws', 'credentials');
    const py = await run(PY, ['-c', `open(${JSON.stringify(secret)}).read()`]);
    expect(py.code).toBe(0);
    const ev = await waitFor(() => events.find((e) => e.kind === 'file.read' && e.path === secret && e.pid === py.pid), 5000, 'file.read');
    expect(ev).toMatchObject({ source: 'file', uid: 0, procKey: expect.stringMatching(new RegExp(`^${py.pid}:\\d+$`)) });
    // A relative read of a sensitive name (.env in the cwd) is resolved against the process cwd.
    writeFileSync(join(home, '.env'), 'TOKEN=x\n');
    // cwd comes from /proc when the line arrives (best effort), so this reader stays alive a moment.
    const rel = spawn(PY, ['-c', 'open(".env").read(); import time; time.sleep(0.5)'], { cwd: home, stdio: 'ignore' });
    const relEv = await waitFor(() => events.find((e) => e.kind === 'file.read' && e.pid === rel.pid), 5000, 'relative read');
    expect(relEv).toMatchObject({ path: join(home, '.env'), cwd: home, detail: { relative: '.env' } });
  });

  it.skipIf(!!reason)(`sees a new file written, renamed and deleted${skipNote(reason)}`, async () => {
    const file = join(home, 'new-file.txt');
    const py = await run(PY, ['-c', `import os; open(${JSON.stringify(file)}, "w").write("x"); os.rename(${JSON.stringify(file)}, ${JSON.stringify(file + '.2')}); os.unlink(${JSON.stringify(file + '.2')})`]);
    expect(py.code).toBe(0);
    const w = await waitFor(() => events.find((e) => e.kind === 'file.write' && e.path === file && e.pid === py.pid), 5000, 'file.write');
    expect(w).toMatchObject({ source: 'file', detail: { create: true, truncate: true } });
    expect(await waitFor(() => events.find((e) => e.kind === 'file.rename' && e.pid === py.pid), 5000, 'rename')).toMatchObject({ path: `${file}.2`, detail: { from: file } });
    expect(await waitFor(() => events.find((e) => e.kind === 'file.delete' && e.pid === py.pid), 5000, 'unlink')).toMatchObject({ path: `${file}.2` });
  });

  it.skipIf(!!reason)(`places a one-liner's relative writes, deletes and exec in the directory it cd'd into, though it is elsewhere or gone when its record is read${skipNote(reason)}`, async () => {
    // The technique: a shell or script `cd`s somewhere sensitive and names files relative to it; by the time
    // the daemon reads the record the process has moved on or exited, and /proc no longer says where it was.
    // bash appends to .bashrc in the home, then cds away and becomes a sleep (same pid, alive, in /tmp).
    const sh = spawn('/bin/bash', ['-c', `cd ${JSON.stringify(home)} && echo x >> .bashrc && cd /tmp && exec /bin/sleep 0.5`], { stdio: 'ignore' });
    const w = await waitFor(() => events.find((e) => e.kind === 'file.write' && e.pid === sh.pid), 5000, 'relative write');
    expect(w).toMatchObject({ path: join(home, '.bashrc'), cwd: home, detail: { relative: '.bashrc', append: true } });
    // python, gone at once: writes and deletes inside ~/.aws by relative names, then execs a program in place there.
    const aws = join(home, '.aws');
    const py = await run(PY, ['-c', `import os; os.chdir(${JSON.stringify(aws)}); open("config", "a").write("x"); os.unlink("config"); os.execv("/bin/true", ["/bin/true"])`]);
    expect(py.code).toBe(0);
    const of = (kind: Event['kind']) => waitFor(() => events.find((e) => e.kind === kind && e.pid === py.pid && (kind !== 'exec' || e.exe === '/bin/true')), 5000, kind);
    expect(await of('file.write')).toMatchObject({ path: join(aws, 'config'), cwd: aws, detail: { relative: 'config' } });
    expect(await of('file.delete')).toMatchObject({ path: join(aws, 'config'), cwd: aws });
    expect(await of('exec')).toMatchObject({ cwd: aws });
  });

  it.skipIf(!!reason)(`sees secrets read by relative paths from a secret directory or the home, the reader gone at once${skipNote(reason)}`, async () => {
    // The technique: `cd ~/.aws && cat credentials`, `cd ~ && cat .aws/credentials`: no absolute path to match.
    const secret = join(home, '.aws', 'credentials');
    const inDir = await run('/bin/sh', ['-c', `cd ${JSON.stringify(join(home, '.aws'))} && exec /bin/cat credentials`]);
    const fromHome = await run('/bin/sh', ['-c', `cd ${JSON.stringify(home)} && exec /bin/cat .aws/credentials`]);
    const dotSlash = await run('/bin/sh', ['-c', `cd ${JSON.stringify(home)} && exec /bin/cat ./.aws/credentials`]);
    for (const r of [inDir, fromHome, dotSlash]) {
      expect(r.stdout).toContain('aws_secret_access_key');
      const ev = await waitFor(() => events.find((e) => e.kind === 'file.read' && e.pid === r.pid), 5000, 'relative secret read');
      expect(ev).toMatchObject({ path: secret, detail: { relative: expect.any(String) } });
    }
    // A relative read elsewhere stays unreported, as before: the filter is the secret directories, not every read.
    const other = await run('/bin/sh', ['-c', 'cd /etc && exec /bin/cat hostname']);
    await new Promise((r) => setTimeout(r, 500));
    expect(events.some((e) => e.kind === 'file.read' && e.pid === other.pid)).toBe(false);
  });

  it.skipIf(!!reason)(`sees a relative secret read in a secret directory made after it started${skipNote(reason)}`, async () => {
    // The technique: ~/.ssh (here: not there when the tier attached) is made later, as `ssh-keygen` or
    // `aws configure` make theirs, then read by a relative name from inside it, the reader gone at once.
    const ssh = join(home, '.ssh');
    mkdirSync(ssh, { mode: 0o700 });
    writeFileSync(join(ssh, 'id_ed25519'), '-----BEGIN OPENSSH PRIVATE KEY-----\nkey\n');
    const r = await run('/bin/sh', ['-c', `cd ${JSON.stringify(ssh)} && exec /bin/cat id_ed25519`]);
    expect(r.stdout).toContain('PRIVATE KEY');
    const ev = await waitFor(() => events.find((e) => e.kind === 'file.read' && e.pid === r.pid), 5000, 'relative read in a new secret dir');
    expect(ev).toMatchObject({ path: join(ssh, 'id_ed25519'), cwd: ssh, detail: { relative: 'id_ed25519' } });
    // A directory of the same name elsewhere is not one of them.
    const decoy = join(home, 'src', '.ssh');
    mkdirSync(decoy, { recursive: true });
    writeFileSync(join(decoy, 'notes'), 'x');
    const other = await run('/bin/sh', ['-c', `cd ${JSON.stringify(decoy)} && exec /bin/cat notes`]);
    await new Promise((res) => setTimeout(res, 500));
    expect(events.some((e) => e.kind === 'file.read' && e.pid === other.pid)).toBe(false);
  });

  describe('network', () => {
    let ns: NamespaceSink | undefined;
    const port = 18_090;
    beforeAll(async () => { if (!netReason) ns = await startNamespaceSink(`kt${process.pid % 100000}`, [181, 188], port); });
    afterAll(async () => { await ns?.stop(); });

    it.skipIf(!!netReason)(`sees a grandchild's accepted and refused connects to a namespace host${skipNote(netReason)}`, async () => {
      const dst = ns!.host.nsAddr;
      const pyCode = [
        'import os, socket',
        'print(os.getpid(), flush=True)',
        `s = socket.create_connection((${JSON.stringify(dst)}, ${port}), timeout=3); s.close()`,
        'try:',
        `    socket.create_connection((${JSON.stringify(dst)}, ${port + 1}), timeout=3)`,
        'except ConnectionRefusedError:',
        '    print("refused", flush=True)',
      ].join('\n');
      const js = `require('child_process').spawnSync('/bin/bash', ['-c', ${JSON.stringify(`${PY} -c '${pyCode}'; true`)}], { stdio: 'inherit' })`;
      const node = await run(process.execPath, ['-e', js]);
      const [pidLine, refusedLine] = node.stdout.trim().split('\n');
      expect(refusedLine).toBe('refused');
      const pyPid = Number(pidLine);
      const ok = await waitFor(() => events.find((e) => e.kind === 'net.connect' && e.remote?.port === port && e.pid === pyPid), 5000, 'connect');
      // python with a timeout connects non-blocking: the syscall says EINPROGRESS…
      expect(ok).toMatchObject({ source: 'network', remote: { addr: dst, port }, detail: { family: 'inet', result: 'in-progress' } });
      // …and the refusal arrives as a second net.connect from the TCP state change, still with python's pid.
      const bad = await waitFor(() => events.find((e) => e.kind === 'net.connect' && e.remote?.port === port + 1 && e.pid === pyPid && e.detail?.result === 'failed'), 5000, 'refused connect');
      expect(bad).toMatchObject({ remote: { addr: dst, port: port + 1 }, procKey: ok.procKey, detail: { async: true, errno: 111, error: 'ECONNREFUSED' } });
      expect(events.some((e) => e.kind === 'net.connect' && e.remote?.port === port && e.detail?.result === 'failed')).toBe(false);
      // The chain: python's parent is bash, whose parent is the node we started.
      const pyExec = events.find((e) => e.kind === 'exec' && e.pid === pyPid);
      const bashExec = events.find((e) => e.kind === 'exec' && e.pid === pyExec?.ppid);
      expect(bashExec).toMatchObject({ exe: '/bin/bash', ppid: node.pid });
    });

    it.skipIf(!!netReason)(`sees a blocking connect's refusal in the syscall result${skipNote(netReason)}`, async () => {
      const dst = ns!.host.nsAddr;
      const py = await run(PY, ['-c', `import socket\ntry: socket.socket().connect((${JSON.stringify(dst)}, ${port + 2}))\nexcept ConnectionRefusedError: print("refused")`]);
      expect(py.stdout.trim()).toBe('refused');
      const ev = await waitFor(() => events.find((e) => e.kind === 'net.connect' && e.pid === py.pid && e.detail?.async !== true), 5000, 'connect');
      expect(ev).toMatchObject({ remote: { addr: dst, port: port + 2 }, detail: { result: 'failed', errno: 111, error: 'ECONNREFUSED' } });
    });

    it.skipIf(!!netReason)(`sees a UDP send to port 53 as dns.query${skipNote(netReason)}`, async () => {
      const py = await run(PY, ['-c', `import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"\\x00\\x01", (${JSON.stringify(ns!.host.nsAddr)}, 53))`]);
      const ev = await waitFor(() => events.find((e) => e.kind === 'dns.query' && e.pid === py.pid), 5000, 'dns.query');
      expect(ev).toMatchObject({ source: 'network', remote: { addr: ns!.host.nsAddr, port: 53 }, detail: { bytes: 2 } });
    });
  });

  it.skipIf(!!reason)(`restarts bpftrace when it dies and keeps capturing${skipNote(reason)}`, async () => {
    const first = collector!.bpftracePid()!;
    process.kill(first, 'SIGKILL');
    await waitFor(() => (collector!.health().ok && collector!.bpftracePid() !== first ? true : undefined), 20_000, 'restart');
    expect(collector!.health()).toMatchObject({ lastError: expect.stringMatching(/bpftrace exited \(SIGKILL\)/), detail: expect.stringMatching(/1 restarts/) });
    const t = await run('/bin/true', ['after-restart']);
    await waitFor(() => events.find((e) => e.kind === 'exec' && e.pid === t.pid), 5000, 'exec after restart');
  });

  it.skipIf(!!reason)(`stop() kills bpftrace and health says so${skipNote(reason)}`, async () => {
    const pid = collector!.bpftracePid();
    expect(pid).toEqual(expect.any(Number));
    expect(collector!.health()).toMatchObject({ ok: true, tier: 'kernel (bpftrace)', dropped: 0 });
    await collector!.stop();
    expect(() => process.kill(pid!, 0)).toThrow();
    expect(collector!.health().ok).toBe(false);
    await collector!.stop(); // idempotent
  });
});
