// On the poll tier, with real processes and the real daemon: an agent-like process (recognised as Claude
// Code by its path) whose children carry Claude's stamps, its hooks posted like Claude's. A Bash call
// backgrounds a dev server through a script (its command line never names the script's program) and
// returns at once; seven seconds later, long past the hook's correlation window, the server's new child
// connects out. The agent also runs a stdio MCP server from its ~/.claude.json, which connects out on its
// own; and at the end it runs a program with no hook at all. Polling sees processes and live sockets only,
// so only those are asserted: the server's connection is the Bash call's, the MCP server's is that server's,
// neither is a hook bypass, and the unannounced program still is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { cli, postHook, rmHome, startDaemon, waitForEvents, type TestDaemon } from '../helpers/daemon.js';
import { cleanEnv } from '../helpers/run-cli.js';
import { netnsSkipReason, startNamespaceSink, type NamespaceSink } from '../helpers/netns.js';
import type { Alert, Event } from '../../core/event.js';

const reason = process.platform !== 'linux' ? 'the poll tier reads /proc: Linux only' : netnsSkipReason();
const PORT = 18_240;

// Connects, writes its pid where it was told, holds the socket long enough for a poller to see it.
const CONNECT = `const net = require('node:net'); const fs = require('node:fs');
const [addr, port, pidFile] = process.argv.slice(2);
const s = net.connect(Number(port), addr, () => { fs.writeFileSync(pidFile, String(process.pid)); setTimeout(() => { s.destroy(); process.exit(0); }, 2500); });
s.on('error', (e) => { console.error(e.message); process.exit(1); });`;
// The dev server: alive well past its tool call; after 7 s it starts a child that connects out.
const SERVER = `const { spawn } = require('node:child_process');
const [connect, addr, port, pidFile] = process.argv.slice(2);
setTimeout(() => spawn(process.execPath, [connect, addr, port, pidFile], { stdio: 'ignore' }).on('exit', () => process.exit(0)), 7000);`;
// The stdio MCP server: connects out when its client says so on stdin.
const MCP = `const { spawn } = require('node:child_process');
const [connect, addr, port, pidFile] = process.argv.slice(2);
process.stdin.on('data', () => spawn(process.execPath, [connect, addr, port, pidFile], { stdio: 'inherit' }));`;
// The agent: Claude Code's MCP start (command + args from its config) and Bash wrapper, with its stamps.
const AGENT = `const { spawn } = require('node:child_process');
const [sid, ws, mcpCommand, mcpArgs] = process.argv.slice(2);
const env = { ...process.env, CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: sid };
const mcp = spawn(mcpCommand, JSON.parse(mcpArgs), { env, stdio: ['pipe', 'ignore', 'inherit'] });
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const [verb, ...rest] = line.split(' ');
  const cmd = rest.join(' ');
  if (verb === 'mcp') mcp.stdin.write('go\\n');
  if (verb === 'bash') spawn('/bin/bash', ['-c', 'source ' + process.env.HOME + '/.claude/shell-snapshots/snapshot-bash-1.sh 2>/dev/null || true && eval ' + JSON.stringify(cmd)], { env, cwd: ws, stdio: 'ignore' })
    .on('exit', (code) => console.log('bash done ' + code));
  if (verb === 'quit') { mcp.kill(); process.exit(0); }
});`;

