// Two sessions of a real agent CLI (Gemini CLI, Codex) launched one after the other from one long-lived
// `bash` — a developer's terminal — the first leaving a background process behind. The second session's
// effects (a credential read, a file write) belong to the second session, never the first, and the
// shell itself carries neither: a long-lived parent never inherits a session from a child.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cleanEnv } from '../helpers/run-cli.js';
import { cli, makeHome, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { startFakeGemini } from '../helpers/fake-gemini.js';
import { geminiBinary, geminiSkipReason, writeGeminiSettings } from '../helpers/gemini-cli.js';
import { startFakeResponses } from '../helpers/fake-openai-responses.js';
import { codexBinary, codexSkipReason, writeCodexConfig } from '../helpers/codex-cli.js';
import { jsonLines } from '../helpers/run-cli.js';
import { KernelConfigSchema } from '../../collectors/kernel/config.js';
import { kernelTierUnavailable } from '../../collectors/kernel/kernel-collector.js';
import type { AgentKind, Event } from '../../core/event.js';

// The credential read and the write are short-lived commands: only the kernel tier sees them for sure.
const kernelSkip = kernelTierUnavailable(KernelConfigSchema.parse({}));

interface Model { close(): Promise<void> }
interface Agent {
  kind: AgentKind;
  skip?: string;
  /** A scripted model that runs these shell commands one by one. */
  model(commands: string[]): Promise<Model & { url: string }>;
  configure(home: string, firstModelUrl: string): void;
  /** The shell line that runs the CLI against `modelUrl`, stdout to `out`. */
  line(modelUrl: string, prompt: string, out: string): string;
  /** The session id from the CLI's JSONL output. */
  sessionId(stdout: string): string | undefined;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const gemini: Agent = {
  kind: 'gemini-cli',
  skip: geminiSkipReason(),
  model: async (commands) => startFakeGemini([...commands.map((command) => ({ tool: 'run_shell_command', args: { command, description: 'step' } })), { text: 'Done.' }]),
  configure: (home) => { writeGeminiSettings(home); },
  line: (url, prompt, out) => `GOOGLE_GEMINI_BASE_URL=${q(url)} ${q(geminiBinary())} -p ${q(prompt)} --yolo --skip-trust -m gemini-2.5-flash -o stream-json > ${q(out)} 2>&1`,
  sessionId: (stdout) => jsonLines<{ type: string; session_id?: string }>(stdout).find((e) => e.type === 'init')?.session_id,
};

const codex: Agent = {
  kind: 'codex',
  skip: codexSkipReason(),
  model: async (commands) => {
    const m = await startFakeResponses([...commands.map((cmd) => ({ tool: 'exec_command', args: { cmd } })), { text: 'Done.' }]);
    return { ...m, url: m.baseUrl };
  },
  configure: (home, url) => { writeCodexConfig(home, url); },
  line: (url, prompt, out) => `${q(codexBinary())} exec --json --skip-git-repo-check --dangerously-bypass-approvals-and-sandbox --dangerously-bypass-hook-trust -c ${q(`model_providers.mock.base_url="${url}"`)} ${q(prompt)} > ${q(out)} 2>&1`,
  sessionId: (stdout) => jsonLines<{ type: string; thread_id?: string }>(stdout).find((e) => e.type === 'thread.started')?.thread_id,
};

/** A real long-lived bash reading commands from a pipe: the terminal both sessions are started from. */
function startShell(home: string, cwd: string, env: Record<string, string>) {
  // detached: the shell leads a process group, so stop() also ends a CLI still running in it.
  const sh = spawn('bash', ['--norc', '--noprofile', '-s'], { cwd, env: cleanEnv({ HOME: home, ...env }), stdio: ['pipe', 'ignore', 'ignore'], detached: true });
  return {
    pid: sh.pid!,
    /** Runs `line` in the shell, stdin closed (`codex exec` reads a piped stdin), and waits for it to finish. */
    async run(line: string, timeoutMs = 120_000): Promise<number> {
      const done = path.join(home, `done-${Date.now()}`);
      sh.stdin.write(`${line} < /dev/null; echo $? > ${q(done)}\n`);
      for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 200))) {
        if (fs.existsSync(done)) return Number(fs.readFileSync(done, 'utf8').trim());
      }
      throw new Error(`shell line did not finish in ${timeoutMs} ms: ${line}`);
    },
    stop: () => { sh.stdin.end(); try { process.kill(-sh.pid!, 'SIGKILL'); } catch { /* already gone */ } },
  };
}

