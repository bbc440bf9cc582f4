import { describe, expect, it } from 'vitest';
import { Attributor } from '../../../daemon/attribution/attributor.js';
import type { ProcReader } from '../../../daemon/attribution/proc-info.js';
import type { EnvStamp } from '../../../core/agents/stamp.js';
import type { Event } from '../../../core/event.js';
import { geminiCliAdapter } from '../../../collectors/hooks/gemini-cli.js';
import { diffProcesses } from '../../../collectors/poll/process-diff.js';

interface FakeProc { ppid: number; start: string; cwd?: string; argv?: string[]; stamp?: EnvStamp }

/** A /proc that holds exactly the given processes. */
function fakeProc(procs: Record<number, FakeProc>): ProcReader {
  return {
    process: (pid) => {
      const p = procs[pid];
      if (!p) return undefined;
      return { pid, ppid: p.ppid, procKey: `${pid}:${p.start}`, comm: '', cwd: p.cwd, exe: p.argv?.[0], argv: p.argv };
    },
    stamp: (pid) => procs[pid]?.stamp,
  };
}

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
let n = 0;
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const exec = (pid: number, ppid: number, argv: string[], s = 0, extra: Partial<Event> = {}): Event =>
  ({ id: `e${++n}`, ts: at(s), source: 'process', kind: 'exec', agent: { kind: 'unknown' }, pid, ppid, argv, procKey: `${pid}:${pid}00`, ...extra });
const connect = (pid: number, addr: string, s = 0): Event =>
  ({ id: `e${++n}`, ts: at(s), source: 'network', kind: 'net.connect', agent: { kind: 'unknown' }, pid, remote: { addr, port: 443 } });
const hook = (kind: Event['kind'], extra: Partial<Event>, s = 0): Event =>
  ({ id: `h${++n}`, ts: at(s), source: 'hook', kind, agent: { kind: 'claude-code' }, sessionId: 'S1', cwd: '/w', ...extra });

const CLAUDE: EnvStamp = { agent: 'claude-code', sessionId: 'S1', home: '/home/dev' };