describe.skipIf(!!reason)(`background processes and MCP servers on the poll tier${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let ns: NamespaceSink | undefined;
  let d: TestDaemon | undefined;
  let agent: ChildProcess | undefined;
  beforeAll(async () => { ns = await startNamespaceSink(`bg${process.pid % 100000}`, [241, 248], PORT); });
  afterAll(async () => {
    agent?.kill();
    await d?.stop();
    if (d) rmHome(d.home);
    await ns?.stop();
  });

  it('a late connection of what a Bash call left running is that call\'s, an MCP server\'s is that server\'s; neither is a bypass, an unhooked program is', async () => {
    const home = fs.realpathSync(fs.mkdtempSync('/tmp/aw-bg-'));
    const ws = path.join(home, 'project');
    const bin = path.join(home, 'node_modules', '@anthropic-ai', 'claude-code');
    fs.mkdirSync(ws, { recursive: true });
    fs.mkdirSync(bin, { recursive: true });
    const file = (p: string, text: string) => { fs.writeFileSync(p, text); return p; };
    const connect = file(path.join(home, 'connect.cjs'), CONNECT);
    const server = file(path.join(ws, 'server.cjs'), SERVER);
    const mcpScript = file(path.join(home, 'mcp-files.cjs'), MCP);
    const agentScript = file(path.join(bin, 'cli.js'), AGENT);
    const addr = ns!.host.nsAddr;
    const pidFile = (name: string) => path.join(home, `${name}.pid`);
    // The script's own command line (`/bin/sh ./start-dev.sh`, then node) never says what the Bash call said.
    const startDev = file(path.join(ws, 'start-dev.sh'), `#!/bin/sh\nexec "${process.execPath}" ${server} ${connect} ${addr} ${PORT} ${pidFile('bg')}\n`);
    fs.chmodSync(startDev, 0o755);
    const mcpArgs = [mcpScript, connect, addr, String(PORT), pidFile('mcp')];
    fs.writeFileSync(path.join(home, '.claude.json'), JSON.stringify({ mcpServers: { files: { command: process.execPath, args: mcpArgs } } }));

    d = await startDaemon({ home });
    const daemon = d;
    const sid = crypto.randomUUID();
    const hook = async (body: Record<string, unknown>) => expect((await postHook(daemon, { session_id: sid, cwd: ws, ...body })).status).toBe(200);
    agent = spawn(process.execPath, [agentScript, sid, ws, process.execPath, JSON.stringify(mcpArgs)], { cwd: ws, env: cleanEnv({ HOME: home }), stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: string[] = [];
    agent.stdout!.setEncoding('utf8').on('data', (c: string) => lines.push(...c.split('\n').filter(Boolean)));
    const say = (line: string) => agent!.stdin!.write(`${line}\n`);
    const pidOf = async (name: string) => { // a file seen between its creation and its write is still empty
      const read = () => { try { return Number(fs.readFileSync(pidFile(name), 'utf8')) || undefined; } catch { return undefined; } };
      for (let i = 0; i < 200 && read() === undefined; i++) await new Promise((r) => setTimeout(r, 100));
      return read()!;
    };

    await hook({ hook_event_name: 'UserPromptSubmit', prompt: 'start the dev server' });
    const command = './start-dev.sh > /dev/null 2>&1 &';
    await hook({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 'toolu_bg' });
    say(`bash ${command}`);
    for (let i = 0; i < 100 && !lines.includes('bash done 0'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(lines).toContain('bash done 0');
    await new Promise((r) => setTimeout(r, 500));
    await hook({ hook_event_name: 'PostToolUse', tool_name: 'Bash', tool_input: { command }, tool_use_id: 'toolu_bg', tool_response: { stdout: '', stderr: '' } });
    say('mcp'); // no tool call open: the server acts on its own
    const mcpPid = await pidOf('mcp');
    const bgPid = await pidOf('bg'); // 7 s after the call
    const conn = (pid: number) => (e: Event) => e.kind === 'net.connect' && e.pid === pid && e.remote?.addr === addr;
    let evs = await waitForEvents(daemon, sid, (e) => e.some(conn(mcpPid)) && e.some(conn(bgPid)), 20_000);
    const summary = JSON.stringify({ mcpPid, bgPid, evs: evs.filter((e) => e.source !== 'hook').map((e) => [e.kind, e.pid, e.attribution, e.toolUseId, e.mcpServer, e.argv?.slice(0, 2), e.remote]) });
    const bgConnect = evs.find(conn(bgPid));
    expect(bgConnect, summary).toMatchObject({ sessionId: sid, attribution: 'exact', toolUseId: 'toolu_bg' });
    const call = evs.find((e) => e.source === 'hook' && e.kind === 'tool.call' && e.tool?.useId === 'toolu_bg')!;
    expect(Date.parse(bgConnect!.ts) - Date.parse(call.ts)).toBeGreaterThan(5_000); // past the hook correlation window
    const mcpConnect = evs.find(conn(mcpPid));
    expect(mcpConnect, summary).toMatchObject({ sessionId: sid, attribution: 'exact', mcpServer: 'files' });
    expect(mcpConnect!.toolUseId).toBeUndefined();

    // The agent runs a program no hook announced: still a bypass, and the only evidence of one.
    say(`bash "${process.execPath}" ${connect} ${addr} ${PORT} ${pidFile('bypass')}`);
    const bypassPid = await pidOf('bypass');
    evs = await waitForEvents(daemon, sid, (e) => e.some(conn(bypassPid)), 20_000);
    const bypassConnect = evs.find(conn(bypassPid));
    expect(bypassConnect, summary).toMatchObject({ sessionId: sid, attribution: 'exact' });
    expect(bypassConnect!.toolUseId).toBeUndefined();
    let alerts: Alert[] = [];
    for (let i = 0; i < 40 && !alerts.some((a) => a.rule === 'hook-bypass'); i++) {
      alerts = cli(daemon, ['alerts', '--json', '--session', sid]).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Alert);
      await new Promise((r) => setTimeout(r, 250));
    }
    const bypass = alerts.find((a) => a.rule === 'hook-bypass');
    expect(bypass, JSON.stringify(alerts)).toBeDefined();
    expect(bypass!.evidence).toContain(bypassConnect!.id);
    const tied = new Set(evs.filter((e) => e.toolUseId !== undefined || e.mcpServer !== undefined).map((e) => e.id));
    expect(bypass!.evidence.filter((id) => tied.has(id))).toEqual([]);
    expect(bypass!.reason).toContain(`${addr}:${PORT}`);
    say('quit');
  }, 90_000);
});
