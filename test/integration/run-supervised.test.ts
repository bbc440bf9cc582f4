// `agentwatch run -- <command…>` end to end with real processes: the command runs in a pty, its output
// passes through unchanged and is recorded (redacted) as asciicast v2, its exit code comes back, and its
// whole tree — a grandchild that writes a file and connects to a loopback listener — lands in the
// daemon's log under the run's session id (environment stamp → `exact`), between session.start and
// session.end. Once per process tier, and once with no daemon at all.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { cli, cliMain, makeHome, rmHome, startDaemon, waitForEvents, type TestDaemon } from '../helpers/daemon.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/run-cli.js';
import { KernelConfigSchema } from '../../collectors/kernel/config.js';
import { kernelTierUnavailable } from '../../collectors/kernel/kernel-collector.js';
import pty from 'node-pty';
import { parseCast } from '../../daemon/supervise/asciicast.js';
import type { Event } from '../../core/event.js';

const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const PY = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

// The "agent": prints (a key id split across two writes, so it reaches the pty in two chunks), starts a
// grandchild that lives long enough for a poller (~1.3 s), and exits 7.
const script = (port: number) => `
echo "hello from the agent"
printf 'key id: AKIAIOSF'; sleep 0.05; printf 'ODNN7EXAMPLE\\n'
echo "aws_secret_access_key = ${AWS_SECRET}"
sh -c 'sleep 0.3; exec ${PY} -c "import socket, time, os; open(os.environ[\\"HOME\\"] + \\"/x.txt\\", \\"w\\").write(\\"hi\\"); s = socket.create_connection((\\"127.0.0.1\\", ${port})); time.sleep(1); s.close()"'
echo "done"
exit 7`;

function runAgentwatch(home: string, args: string[], input?: string): Promise<CliRun> {
  if (input === undefined) return runCli({ name: 'agentwatch run', bin: process.execPath, args: [cliMain, ...args], cwd: home, env: { HOME: home }, timeoutMs: 20_000 });
  const r = spawnSync(process.execPath, [cliMain, ...args], { cwd: home, env: cleanEnv({ HOME: home }), input, encoding: 'utf8', timeout: 20_000 });
  return Promise.resolve({ code: r.status, stdout: r.stdout, stderr: r.stderr, ms: 0 });
}

const sessionOf = (stderr: string) => /agentwatch: session (run-[0-9a-f-]+) \(recording to (.+)\)/.exec(stderr);

function checkCast(file: string, stateDir: string, sid: string): string {
  expect(file).toBe(path.join(stateDir, 'sessions', `${sid}.cast`));
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  const { header, events } = parseCast(fs.readFileSync(file, 'utf8'));
  expect(header).toMatchObject({ version: 2, width: 80, height: 24 });
  expect(typeof header.timestamp).toBe('number');
  return events.filter((e) => e[1] === 'o').map((e) => e[2]).join('');
}

const summary = (evs: Event[]) => JSON.stringify(evs.map((e) => [e.kind, e.source, e.attribution, e.pid, e.argv?.[0], e.path, e.remote?.port]));
const kernelReason = kernelTierUnavailable(KernelConfigSchema.parse({}));