describe('attribution levels', () => {
  it('exact: the environment stamp of the process itself', () => {
    const a = new Attributor({ selfPid: 1, home: '/home/dev', proc: fakeProc({ 20: { ppid: 10, start: '2000', stamp: CLAUDE } }) });
    expect(a.attribute(exec(20, 10, ['bash', '-c', 'ls']))).toMatchObject({ agent: { kind: 'claude-code' }, sessionId: 'S1', attribution: 'exact' });
  });

  it('exact from an ancestor stamped at exec time, even after the ancestor is gone (sudo drops the env)', () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc({ 20: { ppid: 10, start: '2000', stamp: CLAUDE } }) });
    a.attribute(exec(20, 10, ['bash', '-c', 'sudo curl x']));
    const grandchild = a.attribute(exec(21, 20, ['curl', 'x'])); // gone before we read its environ
    expect(grandchild).toMatchObject({ sessionId: 'S1', attribution: 'exact', ppid: 20 });
    expect(a.attribute(connect(21, '10.9.0.2'))).toMatchObject({ sessionId: 'S1', attribution: 'exact', kind: 'net.connect' });
  });

  it('exact through a subshell that was gone before /proc was read: the kernel named it and its parent at the exec', () => {
    // agent 10 (stamped, alive) → bash 20 (exec seen, gone) → subshell 21 (a fork: never exec'd, gone) → cat 22 (gone)
    const a = new Attributor({ selfPid: 1, proc: fakeProc({ 10: { ppid: 1, start: '1000', stamp: CLAUDE, argv: ['node', 'agent.js'] } }) });
    a.attribute(exec(20, 10, ['bash', '-c', '(cat ~/.aws/credentials; true)'], 0, { parentProcKey: '10:1000', grandparentPid: 1 }));
    const cat = exec(22, 21, ['cat', '/home/dev/.aws/credentials'], 0, { parentProcKey: '21:2050', grandparentPid: 20 });
    expect(a.attribute(cat)).toMatchObject({ sessionId: 'S1', attribution: 'exact', ppid: 21 });
    const read: Event = { id: 'r1', ts: at(0), source: 'file', kind: 'file.read', agent: { kind: 'unknown' }, pid: 22, procKey: '22:2200', path: '/home/dev/.aws/credentials' };
    expect(a.attribute(read)).toMatchObject({ sessionId: 'S1', attribution: 'exact' });
    // Without the kernel's word the chain stops at the vanished subshell.
    const b = new Attributor({ selfPid: 1, proc: fakeProc({ 10: { ppid: 1, start: '1000', stamp: CLAUDE, argv: ['node', 'agent.js'] } }) });
    b.attribute(exec(20, 10, ['bash', '-c', '(cat ~/.aws/credentials; true)']));
    expect(b.attribute(exec(22, 21, ['cat', '/home/dev/.aws/credentials']))).not.toMatchObject({ attribution: 'exact' });
  });

  it('ancestry: Gemini tool commands carry GEMINI_CLI=1 only; the gemini process learned its session from a hook child', () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc({
      30: { ppid: 1, start: '3000', argv: ['node', 'gemini'] },
      31: { ppid: 30, start: '3100', stamp: { agent: 'gemini-cli', sessionId: 'G1' } },
      32: { ppid: 30, start: '3200', stamp: { agent: 'gemini-cli' } },
    }) });
    a.attribute(exec(31, 30, ['bash', 'guard.sh']));
    expect(a.attribute(exec(32, 30, ['bash', '-c', 'npm test']))).toMatchObject({ agent: { kind: 'gemini-cli' }, sessionId: 'G1', attribution: 'ancestry' });
  });

  it('ancestry: a child of a process that was attributed by correlation', () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc({}) });
    a.noteHook(hook('tool.call', { command: 'make build', tool: { name: 'Bash', input: { command: 'make build' }, useId: 'toolu_1' } }));
    expect(a.attribute(exec(40, 2, ['make', 'build'], 1))).toMatchObject({ sessionId: 'S1', attribution: 'correlated', toolUseId: 'toolu_1' });
    expect(a.attribute(exec(41, 40, ['cc', '-c', 'x.c'], 2))).toMatchObject({ sessionId: 'S1', attribution: 'ancestry', toolUseId: 'toolu_1' });
  });

  it('correlated: a Read of the same path a few seconds earlier; not after the window', () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc({}) });
    a.noteHook(hook('file.read', { path: '/w/.env', tool: { name: 'Read', input: { file_path: '/w/.env' }, useId: 'toolu_2' } }, 0));
    const read = (s: number): Event => ({ id: `f${s}`, ts: at(s), source: 'file', kind: 'file.read', agent: { kind: 'unknown' }, path: '/w/.env' });
    expect(a.attribute(read(2))).toMatchObject({ sessionId: 'S1', attribution: 'correlated', toolUseId: 'toolu_2' });
    expect(a.attribute(read(60))).toMatchObject({ attribution: 'probable' }); // still in the workspace of an active session
  });

  it('probable: cwd under an active session workspace, within minutes only', () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc({ 50: { ppid: 1, start: '5000', cwd: '/w/sub' } }) });
    a.noteHook(hook('prompt', { text: 'hi' }, 0));
    expect(a.attribute(exec(50, 1, ['python3', 'x.py'], 30))).toMatchObject({ sessionId: 'S1', attribution: 'probable' });
    expect(a.attribute(exec(51, 1, ['python3', 'x.py'], 3600, { cwd: '/w' }))).toMatchObject({ attribution: 'none' });
  });

  it("probable: an effect from before session.end is the session's though read after it (the kernel tier's lines are put in order first)", () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc({}) });
    a.noteHook(hook('prompt', { text: 'hi' }, 0));
    a.noteHook(hook('session.end', {}, 10));
    expect(a.attribute(exec(52, 1, ['python3', 'x.py'], 9, { cwd: '/w' }))).toMatchObject({ sessionId: 'S1', attribution: 'probable' });
    expect(a.attribute(exec(53, 1, ['python3', 'x.py'], 11, { cwd: '/w' }))).toMatchObject({ attribution: 'none' });
  });

  it('none: nothing ties it to an agent', () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc({}) });
    const e = a.attribute(exec(60, 1, ['cron'], 0, { cwd: '/' }))!;
    expect(e.attribution).toBe('none');
    expect(e.sessionId).toBeUndefined();
  });

  it('a reused pid does not inherit the session of the process that had it before', () => {
    const procs: Record<number, FakeProc> = { 70: { ppid: 1, start: '7000', stamp: CLAUDE } };
    const a = new Attributor({ selfPid: 1, proc: fakeProc(procs) });
    expect(a.attribute(exec(70, 1, ['bash']))).toMatchObject({ attribution: 'exact' });
    a.attribute({ ...exec(70, 1, ['bash']), kind: 'exit' });
    procs[70] = { ppid: 1, start: '7999' };
    const reused = a.attribute(exec(70, 1, ['sshd'], 5, { procKey: '70:7999', cwd: '/' }))!;
    expect(reused.attribution).toBe('none');
    expect(reused.procKey).toBe('70:7999');
  });

  it('a child listed before the new holder of its parent\'s reused pid (one poll scan) does not take the old session', () => {
    const procs: Record<number, FakeProc> = { 500: { ppid: 1, start: '100', stamp: CLAUDE } };
    const a = new Attributor({ selfPid: 1, home: '/home/dev', proc: fakeProc(procs) });
    expect(a.attribute(exec(500, 1, ['bash'], 0, { procKey: '500:100' }))).toMatchObject({ sessionId: 'S1', attribution: 'exact' });
    // The next scan: 500 exited, the pids wrapped, an unrelated 500 (sshd) started 300. /proc lists 300 first.
    procs[500] = { ppid: 1, start: '2000', argv: ['sshd'] };
    procs[300] = { ppid: 500, start: '2001', argv: ['curl', 'x'] };
    const prev = new Map([['500:100', { pid: 500, ppid: 1, procKey: '500:100', comm: 'bash', startTicks: 100 }]]);
    const next = new Map([
      ['300:2001', { pid: 300, ppid: 500, procKey: '300:2001', comm: 'curl', startTicks: 2001, exe: '/usr/bin/curl', argv: ['curl', 'x'], cwd: '/' }],
      ['500:2000', { pid: 500, ppid: 1, procKey: '500:2000', comm: 'sshd', startTicks: 2000, exe: '/usr/sbin/sshd', argv: ['sshd'], cwd: '/' }],
    ]);
    const out = diffProcesses(prev, next, at(5), { newId: () => `d${++n}` }).map((e) => a.attribute(e));
    const curl = out.find((e) => e?.procKey === '300:2001');
    expect(curl).toBeDefined();
    expect(curl!.sessionId).toBeUndefined();
    expect(curl!.attribution).toBe('none');
  });

  it('drops the daemon itself, its children and its own CLI; a stamp from another HOME does not count', () => {
    const a = new Attributor({ selfPid: 100, home: '/home/dev', isOwnProcess: (argv) => argv.includes('/opt/aw/main.js'), proc: fakeProc({
      101: { ppid: 100, start: '1', stamp: CLAUDE },
      102: { ppid: 5, start: '2', stamp: CLAUDE },
      103: { ppid: 5, start: '3', stamp: { ...CLAUDE, home: '/home/other' } },
    }) });
    expect(a.attribute(exec(100, 1, ['node', 'main.js', 'daemon']))).toBeUndefined();
    expect(a.attribute(exec(101, 100, ['bpftrace']))).toBeUndefined();
    expect(a.attribute(exec(102, 5, ['node', '/opt/aw/main.js', 'hook', 'claude-code']))).toBeUndefined();
    expect(a.attribute(exec(103, 5, ['bash'], 0, { cwd: '/' }))).toMatchObject({ attribution: 'none' });
  });

  it('a session of ours stays ours under another HOME: a command run as `HOME=/tmp/x curl …` does not hide', () => {
    const a = new Attributor({ selfPid: 1, home: '/home/dev', proc: fakeProc({ 104: { ppid: 99, start: '4', stamp: { ...CLAUDE, home: '/tmp/x' } } }) });
    a.noteHook(hook('prompt', { text: 'hi' }, 0));
    expect(a.attribute(exec(104, 99, ['curl', 'x'], 1))).toMatchObject({ sessionId: 'S1', attribution: 'exact' });
  });

  it('gives no session to another user\'s agent tree or to a terminal\'s shell, even while exactly one call of the session is open', () => {
    const OTHER: EnvStamp = { agent: 'claude-code', sessionId: 'S2', home: '/home/other' };
    const a = new Attributor({ selfPid: 1, home: '/home/dev', proc: fakeProc({
      200: { ppid: 1, start: '200', argv: ['claude'] }, // another HOME's Claude Code
      201: { ppid: 200, start: '201', stamp: OTHER },
      202: { ppid: 201, start: '202', stamp: OTHER },
      300: { ppid: 1, start: '300', argv: ['tmux'] }, // a terminal multiplexer's pane
      301: { ppid: 300, start: '301', cwd: '/' },
    }) });
    a.noteHook(hook('tool.call', { command: 'npm test', tool: { name: 'Bash', input: { command: 'npm test' }, useId: 'toolu_1' } }, 0));
    for (const e of [exec(201, 200, ['/bin/bash', '-c', 'npm test'], 1), exec(202, 201, ['bash'], 1), connect(202, '10.9.0.2', 2), exec(301, 300, ['bash'], 1, { cwd: '/' }), connect(301, '10.9.0.2', 2)]) {
      expect(a.attribute(e)?.sessionId, JSON.stringify(e)).toBeUndefined();
    }
  });

  it('fills ppid and cwd from /proc when the collector did not', () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc({ 80: { ppid: 8, start: '8000', cwd: '/srv' } }) });
    const e = a.attribute({ id: 'x', ts: at(0), source: 'network', kind: 'net.connect', agent: { kind: 'unknown' }, pid: 80, remote: { addr: '1.2.3.4', port: 80 } })!;
    expect(e).toMatchObject({ ppid: 8, cwd: '/srv', procKey: '80:8000' });
  });
});

