// The process table and its reader on a directory laid out like /proc (real files, no mocks).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProcFs } from '../../../collectors/proc/procfs.js';
import { ProcessTable, type TableScan } from '../../../collectors/proc/process-table.js';
import { diffProcesses } from '../../../collectors/poll/process-diff.js';
import type { Event } from '../../../core/event.js';
import { ProcScanner } from '../../../collectors/agents/proc-scan.js';
import { buildInventory } from '../../../collectors/agents/inventory.js';
import { loadCatalog } from '../../../core/agents/catalog.js';

let root: string;

/** A /proc/<pid> entry: stat with comm, ppid and start ticks (field 22), cmdline, environ, exe, cwd, fds. */
function proc(pid: number, o: { comm: string; ppid: number; start: number; argv?: string[]; env?: Record<string, string>; exe?: string; cwd?: string; fds?: string[] }): void {
  const dir = path.join(root, String(pid));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'fd'), { recursive: true });
  const fields = Array.from({ length: 50 }, () => '0');
  fields[0] = 'S';
  fields[1] = String(o.ppid);
  fields[19] = String(o.start);
  fs.writeFileSync(path.join(dir, 'stat'), `${pid} (${o.comm}) ${fields.join(' ')}\n`);
  fs.writeFileSync(path.join(dir, 'cmdline'), (o.argv ?? [o.comm]).map((a) => `${a}\0`).join(''));
  fs.writeFileSync(path.join(dir, 'environ'), Object.entries(o.env ?? {}).map(([k, v]) => `${k}=${v}\0`).join(''));
  if (o.exe) fs.symlinkSync(o.exe, path.join(dir, 'exe'));
  if (o.cwd) fs.symlinkSync(o.cwd, path.join(dir, 'cwd'));
  (o.fds ?? []).forEach((t, i) => fs.symlinkSync(t, path.join(dir, 'fd', String(i + 3))));
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-proc-'));
  fs.writeFileSync(path.join(root, 'stat'), 'cpu 1 2 3\nbtime 1795428557\n');
  fs.mkdirSync(path.join(root, 'net'));
  proc(1, { comm: 'init', ppid: 0, start: 1 });
  proc(10, { comm: 'bash', ppid: 1, start: 100, argv: ['bash'], exe: '/usr/bin/bash', cwd: '/w', env: { HOME: '/home/dev' } });
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const table = () => new ProcessTable({ source: 'procfs', fs: new ProcFs(root) });

