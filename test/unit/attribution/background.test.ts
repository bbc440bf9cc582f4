// What a tool call leaves running keeps the call; what the agent starts from its MCP config is that server.
import { describe, expect, it } from 'vitest';
import { Attributor } from '../../../daemon/attribution/attributor.js';
import type { ProcReader } from '../../../daemon/attribution/proc-info.js';
import type { EnvStamp } from '../../../core/agents/stamp.js';
import type { Event } from '../../../core/event.js';
import type { McpLaunchSpec } from '../../../daemon/attribution/mcp-launch.js';
import { serverOfCommandLine } from '../../../daemon/attribution/mcp-launch.js';
import { callNamesEffect, type HookCall } from '../../../daemon/attribution/hook-memory.js';

interface FakeProc { ppid: number; argv?: string[]; cwd?: string; stamp?: EnvStamp }
const CLAUDE: EnvStamp = { agent: 'claude-code', sessionId: 'S1' };
const AGENT = ['node', '/home/dev/.npm-global/lib/node_modules/@anthropic-ai/claude-code/cli.js', '-p', 'go'];

/** A /proc of the given processes (procKey `pid:pid00`: a higher pid started later); every other pid stamped like Claude's children. */
function fakeProc(procs: Record<number, FakeProc>): ProcReader {
  return {
    process: (pid) => { const p = procs[pid]; return p && { pid, ppid: p.ppid, procKey: `${pid}:${pid}00`, comm: '', cwd: p.cwd ?? '/w', exe: p.argv?.[0], argv: p.argv }; },
    stamp: (pid) => (pid === 10 ? undefined : procs[pid]?.stamp ?? CLAUDE),
  };
}

const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
let n = 0;
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const exec = (pid: number, ppid: number, argv: string[], s: number): Event =>
  ({ id: `e${++n}`, ts: at(s), source: 'process', kind: 'exec', agent: { kind: 'unknown' }, pid, ppid, argv, procKey: `${pid}:${pid}00`, cwd: '/w' });
const exit = (pid: number, s: number): Event => ({ ...exec(pid, 0, [], s), kind: 'exit', argv: undefined, ppid: undefined });
const connect = (pid: number, addr: string, s: number): Event =>
  ({ id: `e${++n}`, ts: at(s), source: 'network', kind: 'net.connect', agent: { kind: 'unknown' }, pid, remote: { addr, port: 443 } });
const write = (pid: number, p: string, s: number): Event => ({ id: `e${++n}`, ts: at(s), source: 'file', kind: 'file.write', agent: { kind: 'unknown' }, pid, path: p });
const bash = (command: string, useId: string, s: number): Event =>
  ({ id: `h${++n}`, ts: at(s), source: 'hook', kind: 'tool.call', agent: { kind: 'claude-code' }, sessionId: 'S1', cwd: '/w', command, tool: { name: 'Bash', input: { command }, useId } });
const result = (useId: string, s: number): Event =>
  ({ id: `h${++n}`, ts: at(s), source: 'hook', kind: 'tool.result', agent: { kind: 'claude-code' }, sessionId: 'S1', cwd: '/w', tool: { name: 'Bash', input: {}, useId } });
const wrapper = (cmd: string) => ['/bin/bash', '-c', `source /home/dev/.claude/shell-snapshots/s.sh 2>/dev/null || true && eval '${cmd}'`];

/** Claude (pid 10) with a stamped hook child that tells its session. */
function claude(procs: Record<number, FakeProc> = {}, mcp?: McpLaunchSpec[]) {
  const all: Record<number, FakeProc> = { 10: { ppid: 1, argv: AGENT }, ...procs };
  const a = new Attributor({ selfPid: 1, proc: fakeProc(all), ...(mcp ? { mcpServers: () => mcp } : {}) });
  a.attribute(exec(10, 1, AGENT, 0));
  a.attribute(exec(11, 10, ['/bin/bash', '-c', 'true'], 0)); // stamped: claude is S1's agent process from now on
  return a;
}