describe('agent bookkeeping', () => {
  it('leaves out Claude\'s own housekeeping processes (snapshot, env capture, IDE probe) and their children', () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc({ 90: { ppid: 1, start: '9', stamp: CLAUDE }, 91: { ppid: 90, start: '9', stamp: CLAUDE }, 92: { ppid: 1, start: '9', stamp: CLAUDE } }) });
    expect(a.attribute(exec(90, 1, ['/bin/bash', '-c', '-l', 'SNAPSHOT_FILE=/h/.claude/shell-snapshots/snapshot-bash-1.sh\n source ~/.bashrc']))).toBeUndefined();
    expect(a.attribute(exec(91, 90, ['cat']))).toBeUndefined();
    expect(a.attribute(exec(92, 1, ['/bin/bash', '-c', 'env']))).toBeUndefined();
    expect(a.attribute(exec(92, 1, ['env']))).toBeUndefined(); // the same process after exec
    expect(a.bookkeeping).toBe(4);
  });

  it('leaves out the child of a housekeeping subshell it only looked up (a fork the poll tier held back, never reported)', () => {
    const snapshot = ['/bin/bash', '-c', '-l', 'SNAPSHOT_FILE=/h/.claude/shell-snapshots/snapshot-bash-1.sh\n ( alias | sed s/^alias //g )'];
    const a = new Attributor({ selfPid: 1, proc: fakeProc({
      90: { ppid: 1, start: '9', stamp: CLAUDE, argv: snapshot },
      96: { ppid: 90, start: '9', stamp: CLAUDE, argv: snapshot }, // the subshell: a fork running the same command line
      97: { ppid: 96, start: '9', stamp: CLAUDE },
    }) });
    expect(a.attribute(exec(90, 1, snapshot))).toBeUndefined();
    expect(a.attribute(exec(97, 96, ['sed', 's/^alias //g']))).toBeUndefined();
    expect(a.bookkeeping).toBe(2);
  });

  it('keeps the per-call wrapper and a command that only looks like housekeeping', () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc({ 93: { ppid: 1, start: '9', stamp: CLAUDE } }) });
    expect(a.attribute(exec(93, 1, ['/bin/bash', '-c', "source /h/.claude/shell-snapshots/s.sh 2>/dev/null || true && eval 'env'"]))).toMatchObject({ attribution: 'exact' });
    expect(a.attribute(exec(94, 93, ['grep', '-r', 'password', '/h']))).toMatchObject({ attribution: 'exact' });
  });

  it('leaves out file events on the agent\'s own state files, not on its config', () => {
    const a = new Attributor({ selfPid: 1, home: '/home/dev', proc: fakeProc({ 95: { ppid: 1, start: '9', stamp: CLAUDE } }) });
    const file = (p: string): Event => ({ id: p, ts: at(0), source: 'file', kind: 'file.write', agent: { kind: 'unknown' }, pid: 95, path: p });
    expect(a.attribute(file('/home/dev/.claude/projects/-w/S1.jsonl'))).toBeUndefined();
    expect(a.attribute(file('/tmp/claude-ad3d-cwd'))).toBeUndefined();
    expect(a.attribute(file('/home/dev/.claude/settings.json'))).toMatchObject({ attribution: 'exact', sessionId: 'S1' });
  });
});