describe.each([
  { tier: 'poll', skip: undefined as string | undefined },
  { tier: 'kernel', skip: kernelReason },
])('agentwatch run under a daemon ($tier tier)', ({ tier, skip }) => {
  let d: TestDaemon | undefined;
  let listener: net.Server | undefined;
  let port = 0;
  const accepted: net.Socket[] = [];
  beforeAll(async () => {
    if (skip) return;
    listener = net.createServer((s) => { accepted.push(s); s.on('error', () => {}); });
    await new Promise<void>((r) => listener!.listen(0, '127.0.0.1', r));
    port = (listener.address() as net.AddressInfo).port;
    d = await startDaemon({ kernel: tier === 'kernel' });
  });
  afterAll(async () => {
    listener?.close();
    await d?.stop();
    if (d) rmHome(d.home);
  });

  it.skipIf(!!skip)(`passes the terminal through, records it redacted, exits 7, and ties the grandchild to the run's session${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const daemon = d!;
    const r = await runAgentwatch(daemon.home, ['run', '--', 'bash', '-c', script(port)]);
    expect(r.code, r.stderr).toBe(7);
    // Pass-through is unchanged: the terminal shows what the command printed, secrets included.
    expect(r.stdout).toContain('hello from the agent');
    expect(r.stdout).toContain(`key id: ${AWS_KEY_ID}`);
    expect(r.stderr).not.toContain('not being recorded');
    const m = sessionOf(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const [, sid, castFile] = m!;
    expect(accepted.length).toBeGreaterThan(0);

    const recorded = checkCast(castFile!, daemon.stateDir, sid!);
    expect(recorded).toContain('hello from the agent');
    expect(recorded).toContain('done');
    expect(recorded).toContain('key id: [REDACTED]');
    expect(recorded).not.toContain(AWS_KEY_ID);
    expect(recorded).not.toContain('ODNN7EXAMPLE');
    expect(recorded).not.toContain(AWS_SECRET);

    const isPython = (e: Event) => e.kind === 'exec' && (e.argv?.[0] ?? '').endsWith('python3');
    const kernel = tier === 'kernel';
    const written = (e: Event) => e.kind === 'file.write' && e.path === path.join(daemon.home, 'x.txt');
    const writtenByProcess = (e: Event) => written(e) && e.pid !== undefined;
    const connected = (e: Event) => e.kind === 'net.connect' && e.remote?.addr === '127.0.0.1' && e.remote.port === port;
    const evs = await waitForEvents(daemon, sid!, (e) => e.some((x) => x.kind === 'session.end') && e.some(isPython) && e.some(connected) && (!kernel || e.some(writtenByProcess)));

    const start = evs.find((e) => e.kind === 'session.start');
    expect(start, summary(evs)).toMatchObject({ source: 'pty', sessionId: sid, agent: { kind: 'unknown' }, cwd: daemon.home, detail: { cast: castFile } });
    expect(start!.argv!.slice(0, 2)).toEqual(['bash', '-c']);
    expect(start!.argv![2]).toContain('echo "hello from the agent"');
    expect(start!.pid).toBeGreaterThan(0);
    expect(evs[0]).toBe(start); // a session's start heads its listing
    const end = evs.find((e) => e.kind === 'session.end');
    expect(end, summary(evs)).toMatchObject({ source: 'pty', sessionId: sid, pid: start!.pid, detail: { exitCode: 7 } });

    const py = evs.find(isPython);
    expect(py, summary(evs)).toMatchObject({ sessionId: sid, attribution: 'exact' });
    expect(evs.find(connected), summary(evs)).toMatchObject({ sessionId: sid, pid: py!.pid, attribution: 'exact' });
    if (kernel) {
      // Only the kernel tier sees every exec (the shell in between) and writes outside watched places.
      // (the file watcher may report the same write too, without a pid: a guess by workspace, `probable`)
      expect(evs.find(writtenByProcess), summary(evs)).toMatchObject({ sessionId: sid, pid: py!.pid, attribution: 'exact' });
      expect(evs.some((e) => e.kind === 'exec' && e.pid === start!.pid && e.argv?.[0] === 'bash')).toBe(true);
    }
    // The secret in the command line is redacted in the event log; the recording is no file event of the session.
    expect(JSON.stringify(evs)).not.toContain(AWS_SECRET);
    expect(evs.filter((e) => e.path?.endsWith('.cast'))).toEqual([]);
  }, 30_000);

  // The poll tier scans fast only while an agent is at work; a supervised run is one from its start to its end,
  // so its short-lived connections are seen at the fast pace (the test above relies on it).
  if (tier === 'poll') it.skipIf(!!skip)(`polls at the fast pace while a supervised run is open, and slows again after it${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const daemon = d!;
    const netTier = async () => {
      const h = (await (await fetch(daemon.url('/v1/health'))).json()) as { collectors: Record<string, { tier?: string }> };
      return h.collectors['network-poll']?.tier ?? '';
    };
    const idle = /while no agent is at work/;
    // Other test files may run a real agent meanwhile (the poller sees the whole machine), which keeps the
    // pace fast; the slowing afterwards is checked only when the machine was idle before.
    const idleBefore = idle.test(await netTier());
    const run = runAgentwatch(daemon.home, ['run', '--quiet', '--', 'sh', '-c', 'sleep 3']);
    let during = '';
    for (const until = Date.now() + 2_500; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      during = await netTier();
      if (!idle.test(during)) break;
    }
    expect(during).toMatch(/^poll \(\/proc\/net every 250 ms\)$/);
    expect((await run).code).toBe(0);
    if (idleBefore) expect(await netTier()).toMatch(idle);
  }, 30_000);

  it.skipIf(!!skip)(`the session endpoint wants the token, refuses browsers, and says what is wrong with a body${skip ? ` (skipped: ${skip})` : ''}`, async () => {
    const daemon = d!;
    const body = JSON.stringify({ kind: 'session.start', sessionId: 'run-x', agent: 'codex' });
    const post = async (headers: Record<string, string>, b = body) => {
      const res = await fetch(daemon.url('/v1/pty/sessions'), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: b });
      return { status: res.status, error: ((await res.json()) as { error?: string }).error };
    };
    const auth = { authorization: `Bearer ${daemon.token}` };
    expect(await post({})).toEqual({ status: 401, error: 'token required' });
    expect(await post({ authorization: 'Bearer nope' })).toMatchObject({ status: 401 });
    expect(await post({ ...auth, origin: 'https://evil.example' })).toMatchObject({ status: 403 });
    expect(await post(auth, '{"kind":')).toEqual({ status: 400, error: 'body is not valid JSON' });
    expect(await post(auth, JSON.stringify({ kind: 'session.start', sessionId: 'run-x', agent: 'vim' }))).toMatchObject({ status: 400, error: expect.stringMatching(/^agent: /) });
    expect(await post(auth)).toMatchObject({ status: 200 });
  });
});

