// The real Gemini CLI end to end: hooks installed by `agentwatch install --agents gemini-cli` (named
// command hooks running `agentwatch hook gemini-cli`), the real daemon, and a scripted Gemini API on loopback.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startFakeGemini, type FakeGemini } from '../helpers/fake-gemini.js';
import { geminiSkipReason, runGemini, writeGeminiSettings, type GeminiRun } from '../helpers/gemini-cli.js';
import { benignSession, deniedDownload, explain, type AgentUnderTest } from './agent-scenarios.js';
import { cli, makeHome, rmHome, startDaemon, waitForEvents } from '../helpers/daemon.js';
import { KernelConfigSchema } from '../../collectors/kernel/config.js';
import { kernelTierUnavailable } from '../../collectors/kernel/kernel-collector.js';
import type { Alert } from '../../core/event.js';

const gemini: AgentUnderTest<FakeGemini, GeminiRun> = {
  kind: 'gemini-cli',
  name: 'gemini',
  shellTool: 'run_shell_command',
  configure: (home) => writeGeminiSettings(home),
  checkInstall: (home) => {
    const settings = JSON.parse(fs.readFileSync(path.join(home, '.gemini', 'settings.json'), 'utf8')) as { security: unknown; hooks: Record<string, unknown> };
    expect(settings.security).toEqual({ auth: { selectedType: 'gemini-api-key' } }); // kept
    expect(Object.keys(settings.hooks)).toContain('BeforeTool');
  },
  run: (model, opts) => runGemini({ ...opts, baseUrl: model.url }),
  sessionId: (run) => run.sessionId,
};

const skip = geminiSkipReason();

describe.skipIf(skip)(`Gemini CLI end to end${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it("(a) a benign session (list, write a file, run a command) is stored under Gemini's session id with no medium+ alert", () => benignSession(gemini, {
    model: (notes) => startFakeGemini([
      { tool: 'run_shell_command', args: { command: 'ls -la', description: 'list files' } },
      { tool: 'write_file', args: { file_path: notes, content: '# notes\nwritten by gemini\n' } },
      { tool: 'run_shell_command', args: { command: 'wc -l notes.md', description: 'count lines' } },
      { text: 'Wrote the notes.' },
    ]),
    seen: (model) => expect(JSON.stringify(model.functionResponses()[2]?.response)).toContain('2 notes.md'),
    stored: (events) => expect(events.map((e) => e.kind)).toContain('session.end'),
  }));

  it('(b) in enforce mode a download piped to a shell is denied: it never runs, the alert is blocked, Gemini got the reason', () => deniedDownload(gemini, {
    model: (command) => startFakeGemini([
      { tool: 'run_shell_command', args: { command, description: 'install the tool' } },
      { text: 'Installed.' },
    ]),
    seen: (model, run) => {
      // The model's next request carries the block as the function's error.
      const response = model.functionResponses()[0]?.response;
      expect(String(response?.error), explain(run)).toContain('agentwatch blocked this');
      expect(response?.output).toBeUndefined();
      // …and the CLI's own stream-json output reports the call as failed with that reason.
      const result = run.events.find((e) => e.type === 'tool_result');
      expect(result).toMatchObject({ status: 'error' });
      expect(String(result?.output)).toContain('Tool execution blocked: agentwatch blocked this');
    },
  }));

  // Gemini stamps no session or call id into its commands: their effects are tied to the call by the hook
  // call open while they ran. Only the kernel tier sees cp's write and npm's read for sure.
  const kernelSkip = kernelTierUnavailable(KernelConfigSchema.parse({}));
  it.skipIf(!!kernelSkip)(`(c) ordinary effects of announced commands (cp .env.example .env.local; npm reading ~/.npmrc) are no hook-bypass${kernelSkip ? ` (skipped: ${kernelSkip})` : ''}`, async () => {
    const home = fs.realpathSync(makeHome('aw-e2e-gemini-benign-'));
    const ws = path.join(home, 'project');
    fs.mkdirSync(ws);
    fs.writeFileSync(path.join(ws, '.env.example'), 'PORT=3000\nDATABASE_URL=postgres://localhost/dev\n');
    fs.writeFileSync(path.join(home, '.npmrc'), '//registry.npmjs.org/:_authToken=npm_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n');
    const model = await startFakeGemini([
      { tool: 'run_shell_command', args: { command: 'cp .env.example .env.local', description: 'local env' } },
      { tool: 'run_shell_command', args: { command: 'npm config get registry', description: 'registry' } },
      { text: 'Set up.' },
    ]);
    writeGeminiSettings(home);
    const daemon = await startDaemon({ home, kernel: true });
    try {
      const inst = cli(daemon, ['install', '--user', '--agents', 'gemini-cli', '--port', String(daemon.port)]);
      expect(inst.code, inst.stderr).toBe(0);
      const run = await runGemini({ home, cwd: ws, baseUrl: model.url, prompt: 'set up the local env' });
      expect(run.code, explain(run)).toBe(0);
      expect(fs.readFileSync(path.join(ws, '.env.local'), 'utf8')).toContain('PORT=3000');
      expect(JSON.stringify(model.functionResponses()[1]?.response)).toContain('registry');
      const sid = run.sessionId!;
      const npmrc = path.join(home, '.npmrc');
      // The effects were seen and tied to the session and to their call.
      const events = await waitForEvents(daemon, sid, (evs) => evs.some((e) => e.source === 'file' && e.path === npmrc));
      const show = JSON.stringify(events.map((e) => [e.kind, e.source, e.attribution, e.toolUseId, e.path ?? e.argv?.slice(0, 3)]));
      await new Promise((r) => setTimeout(r, 500));
      const alerts = cli(daemon, ['alerts', '--json', '--session', sid]).stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Alert);
      expect(alerts.filter((a) => a.rule === 'hook-bypass'), show).toEqual([]);
      const npmRead = events.find((e) => e.source === 'file' && e.path === npmrc);
      expect(npmRead, show).toMatchObject({ sessionId: sid, attribution: 'ancestry' });
      const calls = events.filter((e) => e.kind === 'tool.call').map((e) => e.tool?.useId);
      expect(calls[1], show).toMatch(/^aw-/);
      expect(npmRead!.toolUseId, show).toBe(calls[1]); // the npm call's (minted) id
      // cp runs in Gemini's `( … )` subshell, a fork that never execs. Its write is tied to the call by
      // ancestry also when the daemon reads cp's exec line after cp and that subshell are gone (a loaded
      // machine: CI runs test files side by side): the kernel's exec record names the subshell and its parent.
      // Only cp's cwd cannot be read then, so the path stays as cp gave it; otherwise it is made absolute.
      const cpExec = events.find((e) => e.source === 'process' && e.kind === 'exec' && e.argv?.[0] === 'cp');
      expect(cpExec, show).toMatchObject({ sessionId: sid, attribution: 'ancestry' });
      const cwdLost = cpExec!.cwd === undefined;
      const cpWrite = events.find((e) => e.source === 'file' && e.kind === 'file.write' && e.attribution === 'ancestry'
        && e.path === (cwdLost ? '.env.local' : path.join(ws, '.env.local')));
      expect(cpWrite?.toolUseId, show).toBe(calls[0]);
    } finally {
      await model.close();
      await daemon.stop();
      rmHome(home);
    }
  }, 180_000);
});