describe('workspaces', () => {
  it('announces a session workspace once: from its first hook with a cwd, or from its first stamped process', () => {
    const seen: string[] = [];
    const a = new Attributor({ selfPid: 1, onWorkspace: (cwd) => seen.push(cwd), proc: fakeProc({ 96: { ppid: 1, start: '9', cwd: '/w2', stamp: { agent: 'codex', sessionId: 'C1' } } }) });
    a.noteHook(hook('prompt', { text: 'a' }));
    a.noteHook(hook('prompt', { text: 'b' }));
    a.attribute(exec(96, 1, ['bash', '-c', 'make']));
    expect(seen).toEqual(['/w', '/w2']);
  });

  it('says who announced a workspace: a hook alone is unconfirmed, the session\'s own process confirms it (once); session.end ends it', () => {
    const seen: unknown[] = [];
    const ended: string[] = [];
    const a = new Attributor({
      selfPid: 1, onWorkspace: (cwd, owner) => seen.push({ cwd, ...owner }), onSessionEnd: (sid) => ended.push(sid),
      proc: fakeProc({ 97: { ppid: 1, start: '9', cwd: '/w', stamp: CLAUDE } }),
    });
    a.noteHook(hook('prompt', { text: 'a' }));
    a.attribute(exec(97, 1, ['bash', '-c', 'make']));
    a.attribute(exec(97, 1, ['bash', '-c', 'make test']));
    a.noteHook(hook('session.end', {}));
    expect(seen).toEqual([{ cwd: '/w', sessionId: 'S1', confirmed: false }, { cwd: '/w', sessionId: 'S1', confirmed: true }]);
    expect(ended).toEqual(['S1']);
  });
});