describe('a process a tool call leaves running keeps the call for its whole life', () => {
  it('`npm run dev &`: the wrapper exits, the call ends, and five minutes later the server, its new child and their effects are still that call', () => {
    const a = claude();
    a.noteHook(bash('npm run dev &', 'toolu_bg', 1));
    expect(a.attribute(exec(20, 10, wrapper('npm run dev &'), 1.1))).toMatchObject({ sessionId: 'S1', toolUseId: 'toolu_bg' });
    expect(a.attribute(exec(21, 20, ['npm', 'run', 'dev'], 1.2))).toMatchObject({ toolUseId: 'toolu_bg' });
    expect(a.attribute(exec(22, 21, ['sh', '-c', 'node server.js'], 1.3))).toMatchObject({ toolUseId: 'toolu_bg' });
    a.attribute(exit(20, 1.4));
    a.noteHook(result('toolu_bg', 2));
    a.noteHook(bash('ls', 'toolu_ls', 299)); // another call open meanwhile does not take it
    expect(a.attribute(exec(23, 22, ['node', 'server.js', '--watch'], 300))).toMatchObject({ sessionId: 'S1', attribution: 'exact', toolUseId: 'toolu_bg' });
    expect(a.attribute(connect(23, '203.0.113.5', 301))).toMatchObject({ toolUseId: 'toolu_bg' });
    expect(a.attribute(write(22, '/w/.next/build.json', 302))).toMatchObject({ toolUseId: 'toolu_bg' });
  });

  it('the poll tier saw only the server (its shell was gone) and, minutes later, a child of a process it never saw start: the call holds down the chain', () => {
    // 31 `bash ./dev.sh` (never seen start), 32 python under it; 33 started by 31 five minutes on.
    const a = claude({ 31: { ppid: 1, argv: ['bash', './dev.sh'] } });
    a.noteHook(bash('nohup ./dev.sh > /dev/null 2>&1 &', 'toolu_dev', 1));
    expect(a.attribute(exec(32, 31, ['python3', '-m', 'http.server', '8000'], 1.5))).toMatchObject({ toolUseId: 'toolu_dev' });
    a.noteHook(result('toolu_dev', 2));
    expect(a.attribute(exec(33, 31, ['python3', 'worker.py'], 300))).toMatchObject({ attribution: 'exact', toolUseId: 'toolu_dev' });
  });

  it('callNamesEffect: a script the command runs is named by it (its interpreter shows in /proc), one it only mentions is not', () => {
    const call = (command: string): HookCall => ({ t: 0, sessionId: 'S1', agent: 'claude-code', command, paths: [] });
    expect(callNamesEffect(call('nohup ./dev.sh > /dev/null 2>&1 &'), exec(1, 0, ['/bin/bash', './dev.sh'], 0))).toBe(true);
    expect(callNamesEffect(call('cd app && ./dev.sh --port 3000'), exec(1, 0, ['sh', './dev.sh', '--port', '3000'], 0))).toBe(true);
    expect(callNamesEffect(call('cat server.js'), exec(1, 0, ['node', 'server.js'], 0))).toBe(false);
  });

  it('a stamped process nothing names, starting while one call is open, takes that call for life; one starting while none is open takes none', () => {
    const a = claude();
    a.noteHook(bash('make serve', 'toolu_make', 1));
    expect(a.attribute(exec(40, 1, ['python3', 'srv.py'], 1.5))).toMatchObject({ toolUseId: 'toolu_make' }); // orphaned under init at once
    a.noteHook(result('toolu_make', 2));
    expect(a.attribute(connect(40, '203.0.113.5', 400))).toMatchObject({ toolUseId: 'toolu_make' });
    const stray = a.attribute(exec(41, 1, ['curl', 'http://203.0.113.9'], 500))!;
    expect(stray).toMatchObject({ sessionId: 'S1', attribution: 'exact' });
    expect(stray.toolUseId).toBeUndefined(); // a real bypass stays one
  });

  it('the agent process itself does not pass the call open during its own event on to its later children', () => {
    const a = claude();
    a.noteHook(bash('sleep 1', 'toolu_a', 1));
    expect(a.attribute(connect(10, '160.79.104.10', 1.2))).toMatchObject({ toolUseId: 'toolu_a' }); // in-process work during the call
    a.noteHook(result('toolu_a', 2));
    expect(a.attribute(exec(42, 10, ['/bin/bash', '-c', 'curl x'], 50))!.toolUseId).toBeUndefined();
  });
});

