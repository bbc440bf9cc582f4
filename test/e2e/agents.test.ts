// Acceptance (issue 5): while the real Claude Code runs a tool call that lasts a few seconds,
// `agentwatch agents --json` lists a claude-code process with the session id it was started with,
// its live children, and agentwatch's hooks installed and arriving. The real Codex shows as one row
// (node shim + native binary; the native one holds its rollout file open) with its thread id; the real
// Gemini CLI (launcher + relaunched node) gets its session from the store's hook events of the same cwd.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startFakeAnthropic } from '../helpers/fake-anthropic.js';
import { claudeBinary } from '../helpers/claude-cli.js';
import { runCli } from '../helpers/run-cli.js';
import { cli, makeHome, rmHome, startDaemon } from '../helpers/daemon.js';
import { codexBinary, codexSkipReason, writeCodexConfig } from '../helpers/codex-cli.js';
import { startFakeResponses } from '../helpers/fake-openai-responses.js';
import { jsonLines } from '../helpers/run-cli.js';
import { geminiSkipReason, runGemini, writeGeminiSettings } from '../helpers/gemini-cli.js';
import { startFakeGemini } from '../helpers/fake-gemini.js';
import type { Event } from '../../core/event.js';

interface Row { live: boolean; agent: string; variant?: string; pid?: number; cwd?: string; sessionIds: string[]; children?: number; hooksInstalled?: boolean; hooksArriving: boolean }