describe('attribution never climbs (two Gemini sessions from one shell, the first leaving a server)', () => {
  // pid → start: exec() stamps procKey `pid:pid00`, so a higher pid started later.
  const G = (sessionId?: string): EnvStamp => ({ agent: 'gemini-cli', ...(sessionId ? { sessionId } : {}) });
  const procs: Record<number, FakeProc> = {
    10: { ppid: 1, start: '1000', argv: ['bash'], cwd: '/w' },
    20: { ppid: 10, start: '2000', argv: ['node', '/opt/gemini-cli/bundle/gemini.js', '-p', 'serve'], cwd: '/w' },
    21: { ppid: 20, start: '2100', stamp: G('G1') },
    22: { ppid: 20, start: '2200', stamp: G(), cwd: '/w' },
    23: { ppid: 22, start: '2300', stamp: G(), cwd: '/w' },
    30: { ppid: 10, start: '3000', argv: ['node', '/opt/gemini-cli/bundle/gemini.js', '-p', 'creds'], cwd: '/w' },
    31: { ppid: 30, start: '3100', stamp: G('G2') },
    32: { ppid: 30, start: '3200', stamp: G(), cwd: '/w' },
  };
  const file = (pid: number, kind: Event['kind'], p: string, s: number): Event => ({ id: `f${++n}`, ts: at(s), source: 'file', kind, agent: { kind: 'unknown' }, pid, path: p });
  const gemHook = (sessionId: string, extra: Partial<Event>, s: number) => hook('tool.call', { agent: { kind: 'gemini-cli' }, sessionId, ...extra }, s);

  function twoSessions() {
    const a = new Attributor({ selfPid: 1, proc: fakeProc(procs) });
    a.attribute(exec(10, 1, ['bash'], 0));
    a.noteHook(hook('session.start', { agent: { kind: 'gemini-cli' }, sessionId: 'G1' }, 1));
    a.attribute(exec(20, 10, procs[20]!.argv!, 1));
    a.attribute(exec(21, 20, ['agentwatch', 'hook', 'gemini-cli'], 1));
    a.noteHook(gemHook('G1', { command: 'node server.js &' }, 2));
    a.attribute(exec(22, 20, ['bash', '-c', 'node server.js &'], 2));
    const server = a.attribute(exec(23, 22, ['node', 'server.js'], 2));
    a.attribute({ ...exec(22, 20, ['bash']), kind: 'exit', ts: at(3) });
    a.noteHook(hook('session.end', { agent: { kind: 'gemini-cli' }, sessionId: 'G1' }, 4));
    a.attribute({ ...exec(20, 10, ['node']), kind: 'exit', ts: at(4) });
    // The first session's hook process, orphaned when gemini exited, is now the shell's child (a subreaper).
    a.attribute(exec(24, 10, ['agentwatch', 'hook', 'gemini-cli'], 5, { procKey: '24:2400' }));
    return { a, server };
  }

  it("the second session's credential read and write are its own; the shell and the second gemini never carry the first", () => {
    const { a, server } = twoSessions();
    expect(server).toMatchObject({ sessionId: 'G1', attribution: 'ancestry' });
    // The server lives on: its own effects stay the first session's (it outlived it, it keeps it).
    expect(a.attribute(file(23, 'file.write', '/w/server.log', 6))).toMatchObject({ sessionId: 'G1' });
    // The shell launches the second gemini; neither it nor that gemini takes the first session (not even by workspace).
    const shellWrite = a.attribute(file(10, 'file.write', '/w/.bash_history', 10))!;
    expect(shellWrite.sessionId).toBeUndefined();
    expect(a.attribute(exec(30, 10, procs[30]!.argv!, 10))!.sessionId).toBeUndefined();
    a.attribute(exec(31, 30, ['agentwatch', 'hook', 'gemini-cli'], 10));
    a.noteHook(gemHook('G2', { command: 'cat ~/.aws/credentials' }, 11));
    expect(a.attribute(exec(32, 30, ['bash', '-c', 'cat ~/.aws/credentials'], 11))).toMatchObject({ sessionId: 'G2', attribution: 'ancestry' });
    expect(a.attribute(file(32, 'file.read', '/root/.aws/credentials', 11))).toMatchObject({ sessionId: 'G2' });
    expect(a.attribute(file(32, 'file.write', '/w/second.txt', 12))).toMatchObject({ sessionId: 'G2' });
    // The server re-exec'ing under the shell keeps its session and lends it to nobody.
    expect(a.attribute(exec(23, 10, ['node', 'server.js', '--restart'], 13))).toMatchObject({ sessionId: 'G1' });
    expect(a.attribute(file(10, 'file.write', '/w/.bash_history', 14))!.sessionId).toBeUndefined();
  });

  it('a hook call naming what the shell does, or a process older than the session, never gives them the session', () => {
    const { a } = twoSessions();
    a.attribute(exec(30, 10, procs[30]!.argv!, 10));
    a.attribute(exec(31, 30, ['agentwatch', 'hook', 'gemini-cli'], 10));
    a.noteHook(gemHook('G2', { command: 'cat /w/.bash_history', path: '/w/.bash_history' }, 11));
    expect(a.attribute(file(10, 'file.read', '/w/.bash_history', 11))!.sessionId).toBeUndefined(); // the shell: a launcher
    expect(a.attribute(file(23, 'file.read', '/w/.bash_history', 11))).toMatchObject({ sessionId: 'G1' }); // already the first's
    a.noteHook(gemHook('G2', { command: 'cat /w/notes', path: '/w/notes' }, 12));
    // pid 25 started (2500) before the second session's agent (3000): no correlation, no workspace guess.
    expect(a.attribute({ ...file(25, 'file.read', '/w/notes', 12), procKey: '25:2500' })!.sessionId).toBeUndefined();
  });

  it('after session.end a process it left behind no longer makes the workspace its own', () => {
    const { a } = twoSessions();
    a.attribute(file(23, 'file.write', '/w/server.log', 20));
    const stray = a.attribute({ ...exec(40, 1, ['python3', 'x.py'], 21), cwd: '/w' })!; // unrelated, in the workspace
    expect(stray.sessionId).toBeUndefined();
  });
});