describe('the process table on /proc', () => {
  it('scans into records keyed by pid:starttime, tells every listener the previous and new snapshot, and reuses unchanged records', () => {
    const t = table();
    const scans: TableScan[] = [];
    t.onScan((s) => scans.push(s));
    t.scan();
    const bash = t.get('10:100')!;
    expect(bash).toMatchObject({ pid: 10, ppid: 1, comm: 'bash', argv: ['bash'], exe: '/usr/bin/bash', cwd: '/w', startTicks: 100, startedAt: new Date((1795428557 + 1) * 1000).toISOString() });
    proc(11, { comm: 'sleep', ppid: 10, start: 200 });
    t.scan();
    expect(scans).toHaveLength(2);
    expect([...scans[1]!.prev.keys()].sort()).toEqual(['10:100', '1:1']);
    expect([...scans[1]!.next.keys()].sort()).toEqual(['10:100', '11:200', '1:1']);
    expect(scans[1]!.next.get('10:100')).toBe(bash); // not read again
    proc(10, { comm: 'curl', ppid: 1, start: 100, argv: ['curl', 'x'] }); // exec in place: same key, new program
    fs.rmSync(path.join(root, '11'), { recursive: true });
    t.scan();
    expect(t.get('10:100')).toMatchObject({ comm: 'curl', argv: ['curl', 'x'] });
    expect(t.get('11:200')).toBeUndefined();
    expect(t.children(1).map((p) => p.pid)).toEqual([10]);
  });

  it('reads a process caught in its exec again at the next scan (its command line was not written yet)', () => {
    const t = table();
    t.scan();
    proc(13, { comm: 'sh', ppid: 10, start: 400, argv: [], exe: '/usr/bin/dash' });
    t.scan();
    t.get('13:400')!.midExec = true; // what the poll tier's diff marks
    proc(13, { comm: 'sh', ppid: 10, start: 400, argv: ['sh', '-c', 'make'], exe: '/usr/bin/dash' });
    t.scan();
    expect(t.get('13:400')).toMatchObject({ argv: ['sh', '-c', 'make'] });
  });

  it('marks a fork seen before its exec, and reads it again until it execs, also a program of the same comm', () => {
    const t = table();
    const agent = ['node', '/w/node_modules/@anthropic-ai/claude-code/cli.js'];
    proc(20, { comm: 'node', ppid: 10, start: 500, argv: agent, exe: '/usr/bin/node' });
    proc(21, { comm: 'node', ppid: 20, start: 510, argv: agent, exe: '/usr/bin/node' }); // forked, not exec'd
    const diffs: Event[][] = [];
    t.onScan(({ prev, next, now }) => diffs.push(diffProcesses(prev, next, now)));
    t.scan();
    expect(t.get('20:500')!.preExec).toBeUndefined();
    expect(t.get('21:510')!.preExec).toBe(true);
    t.scan({ settledMs: 0 }); // a settled scan too reads it again: it is not settled
    expect(t.get('21:510')!.preExec).toBe(true);
    expect(t.byPid(21)).toBe(t.get('21:510'));
    // It execs node again, as the agent's stdio MCP server: same comm, another command line.
    const server = ['/usr/bin/node', '/home/dev/mcp-files.cjs'];
    proc(21, { comm: 'node', ppid: 20, start: 510, argv: server, exe: '/usr/bin/node' });
    expect(t.byPid(21)).toMatchObject({ argv: server });
    expect(t.byPid(21)!.preExec).toBeUndefined();
    t.scan({ settledMs: 0 });
    expect(t.get('21:510')).toMatchObject({ argv: server });
    expect(t.get('21:510')!.preExec).toBeUndefined();
    // The poll tier reports the agent once, then the server's program once, as a first exec.
    expect(diffs.flat().filter((e) => e.kind === 'exec' && (e.pid ?? 0) >= 20).map((e) => [e.pid, e.command, e.detail?.reexec])).toEqual([
      [20, agent.join(' '), undefined], [21, server.join(' '), undefined],
    ]);
    t.scan({ settledMs: 0 });
    expect(diffs.at(-1)).toEqual([]);
  });

  it('the agent view: a fork of the agent before its exec is no second agent; once it execs it is new again', async () => {
    const t = table();
    const scanner = new ProcScanner(t, true);
    const agent = ['node', '/w/node_modules/@anthropic-ai/claude-code/cli.js'];
    const stamp = { CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: 'de472d5e-5a00-4b6c-bb00-238b4d16ab61' };
    proc(20, { comm: 'node', ppid: 10, start: 500, argv: agent, exe: '/usr/bin/node' });
    // Its environment read after the exec is the server's, stamped with the agent's session.
    proc(21, { comm: 'node', ppid: 20, start: 510, argv: agent, exe: '/usr/bin/node', env: stamp });
    const first = await scanner.scan();
    expect(buildInventory(first.procs, loadCatalog()).map((r) => [r.pid, r.agent])).toEqual([[20, 'claude-code']]);
    proc(21, { comm: 'node', ppid: 20, start: 510, argv: ['/usr/bin/node', '/home/dev/mcp-files.cjs'], exe: '/usr/bin/node', env: stamp });
    const second = await scanner.scan();
    expect(second.started.map((v) => [v.pid, v.argv])).toEqual([[21, ['/usr/bin/node', '/home/dev/mcp-files.cjs']]]);
    expect(buildInventory(second.procs, loadCatalog()).map((r) => [r.pid, r.agent, r.children])).toEqual([[20, 'claude-code', 1]]);
  });

  it('looks a pid up live: a reused pid is another process; a known one is not read again', () => {
    const t = table();
    t.scan();
    expect(t.byPid(10)).toBe(t.get('10:100'));
    proc(12, { comm: 'make', ppid: 10, start: 300 }); // started after the scan
    expect(t.byPid(12)).toMatchObject({ procKey: '12:300', ppid: 10 });
    expect([...t.ancestors(t.get('10:100')!)].map((p) => p.pid)).toEqual([1]);
    proc(10, { comm: 'sshd', ppid: 1, start: 999 });
    expect(t.byPid(10)).toMatchObject({ procKey: '10:999', comm: 'sshd' });
    expect(t.byPid(77)).toBeUndefined();
  });

  it('reads a process environment once per record, again after an exec', () => {
    const t = table();
    t.scan();
    expect(t.environ(10)?.get('HOME')).toBe('/home/dev');
    fs.writeFileSync(path.join(root, '10', 'environ'), 'HOME=/elsewhere\0');
    expect(t.environ(10, '10:100')?.get('HOME')).toBe('/home/dev');
    proc(10, { comm: 'env', ppid: 1, start: 100, env: { HOME: '/after-exec' } });
    t.scan();
    expect(t.environ(10)?.get('HOME')).toBe('/after-exec');
  });

  it('knows what the kernel reported before any scan, until its exit', () => {
    const t = table();
    proc(20, { comm: 'node', ppid: 10, start: 500, env: { CLAUDECODE: '1' } });
    t.noteExec({ pid: 20, ppid: 10, procKey: '20:500', exe: '/usr/bin/node', argv: ['node', 'x.js'], cwd: '/w' });
    expect(t.get('20:500')).toMatchObject({ pid: 20, ppid: 10, exe: '/usr/bin/node', argv: ['node', 'x.js'], cwd: '/w' });
    expect(t.byPid(20)).toBe(t.get('20:500'));
    expect(t.environ(20, '20:500')?.get('CLAUDECODE')).toBe('1');
    t.noteExit(20, '20:500');
    expect(t.get('20:500')).toBeUndefined();
  });

  it("keeps the environment read when a kernel exec line arrived, for a process gone before the line is let out", () => {
    const t = table();
    proc(21, { comm: 'curl', ppid: 10, start: 510, env: { CLAUDE_CODE_SESSION_ID: 's-1' } });
    t.readEnvironEarly(21, '21:510');
    fs.rmSync(path.join(root, '21'), { recursive: true }); // the curl exits while its line is held
    t.noteExec({ pid: 21, ppid: 10, procKey: '21:510', exe: '/usr/bin/curl', argv: ['curl', 'x'] });
    expect(t.environ(21, '21:510')?.get('CLAUDE_CODE_SESSION_ID')).toBe('s-1');
    // Without the early read there is nothing to go by.
    proc(22, { comm: 'curl', ppid: 10, start: 520, env: { CLAUDE_CODE_SESSION_ID: 's-1' } });
    fs.rmSync(path.join(root, '22'), { recursive: true });
    t.noteExec({ pid: 22, ppid: 10, procKey: '22:520', exe: '/usr/bin/curl', argv: ['curl', 'x'] });
    expect(t.environ(22, '22:520')).toBeUndefined();
  });

  it("takes the stamp the kernel read from the execve itself over a /proc read that came too late", () => {
    const t = table();
    // `exec env -i cat …` in a stamped shell: by the time its line arrives /proc shows cat's empty environment.
    proc(23, { comm: 'cat', ppid: 10, start: 530, env: {} });
    t.readEnvironEarly(23, '23:530');
    t.noteExec({ pid: 23, ppid: 10, procKey: '23:530', exe: '/bin/sh', argv: ['sh', '-c', 'exec env -i cat x'] }, new Map([['CLAUDE_CODE_SESSION_ID', 's-2'], ['HOME', '/home/dev']]));
    expect(t.environ(23, '23:530')?.get('CLAUDE_CODE_SESSION_ID')).toBe('s-2');
    expect(t.environ(23, '23:530')?.get('HOME')).toBe('/home/dev');
    // A process gone before any read: the kernel's variables are all there is.
    proc(24, { comm: 'curl', ppid: 10, start: 540, env: { CLAUDE_CODE_SESSION_ID: 's-3' } });
    fs.rmSync(path.join(root, '24'), { recursive: true });
    t.readEnvironEarly(24, '24:540');
    t.noteExec({ pid: 24, ppid: 10, procKey: '24:540', exe: '/usr/bin/curl', argv: ['curl', 'x'] }, new Map([['CLAUDE_CODE_SESSION_ID', 's-3']]));
    expect(t.environ(24, '24:540')?.get('CLAUDE_CODE_SESSION_ID')).toBe('s-3');
    // The daemon attributes its events after the kernel collector saw it exit: its stamp still answers by
    // its procKey (only the stamp's variables and HOME are kept), and nothing by its pid, which may be reused.
    t.noteExit(24, '24:540');
    expect(t.get('24:540')).toBeUndefined();
    expect(Object.fromEntries(t.environ(24, '24:540') ?? [])).toEqual({ CLAUDE_CODE_SESSION_ID: 's-3' });
    proc(25, { comm: 'make', ppid: 10, start: 550, env: { CLAUDE_CODE_SESSION_ID: 's-4', PATH: '/usr/bin', HOME: '/home/dev' } });
    t.readEnvironEarly(25, '25:550');
    t.noteExec({ pid: 25, ppid: 10, procKey: '25:550', exe: '/usr/bin/make', argv: ['make'] });
    fs.rmSync(path.join(root, '25'), { recursive: true });
    t.noteExit(25, '25:550');
    expect(Object.fromEntries(t.environ(25, '25:550') ?? [])).toEqual({ CLAUDE_CODE_SESSION_ID: 's-4', HOME: '/home/dev' });
    expect(t.environ(25)).toBeUndefined();
  });

  it('spreads a full scan over event-loop turns, with the same result; a scan applied meanwhile supersedes it', async () => {
    for (let pid = 100; pid < 140; pid++) proc(pid, { comm: 'node', ppid: 10, start: pid * 10 });
    const t = table();
    const scans: TableScan[] = [];
    t.onScan((s) => scans.push(s));
    t.scan();
    proc(140, { comm: 'curl', ppid: 10, start: 1400, argv: ['curl', 'x'] });
    proc(120, { comm: 'sh', ppid: 10, start: 1200, argv: ['sh', '-c', 'make'] }); // exec in place
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const sliced = t.scanSliced({ slice: 8 });
    expect(scans).toHaveLength(1); // not applied within this turn
    await sliced;
    clearInterval(ticking);
    expect(scans).toHaveLength(2);
    expect(turns).toBeGreaterThan(0); // timers ran between the slices
    expect(t.get('140:1400')).toMatchObject({ comm: 'curl', argv: ['curl', 'x'] });
    expect(t.get('120:1200')).toMatchObject({ comm: 'sh' });
    expect(scans[1]!.next.size).toBe(43);

    // A synchronous scan while a sliced one is under way: the sliced one (from the older snapshot) is dropped.
    fs.rmSync(path.join(root, '140'), { recursive: true });
    const late = t.scanSliced({ slice: 8 });
    t.scan();
    await late;
    expect(scans).toHaveLength(3);
    expect(t.get('140:1400')).toBeUndefined();

    // A full scan asked for while a quick one is under way runs after it: only it sees an exec in an old process.
    proc(101, { comm: 'python3', ppid: 10, start: 1010, argv: ['python3', 'x.py'] });
    const quick = t.scanSliced({ settledMs: -1e9, slice: 8 }); // every process counts as settled
    const full = t.scanSliced({ slice: 8 });
    await quick;
    expect(t.get('101:1010')).toMatchObject({ comm: 'node' });
    await full;
    expect(scans).toHaveLength(5);
    expect(t.get('101:1010')).toMatchObject({ comm: 'python3' });
  });

  it('after a hook, lists /proc only when the kernel handed out a pid since the last scan; young processes are read again either way', () => {
    const loadavg = (lastPid: number) => fs.writeFileSync(path.join(root, 'loadavg'), `0.10 0.20 0.30 1/90 ${lastPid}\n`);
    fs.symlinkSync(String(process.pid), path.join(root, 'self')); // this /proc is of our pid namespace
    loadavg(300);
    proc(20, { comm: 'node', ppid: 10, start: 500 });
    const t = table();
    t.scan();
    const hookScan = () => t.scan({ settledMs: 0, listOnNewPidOnly: true });
    t.get('20:500')!.seenAt = new Date(Date.now() + 60_000).toISOString(); // 20 is young, 1 and 10 settled

    proc(21, { comm: 'sleep', ppid: 10, start: 600 });
    loadavg(301);
    hookScan();
    expect(t.get('21:600')).toMatchObject({ comm: 'sleep' }); // a new pid: /proc listed

    proc(20, { comm: 'git', ppid: 10, start: 500, argv: ['git', 'status'] }); // the young one execs
    fs.rmSync(path.join(root, '10'), { recursive: true }); // a settled one exits
    hookScan();
    expect(t.get('20:500')).toMatchObject({ comm: 'git', argv: ['git', 'status'] });
    expect(t.get('10:100')).toBeDefined(); // not listed: its exit waits for a full scan
    t.scan();
    expect(t.get('10:100')).toBeUndefined();

    // Every process settled and no pid handed out: the scan does not run at all; a new pid makes it run.
    for (const p of t.snapshot().values()) p.seenAt = new Date(0).toISOString();
    const scans = t.scans;
    hookScan();
    expect(t.scans).toBe(scans);
    proc(23, { comm: 'make', ppid: 1, start: 800 });
    loadavg(302);
    hookScan();
    expect(t.scans).toBe(scans + 1);
    expect(t.get('23:800')).toMatchObject({ comm: 'make' });

    // A /proc of another pid namespace (its loadavg counts other pids): listed every time.
    fs.rmSync(path.join(root, 'self'));
    fs.symlinkSync('1', path.join(root, 'self'));
    const other = table();
    other.scan();
    proc(22, { comm: 'curl', ppid: 1, start: 700 });
    other.scan({ settledMs: 0, listOnNewPidOnly: true });
    expect(other.get('22:700')).toMatchObject({ comm: 'curl' });
  });

  it('scans only when no consumer did within the age asked for', async () => {
    const t = table();
    await t.refresh(1000);
    await t.refresh(1000);
    expect(t.scans).toBe(1);
    await t.refresh(0);
    expect(t.scans).toBe(2);
  });

  it('finds socket owners (at once, or a few processes a turn) and reads socket tables, boot time and inotify watches through the one reader', async () => {
    proc(30, { comm: 'curl', ppid: 10, start: 600, fds: ['/dev/null', 'socket:[4242]', 'anon_inode:inotify'] });
    fs.mkdirSync(path.join(root, '30', 'fdinfo'));
    fs.writeFileSync(path.join(root, '30', 'fdinfo', '5'), 'pos:\t0\ninotify wd:1 ino:2\ninotify wd:2 ino:3\n');
    fs.writeFileSync(path.join(root, 'net', 'tcp'), 'header\n');
    const r = new ProcFs(root);
    const t = table();
    expect(t.socketOwners(new Set([4242, 1]))).toEqual(new Map([[4242, 30]]));
    proc(31, { comm: 'node', ppid: 10, start: 700, fds: ['socket:[4343]'] });
    await expect(t.socketOwnersSliced(new Set([4242, 4343]))).resolves.toEqual(new Map([[4242, 30], [4343, 31]]));
    expect(t.socketInodes(30)).toEqual(new Set([4242]));
    expect(r.netTable('tcp')).toBe('header\n');
    expect(r.netTable('udp6')).toBeUndefined();
    expect(r.bootTime()).toBe(1795428557);
    expect(r.inotifyWatches(30)).toBe(2);
    expect(r.available()).toBe(false); // no self/ here
  });

  it('reads the socket tables off the event loop, in full, several at once', async () => {
    const row = (i: number) => `${String(i).padStart(4)}: 0100007F:1F90 0100007F:${(1024 + i).toString(16).toUpperCase().padStart(4, '0')} 01 00000000:00000000 00:00000000 00000000     0        0 ${10000 + i} 1 0000000000000000 20 4 30 10 -1\n`;
    const big = 'header\n' + Array.from({ length: 1200 }, (_, i) => row(i)).join(''); // past the 64 KiB buffer
    fs.writeFileSync(path.join(root, 'net', 'tcp'), big);
    fs.writeFileSync(path.join(root, 'net', 'tcp6'), 'header6\n');
    const r = new ProcFs(root);
    const [tcp, tcp6, udp6] = await Promise.all([r.netTableAsync('tcp'), r.netTableAsync('tcp6'), r.netTableAsync('udp6')]);
    expect(big.length).toBeGreaterThan(64 * 1024);
    expect(tcp).toBe(big);
    expect(tcp6).toBe('header6\n');
    expect(udp6).toBeUndefined();
  });
});
