// On the poll tier, with real processes and the real daemon: what a busy agent does at startup, before its
// first hook reaches the daemon (a hooked session is judged on its OS events alone until then). An
// agent-like process (recognised as Claude Code by its path, its children stamped like Claude's) runs its
// shell snapshot, whose subshell pipes into a program, then a hook shell that exits at once and is not reaped
// while the agent's event loop is busy: a scan finds it as a zombie, `sh` with no command line. Neither is
// the agent acting: no interactive shell started, no hook bypass.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { cli, postHook, rmHome, startDaemon, waitForEvents, type TestDaemon } from '../helpers/daemon.js';
import { cleanEnv } from '../helpers/run-cli.js';
import type { Alert, Event } from '../../core/event.js';

const reason = process.platform !== 'linux' ? 'the poll tier reads /proc: Linux only' : undefined;

// The agent: Claude Code's shell snapshot (a subshell of it pipes `sleep` into `cat` for 3 s), then, 1.5 s
// later, a hook shell it leaves unreaped for 3 s (its event loop blocked, as a busy agent's is).
const AGENT = `const { spawn } = require('node:child_process');
const [sid] = process.argv.slice(2);
const env = { ...process.env, CLAUDECODE: '1', CLAUDE_CODE_SESSION_ID: sid };
const snapshot = 'SNAPSHOT_FILE=' + process.env.HOME + '/.claude/shell-snapshots/snapshot-bash-1.sh\\n( sleep 3 | cat; true )';
spawn('/bin/bash', ['-c', '-l', snapshot], { env, stdio: 'ignore' });
setTimeout(() => {
  const hookShell = spawn('/bin/sh', ['-c', 'exit 0'], { env, stdio: 'ignore' });
  process.stdout.write('hook shell ' + hookShell.pid + '\\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
  setTimeout(() => process.exit(0), 500);
}, 1500);`;

describe.skipIf(!!reason)(`an agent's startup processes on the poll tier${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let d: TestDaemon | undefined;
  let agent: ChildProcess | undefined;
  afterAll(async () => {
    agent?.kill();
    await d?.stop();
    if (d) rmHome(d.home);
  });

  it('its unreaped hook shell and its snapshot\'s subshell pipeline are neither an interactive shell nor a hook bypass', async () => {
    const home = fs.realpathSync(fs.mkdtempSync('/tmp/aw-startup-'));
    const ws = path.join(home, 'project');
    const bin = path.join(home, 'node_modules', '@anthropic-ai', 'claude-code');
    fs.mkdirSync(ws, { recursive: true });
    fs.mkdirSync(bin, { recursive: true });
    const agentScript = path.join(bin, 'cli.js');
    fs.writeFileSync(agentScript, AGENT);
    d = await startDaemon({ home });
    const daemon = d;
    const sid = crypto.randomUUID();
    agent = spawn(process.execPath, [agentScript, sid], { cwd: ws, env: cleanEnv({ HOME: home }), stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    agent.stdout!.setEncoding('utf8').on('data', (c: string) => { out += c; });
    const exited = new Promise((r) => agent!.once('exit', r));
    for (let i = 0; i < 100 && !/hook shell \d+/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    const shellPid = Number(/hook shell (\d+)/.exec(out)?.[1]);
    await exited;
    // Only now does the session's first hook arrive, as Claude's SessionStart does under load.
    expect((await postHook(daemon, { session_id: sid, cwd: ws, hook_event_name: 'SessionStart', source: 'startup' })).status).toBe(200);

    const zombie = (e: Event) => e.kind === 'exec' && e.pid === shellPid;
    const evs = await waitForEvents(daemon, sid, (e) => e.some(zombie) && e.some((x) => x.kind === 'session.start'), 20_000);
    const summary = JSON.stringify(evs.filter((e) => e.source !== 'hook').map((e) => [e.kind, e.pid, e.ppid, e.attribution, e.argv?.slice(0, 2), e.command, e.detail?.comm]));
    await new Promise((r) => setTimeout(r, 1000)); // the store commits in batches
    const alerts = cli(daemon, ['alerts', '--json', '--session', sid]).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Alert);
    expect(alerts.map((a) => `${a.rule}: ${a.reason}`), summary).toEqual([]);
    // The scan did find the hook shell only after it exited, as the agent's own child, with no command line.
    expect(evs.find(zombie), summary).toMatchObject({ sessionId: sid, attribution: 'ancestry', detail: { comm: 'sh', zombie: true } });
    expect(evs.find(zombie)!.command, summary).toBeUndefined();
    // The snapshot's programs are the agent's bookkeeping, left out like the snapshot itself.
    expect(evs.filter((e) => e.kind === 'exec' && (e.argv?.[0] === 'cat' || e.argv?.[0] === 'sleep')), summary).toEqual([]);
  }, 60_000);
});