describe('agentwatch run with no daemon', () => {
  let home = '';
  beforeAll(() => { home = makeHome('aw-run-home-'); });
  afterAll(() => rmHome(home));

  it('still runs and records the command, says in one line that events are not recorded, and exits as it did', async () => {
    const r = await runAgentwatch(home, ['run', '--', 'sh', '-c', 'echo "args: $0 $1"; exit 3', '--help', '-q']);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toContain('args: --help -q'); // flags after -- are the command's, not ours
    expect(r.stderr.match(/events are not being recorded/g)).toHaveLength(1);
    const m = sessionOf(r.stderr)!;
    expect(checkCast(m[2]!, path.join(home, '.local', 'state', 'agentwatch'), m[1]!)).toContain('args: --help -q');
  });

  it('forwards piped stdin, ending it with EOF', async () => {
    const r = await runAgentwatch(home, ['run', '--quiet', '--', 'sh', '-c', 'while read -r l; do echo "got:$l"; done; echo eof'], 'one\ntwo\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('got:one');
    expect(r.stdout).toContain('got:two');
    expect(r.stdout).toContain('eof');
    expect(r.stderr).not.toContain('agentwatch: session');
  });

  it("the stamps it leaves in the environment are not taken for options by agentwatch commands run inside the session (a hook)", () => {
    const r = spawnSync(process.execPath, [cliMain, 'hook', 'codex'], {
      env: cleanEnv({ HOME: home, AGENTWATCH_SESSION_ID: 'run-1', AGENTWATCH_AGENT: 'claude-code' }), input: '{}', encoding: 'utf8', timeout: 10_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('{}'); // codex's fail-open answer: the positional agent won over AGENTWATCH_AGENT
  });

  it('dies of the signal that killed the command', async () => {
    const child = spawn(process.execPath, [cliMain, 'run', '-q', '--', 'sh', '-c', 'kill -TERM $$'], { cwd: home, env: cleanEnv({ HOME: home }), stdio: 'ignore' });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.once('exit', (c, s) => res([c, s])));
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('refuses bad usage with one line: no command, an unknown flag before --, an unknown --agent, a missing command', async () => {
    for (const [args, code, msg] of [
      [['run'], 2, /name the agent command after --/],
      [['run', '--bogus', '--', 'true'], 2, /Unknown argument: bogus/],
      [['run', '--agent', 'nope', '--', 'true'], 2, /--agent "nope" is not one of/],
      [['run', '--', 'no-such-command-xyz'], 127, /command not found: no-such-command-xyz/],
    ] as const) {
      const r = await runAgentwatch(home, [...args]);
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

describe('agentwatch run in a terminal', () => {
  let home = '';
  beforeAll(() => { home = makeHome('aw-run-tty-'); });
  afterAll(() => rmHome(home));

  it('puts the terminal in raw mode, follows a window resize, and restores the terminal when the command exits', async () => {
    // The user's terminal is a pty of our own: 100x30, then 120x40 while the command runs. The command reads one
    // byte in raw mode: it only gets it if agentwatch passes keys on as they are typed (no line buffering).
    const inner = 'stty size; stty raw -echo; c=$(dd bs=1 count=1 2>/dev/null); stty sane; echo "typed:$c"; stty size';
    const outer = pty.spawn('/bin/sh', ['-c', '"$0" "$1" run -- sh -c "$2"; echo "exit:$?"; stty -a', process.execPath, cliMain, inner],
      { cols: 100, rows: 30, cwd: home, env: cleanEnv({ HOME: home }) as Record<string, string> });
    let screen = '';
    outer.onData((d) => { screen += d; });
    const seen = async (text: string, ms = 10_000) => {
      for (const until = Date.now() + ms; !screen.includes(text); await new Promise((r) => setTimeout(r, 20))) {
        if (Date.now() > until) throw new Error(`no "${text}" on the terminal: ${JSON.stringify(screen)}`);
      }
    };
    const exited = new Promise<number>((r) => outer.onExit((e) => r(e.exitCode)));
    onTestFinished(() => { try { outer.kill('SIGKILL'); } catch { /* exited already */ } });
    await seen('30 100');
    outer.resize(120, 40);
    await new Promise((r) => setTimeout(r, 300)); // SIGWINCH → agentwatch → the command's pty
    outer.write('q');
    await seen('typed:q');
    await seen('40 120');
    expect(await exited).toBe(0);
    expect(screen).toContain('exit:0');
    const after = screen.slice(screen.indexOf('exit:0'));
    expect(after).toMatch(/(^|\s)icanon(\s|;|$)/); // the user's terminal is back in line mode, echoing
    expect(after).toMatch(/(^|\s)echo(\s|;|$)/);

    const m = sessionOf(screen)!;
    const { header, events } = parseCast(fs.readFileSync(m[2]!.trim(), 'utf8'));
    expect(header).toMatchObject({ width: 100, height: 30 });
    expect(events).toContainEqual([expect.any(Number), 'r', '120x40']);
    expect(events.filter((e) => e[1] === 'o').map((e) => e[2]).join('')).toContain('40 120');
  });
});