describe('agentwatch agents with the real agents', () => {
  const homes: string[] = [];
  afterAll(() => { for (const h of homes) rmHome(h); });

  it('lists the running claude-code process with its session id while a Bash tool call runs', async () => {
    const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aw-e2e-agents-')));
    homes.push(home);
    const ws = path.join(home, 'project');
    fs.mkdirSync(ws);
    const daemon = await startDaemon({ home, config: { collectors: { kernel: { enabled: false }, agents: { intervalMs: 500, activeIntervalMs: 200 } } } });
    const inst = cli(daemon, ['install', '--user', '--agents', 'claude-code', '--port', String(daemon.port)]);
    expect(inst.code, inst.stderr).toBe(0);
    const fake = await startFakeAnthropic([{ tool: 'Bash', input: { command: 'sleep 4', description: 'wait a bit' } }, { text: 'done' }]);
    const sid = randomUUID();
    try {
      const run = runCli({
        name: 'claude', bin: claudeBinary(), cwd: ws, timeoutMs: 60_000,
        args: ['-p', 'wait a bit', '--dangerously-skip-permissions', '--output-format', 'json', '--session-id', sid],
        env: { HOME: home, IS_SANDBOX: '1', ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-test', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', CI: 'true' },
      });
      // Poll until the Bash tool call is running (the row has a live child and hooks have arrived).
      let row: Row | undefined;
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const r = cli(daemon, ['agents', '--json']);
        expect(r.code, r.stderr).toBe(0);
        row = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row)
          .find((x) => x.live && x.agent === 'claude-code' && x.sessionIds.includes(sid));
        if (row && (row.children ?? 0) > 0 && row.hooksArriving) break;
        await new Promise((res) => setTimeout(res, 250));
      }
      expect(row).toMatchObject({ live: true, agent: 'claude-code', variant: 'npm', cwd: ws, sessionIds: [sid], hooksInstalled: true, hooksArriving: true });
      expect(row!.children).toBeGreaterThanOrEqual(1); // bash -c … sleep 4 (and sleep)
      const done = await run;
      expect(done.code, done.stderr).toBe(0);
      expect(JSON.parse(done.stdout.slice(done.stdout.indexOf('{'))).session_id).toBe(sid);
      // Once it has exited, the session is still listed from the store, as gone.
      await new Promise((res) => setTimeout(res, 800)); // the collector's next scan, then the store's batch
      const after = cli(daemon, ['agents', '--json']).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
      expect(after.find((x) => x.sessionIds.includes(sid))).toMatchObject({ live: false, agent: 'claude-code' });
      // The daemon's agent collector saw the same process start and exit, in the same session.
      const stored = cli(daemon, ['events', '--json', '--session', sid]).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
      expect(stored.find((e) => e.kind === 'agent.start')).toMatchObject({ pid: row!.pid, agent: { kind: 'claude-code' }, cwd: ws });
      expect(stored.filter((e) => e.kind === 'agent.exit').map((e) => e.pid)).toEqual([row!.pid]);
    } finally {
      await fake.close();
      await daemon.stop();
    }
  }, 90_000);

  it.skipIf(codexSkipReason() !== undefined)('lists the real Codex (node shim + native binary) as one row with its session id', async () => {
    const home = fs.realpathSync(makeHome('aw-e2e-agents-codex-'));
    homes.push(home);
    const ws = path.join(home, 'project');
    fs.mkdirSync(ws);
    const fake = await startFakeResponses([{ tool: 'exec_command', args: { cmd: 'sleep 4' } }, { text: 'done' }]);
    writeCodexConfig(home, fake.baseUrl);
    try {
      const run = runCli({
        name: 'codex', bin: codexBinary(), cwd: ws, env: { HOME: home, MOCK_API_KEY: 'sk-test' }, timeoutMs: 60_000,
        args: ['exec', '--json', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', 'wait a bit'],
      });
      let row: Row & { innerPids?: number[] } | undefined;
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const r = cli({ home }, ['agents', '--json']);
        expect(r.code, r.stderr).toBe(0);
        row = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row).find((x) => x.live && x.agent === 'codex' && x.cwd === ws);
        if (row && row.sessionIds.length > 0 && (row.children ?? 0) > 0) break;
        await new Promise((res) => setTimeout(res, 250));
      }
      const done = await run;
      expect(done.code, done.stderr).toBe(0);
      const threadId = jsonLines<{ type: string; thread_id?: string }>(done.stdout).find((e) => e.type === 'thread.started')?.thread_id;
      expect(row).toMatchObject({ live: true, agent: 'codex', variant: 'cli', cwd: ws, sessionIds: [threadId] });
      expect(row!.innerPids).toHaveLength(1); // the native codex under the node shim
      expect(row!.children).toBeGreaterThanOrEqual(1);
    } finally {
      await fake.close();
    }
  }, 90_000);

  it.skipIf(geminiSkipReason() !== undefined)('lists the real Gemini CLI as one row, its session tied by cwd to its hook events', async () => {
    const home = fs.realpathSync(makeHome('aw-e2e-agents-gemini-'));
    homes.push(home);
    const ws = path.join(home, 'project');
    fs.mkdirSync(ws);
    writeGeminiSettings(home);
    const daemon = await startDaemon({ home });
    const inst = cli(daemon, ['install', '--user', '--agents', 'gemini-cli', '--port', String(daemon.port)]);
    expect(inst.code, inst.stderr).toBe(0);
    const fake = await startFakeGemini([{ tool: 'run_shell_command', args: { command: 'sleep 4', description: 'wait' } }, { text: 'done' }]);
    try {
      const run = runGemini({ home, cwd: ws, baseUrl: fake.url, prompt: 'wait a bit', timeoutMs: 60_000 });
      let row: Row & { innerPids?: number[] } | undefined;
      const deadline = Date.now() + 40_000;
      while (Date.now() < deadline) {
        const r = cli(daemon, ['agents', '--json']);
        expect(r.code, r.stderr).toBe(0);
        row = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row).find((x) => x.live && x.agent === 'gemini-cli' && x.cwd === ws);
        if (row && row.sessionIds.length > 0 && (row.children ?? 0) > 0 && row.hooksArriving) break;
        await new Promise((res) => setTimeout(res, 250));
      }
      const done = await run;
      expect(done.code, done.stderr).toBe(0);
      expect(row).toMatchObject({ live: true, agent: 'gemini-cli', cwd: ws, sessionIds: [done.sessionId], hooksInstalled: true, hooksArriving: true });
      expect(row!.innerPids).toHaveLength(1); // the relaunched node (--max-old-space-size) under the launcher
      expect(row!.children).toBeGreaterThanOrEqual(1);
    } finally {
      await fake.close();
      await daemon.stop();
    }
  }, 90_000);
});