describe('Gemini tool calls, which stamp nothing per call: the call open when a process starts is its call', () => {
  const procs: Record<number, FakeProc> = {
    20: { ppid: 1, start: '2000', argv: ['node', '/opt/gemini-cli/bundle/gemini.js', '-p', 'x'], cwd: '/w' },
    21: { ppid: 20, start: '2100', stamp: { agent: 'gemini-cli', sessionId: 'G1' } },
  };
  const payload = (hook_event_name: string, tool_name: string, tool_input: unknown) => ({ session_id: 'G1', cwd: '/w', hook_event_name, tool_name, tool_input });
  const gemini = (body: unknown, s: number) => geminiCliAdapter.normalise(body, { ts: at(s), newId: () => `g${++n}` });
  const read = (pid: number, p: string, s: number): Event => ({ id: `r${++n}`, ts: at(s), source: 'file', kind: 'file.read', agent: { kind: 'unknown' }, pid, path: p });

  it("npm reading ~/.npmrc 8 s into `npm install` (its wrapper never seen) belongs to the call; after AfterTool nothing does", () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc(procs) });
    a.attribute(exec(20, 1, procs[20]!.argv!, 0));
    a.attribute(exec(21, 20, ['agentwatch', 'hook', 'gemini-cli'], 0));
    const call = gemini(payload('BeforeTool', 'run_shell_command', { command: 'npm install' }), 1);
    a.noteHook(call);
    expect(call.tool?.useId).toMatch(/^aw-/); // minted: Gemini sends no tool_use_id
    a.attribute(exec(25, 20, ['/usr/bin/node', '/usr/lib/node_modules/npm/bin/npm-cli.js', 'install'], 9));
    expect(a.attribute(read(25, '/root/.npmrc', 9))).toMatchObject({ sessionId: 'G1', attribution: 'ancestry', toolUseId: call.tool!.useId });
    a.noteHook(gemini(payload('AfterTool', 'run_shell_command', { command: 'npm install' }), 20));
    a.attribute(exec(26, 20, ['cat', '/root/.npmrc'], 21));
    expect(a.attribute(read(26, '/root/.npmrc', 21))!.toolUseId).toBeUndefined(); // no call open: a real bypass stays one
  });

  it('two calls open at once: no guess', () => {
    const a = new Attributor({ selfPid: 1, proc: fakeProc(procs) });
    a.attribute(exec(20, 1, procs[20]!.argv!, 0));
    a.attribute(exec(21, 20, ['agentwatch', 'hook', 'gemini-cli'], 0));
    a.noteHook(gemini(payload('BeforeTool', 'run_shell_command', { command: 'make a' }), 1));
    a.noteHook(gemini(payload('BeforeTool', 'run_shell_command', { command: 'make b' }), 1));
    a.attribute(exec(27, 20, ['cc', 'x.c'], 9));
    expect(a.attribute(read(27, '/root/.npmrc', 9))!.toolUseId).toBeUndefined();
  });
});
