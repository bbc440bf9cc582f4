// diffProcesses on hand-made snapshots.
import { describe, expect, it } from 'vitest';
import { diffProcesses, MID_EXEC_MAX_MS } from '../../../collectors/poll/process-diff.js';
import type { ProcRecord as ProcInfo } from '../../../collectors/proc/record.js';

const p = (pid: number, start: number, extra: Partial<ProcInfo> = {}): [string, ProcInfo] =>
  [`${pid}:${start}`, { pid, ppid: 1, procKey: `${pid}:${start}`, comm: 'sh', startTicks: start, ...extra }];

describe('diffProcesses', () => {
  const now = '2026-11-23T13:00:00.100Z';
  let n = 0;
  const opts = { newId: () => `e${++n}`, bootTime: 1_795_428_557, clkTck: 100 };

  it('reports new processes as exec and gone ones as exit, unchanged ones not at all', () => {
    const prev = new Map([p(10, 100), p(11, 101, { seenAt: '2026-11-23T13:00:00.000Z', exe: '/bin/true' })]);
    const next = new Map([p(10, 100), p(12, 150, { ppid: 10, argv: ['git', 'status'], exe: '/usr/bin/git', cwd: '/w', uid: 1000 })]);
    const events = diffProcesses(prev, next, now, opts);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      ts: now, source: 'process', kind: 'exec', pid: 12, ppid: 10, procKey: '12:150', exe: '/usr/bin/git',
      argv: ['git', 'status'], command: 'git status', cwd: '/w', uid: 1000,
      detail: { tier: 'poll', startTicks: 150, startedAt: new Date((1_795_428_557 + 1.5) * 1000).toISOString() },
    });
    expect(events[1]).toMatchObject({ kind: 'exit', pid: 11, procKey: '11:101', exe: '/bin/true', detail: { lifetimeMsAtLeast: 100 } });
  });

  it('does not confuse a reused pid: same pid, new starttime is an exit and an exec', () => {
    const events = diffProcesses(new Map([p(20, 100)]), new Map([p(20, 900)]), now, opts);
    expect(events.map((e) => `${e.kind} ${e.procKey}`)).toEqual(['exit 20:100', 'exec 20:900']);
  });

  it('puts the exit of a reused pid before every exec (a child listed before its parent); other exits stay last', () => {
    // pid 500 was an agent's shell; it exited, the pids wrapped, and a new 500 started a child that got pid 300.
    const prev = new Map([p(500, 100), p(40, 50)]);
    const next = new Map([p(300, 2001, { ppid: 500, argv: ['curl', 'x'] }), p(500, 2000, { argv: ['sshd'] })]);
    const events = diffProcesses(prev, next, now, opts);
    expect(events.map((e) => `${e.kind} ${e.procKey}`)).toEqual(['exit 500:100', 'exec 300:2001', 'exec 500:2000', 'exit 40:50']);
  });

  it('reports an exec in place (comm changed under the same key) as a re-exec', () => {
    const events = diffProcesses(new Map([p(30, 5, { comm: 'bash' })]), new Map([p(30, 5, { comm: 'curl', argv: ['curl', 'x'] })]), now, opts);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'exec', command: 'curl x', detail: { reexec: true } });
  });

  it('holds back a fork seen before its exec (parent\'s comm and argv) and reports the program it execs as a first exec', () => {
    const argv = ['node', '/bin/claude', '-p', 'x', '--dangerously-skip-permissions'];
    const parent = p(50, 1, { comm: 'node', argv });
    const fork = p(51, 7, { ppid: 50, comm: 'node', argv });
    const seen = diffProcesses(new Map([parent]), new Map([parent, fork]), now, opts);
    expect(seen).toEqual([]);
    const same = new Map([parent, p(51, 7, { ppid: 50, comm: 'node', argv })]);
    expect(diffProcesses(new Map([parent, fork]), same, now, opts)).toEqual([]); // still not exec'd
    const execd = diffProcesses(same, new Map([parent, p(51, 7, { ppid: 50, comm: 'bash', argv: ['bash', '-c', 'git status'] })]), now, opts);
    expect(execd).toHaveLength(1);
    expect(execd[0]).toMatchObject({ kind: 'exec', pid: 51, command: 'bash -c git status' });
    expect(execd[0]!.detail?.reexec).toBeUndefined();
    // One that execs a program of the same comm (node starting a node MCP server) shows only a new command line.
    const server = diffProcesses(same, new Map([parent, p(51, 7, { ppid: 50, comm: 'node', argv: ['node', 'mcp.js'] })]), now, opts);
    expect(server.map((e) => [e.kind, e.pid, e.command, e.detail?.reexec])).toEqual([['exec', 51, 'node mcp.js', undefined]]);
    // A child running its parent's program under other arguments is a new exec.
    expect(diffProcesses(new Map([parent]), new Map([parent, p(52, 8, { ppid: 50, comm: 'node', argv: ['node', 'worker.js'] })]), now, opts)).toHaveLength(1);
  });

  it('never reports the daemon itself', () => {
    const events = diffProcesses(new Map(), new Map([p(40, 1, { comm: 'kworker/0:1' }), p(41, 1)]), now, { ...opts, selfPid: 41 });
    expect(events.map((e) => e.pid)).toEqual([40]);
  });

  it('holds back a process caught in its exec (program known, command line not yet written) for one scan', () => {
    const parent = p(50, 1, { comm: 'claude', argv: ['claude', '-p', 'x'], exe: '/opt/claude' });
    const midExec = p(61, 9, { ppid: 50, comm: 'sh', exe: '/usr/bin/dash', argv: [] });
    expect(diffProcesses(new Map([parent]), new Map([parent, midExec]), now, opts)).toEqual([]);
    const argv = ['/bin/sh', '-c', 'node main.js hook claude-code'];
    const later = diffProcesses(new Map([parent, midExec]), new Map([parent, p(61, 9, { ppid: 50, comm: 'sh', exe: '/usr/bin/dash', argv })]), now, opts);
    expect(later).toHaveLength(1);
    expect(later[0]).toMatchObject({ kind: 'exec', pid: 61, argv, command: argv.join(' ') });
    expect(later[0]!.detail?.reexec).toBeUndefined();
    // Still waiting for the CPU in its exec at the next scan: held back again, until MID_EXEC_MAX_MS.
    const seenAt = '2026-11-23T13:00:00.000Z';
    const blank = () => new Map([parent, p(62, 9, { ppid: 50, comm: 'x', exe: '/tmp/x', argv: [], seenAt })]);
    const first = blank();
    expect(diffProcesses(new Map([parent]), first, seenAt, opts)).toEqual([]);
    const second = blank();
    expect(diffProcesses(first, second, now, opts)).toEqual([]);
    // A program that keeps its command line empty is still reported, once, as what it is.
    const late = new Date(Date.parse(seenAt) + MID_EXEC_MAX_MS).toISOString();
    const third = blank();
    expect(diffProcesses(second, third, late, opts)).toMatchObject([{ kind: 'exec', pid: 62, exe: '/tmp/x', detail: { argvUnknown: true } }]);
    expect(diffProcesses(third, new Map(third), late, opts)).toEqual([]);
    // One that exits first is reported as the zombie it then is, with no program and no command line.
    const gone = new Map([parent, p(62, 9, { ppid: 50, comm: 'x', zombie: true, seenAt })]);
    expect(diffProcesses(second, gone, now, opts)).toMatchObject([{ kind: 'exec', pid: 62, detail: { zombie: true, argvUnknown: true } }]);
  });

  it('reports a process first seen already exited (a zombie: no cmdline) with its comm, never as the command line `comm`', () => {
    // An agent busy at startup reaps its hook shell (`sh -c … agentwatch hook …`) late: the scan finds `sh`, no argv.
    const events = diffProcesses(new Map(), new Map([p(60, 1, { ppid: 50, comm: 'sh', zombie: true })]), now, opts);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'exec', pid: 60, ppid: 50, detail: { comm: 'sh', zombie: true, argvUnknown: true } });
    expect(events[0]!.command).toBeUndefined(); // `sh` as a command line would be an interactive shell
    expect(events[0]!.argv).toBeUndefined();
  });
});