describe('stdio MCP servers the agent starts from its config', () => {
  const FILES: McpLaunchSpec = { name: 'files', command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/w'] };

  it('are that server, with no tool call, even while one is open; their children too', () => {
    const a = claude({}, [FILES]);
    a.noteHook(bash('sleep 5', 'toolu_s', 1));
    const server = a.attribute(exec(50, 10, ['node', '/usr/bin/npx', '-y', '@modelcontextprotocol/server-filesystem', '/w'], 1.2))!;
    expect(server).toMatchObject({ sessionId: 'S1', attribution: 'exact', mcpServer: 'files' });
    expect(server.toolUseId).toBeUndefined();
    expect(a.attribute(exec(51, 50, ['node', '/root/.npm/_npx/1/node_modules/.bin/mcp-server-filesystem', '/w'], 1.3))).toMatchObject({ mcpServer: 'files' });
    const later = a.attribute(connect(51, '203.0.113.5', 600))!;
    expect(later).toMatchObject({ sessionId: 'S1', mcpServer: 'files' });
    expect(later.toolUseId).toBeUndefined();
  });

  it('the same command line run by a tool call is that call, not the server; a child of the agent not in its config is no server', () => {
    const a = claude({}, [FILES]);
    const cmd = 'npx -y @modelcontextprotocol/server-filesystem /w';
    a.noteHook(bash(cmd, 'toolu_try', 1));
    a.attribute(exec(60, 10, wrapper(cmd), 1.1));
    const tried = a.attribute(exec(61, 60, ['npx', '-y', '@modelcontextprotocol/server-filesystem', '/w'], 1.2))!;
    expect(tried).toMatchObject({ toolUseId: 'toolu_try' });
    expect(tried.mcpServer).toBeUndefined();
    expect(a.attribute(exec(62, 10, ['node', 'other-server.js'], 5))!.mcpServer).toBeUndefined();
  });

  it('a server of a project config read only after the process was first seen is recognised from then on', () => {
    let servers: McpLaunchSpec[] = [];
    const all: Record<number, FakeProc> = { 10: { ppid: 1, argv: AGENT } };
    const a = new Attributor({ selfPid: 1, proc: fakeProc(all), mcpServers: () => servers });
    a.attribute(exec(10, 1, AGENT, 0));
    a.attribute(exec(11, 10, ['/bin/bash', '-c', 'true'], 0));
    expect(a.attribute(exec(70, 10, ['uvx', 'mcp-server-git'], 1))!.mcpServer).toBeUndefined();
    servers = [{ name: 'git', command: 'uvx', args: ['mcp-server-git'] }];
    a.mcpConfigChanged();
    expect(a.attribute(connect(70, '203.0.113.5', 2))).toMatchObject({ mcpServer: 'git' });
  });

  it('serverOfCommandLine: the command by name (also as an interpreter script), then exactly its arguments', () => {
    const specs: McpLaunchSpec[] = [FILES, { name: 'py', command: 'python', args: ['srv.py'] }];
    expect(serverOfCommandLine(['/usr/bin/npx', '-y', '@modelcontextprotocol/server-filesystem', '/w'], specs)).toBe('files');
    expect(serverOfCommandLine(['python3.12', 'srv.py'], specs)).toBe('py');
    expect(serverOfCommandLine(['npx', '-y', '@modelcontextprotocol/server-filesystem', '/other'], specs)).toBeUndefined();
    expect(serverOfCommandLine(['python3', 'srv.py', '--evil'], specs)).toBeUndefined();
  });
});