function stored(d: TestDaemon, args: string[]): Event[] {
  const r = cli(d, ['events', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
}

async function twoSessionsFromOneShell(agent: Agent): Promise<void> {
  const home = fs.realpathSync(makeHome(`aw-e2e-shell-${agent.kind}-`));
  const ws = path.join(home, 'project');
  fs.mkdirSync(ws);
  fs.mkdirSync(path.join(home, '.aws'));
  fs.writeFileSync(path.join(home, '.aws', 'credentials'), '[default]\naws_access_key_id = AKIAEXAMPLEEXAMPLE12\n');
  const bgPid = path.join(home, 'bg.pid');
  const written = path.join(ws, 'second.txt');
  const first = await agent.model([`sleep 300 > /dev/null 2>&1 & echo $! > ${bgPid}`]);
  const second = await agent.model(['cat ~/.aws/credentials', `echo from-second > ${written}`]);
  agent.configure(home, first.url);
  const daemon = await startDaemon({ home, kernel: true });
  const shell = startShell(home, ws, agent.kind === 'gemini-cli' ? { GEMINI_API_KEY: 'sk-test', CI: 'true' } : { MOCK_API_KEY: 'sk-test' });
  try {
    const inst = cli(daemon, ['install', '--user', '--agents', agent.kind, '--port', String(daemon.port)]);
    expect(inst.code, inst.stderr).toBe(0);
    const out1 = path.join(home, 'out1.jsonl');
    const out2 = path.join(home, 'out2.jsonl');
    expect(await shell.run(agent.line(first.url, 'start the server', out1)), fs.readFileSync(out1, 'utf8')).toBe(0);
    expect(fs.existsSync(bgPid)).toBe(true);
    expect(await shell.run(agent.line(second.url, 'show my credentials and write a file', out2)), fs.readFileSync(out2, 'utf8')).toBe(0);
    expect(fs.readFileSync(written, 'utf8')).toBe('from-second\n');
    const sid1 = agent.sessionId(fs.readFileSync(out1, 'utf8'))!;
    const sid2 = agent.sessionId(fs.readFileSync(out2, 'utf8'))!;
    expect(sid1).toBeTruthy();
    expect(sid2).toBeTruthy();
    expect(sid2).not.toBe(sid1);

    const credentials = path.join(home, '.aws', 'credentials');
    const isCredRead = (e: Event) => e.source === 'file' && e.kind === 'file.read' && e.path === credentials;
    const isWrite = (e: Event) => e.source === 'file' && e.kind.startsWith('file.') && e.kind !== 'file.read' && e.path === written;
    let events2: Event[] = [];
    for (let i = 0; i < 60 && !(events2.some(isCredRead) && events2.some(isWrite)); i++) {
      await new Promise((r) => setTimeout(r, 250));
      events2 = stored(daemon, ['--session', sid2]);
    }
    const show = (evs: Event[]) => JSON.stringify(evs.map((e) => [e.kind, e.source, e.attribution, e.pid, e.path ?? e.argv?.slice(0, 3)]));
    const all = stored(daemon, []);
    // The second session's effects, seen by the OS collectors, are its own.
    expect(events2.find(isCredRead), show(all)).toMatchObject({ sessionId: sid2, agent: { kind: agent.kind } });
    expect(events2.find(isWrite), show(all)).toMatchObject({ sessionId: sid2 });
    // …and none of them is charged to the first session.
    const events1 = stored(daemon, ['--session', sid1]);
    expect(events1.filter((e) => isCredRead(e) || isWrite(e) || e.argv?.some((a) => a.includes('credentials'))), show(events1)).toEqual([]);
    // The shell never carries a session, whatever it did (it launched both CLIs).
    expect(all.filter((e) => e.pid === shell.pid && e.sessionId !== undefined), show(all)).toEqual([]);
    // The background process the first session left behind is still the first session's.
    const bg = Number(fs.readFileSync(bgPid, 'utf8'));
    for (const e of all.filter((x) => x.pid === bg && x.source === 'process')) expect(e.sessionId, show([e])).toBe(sid1);
  } finally {
    try { process.kill(Number(fs.readFileSync(bgPid, 'utf8')), 'SIGKILL'); } catch { /* gone or never started */ }
    shell.stop();
    await first.close();
    await second.close();
    await daemon.stop();
    rmHome(home);
  }
}

describe('two sessions started one after the other from one shell', () => {
  for (const agent of [gemini, codex]) {
    const skip = agent.skip ?? kernelSkip;
    it.skipIf(!!skip)(`${agent.kind}: the second session's credential read and write are its own; the shell carries no session${skip ? ` (skipped: ${skip})` : ''}`,
      () => twoSessionsFromOneShell(agent), 300_000);
  }
});
