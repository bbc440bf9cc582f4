// The real Codex CLI end to end: hooks installed by `agentwatch install --agents codex` (command
// hooks running `agentwatch hook codex`), the real daemon, and a scripted Responses API on loopback.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, makeHome, rmHome, startDaemon } from '../helpers/daemon.js';
import type { Alert } from '../../core/event.js';
import { startFakeResponses, type FakeResponses } from '../helpers/fake-openai-responses.js';
import { codexSkipReason, runCodex, writeCodexConfig, type CodexRun } from '../helpers/codex-cli.js';
import { benignSession, deniedDownload, explain, type AgentUnderTest } from './agent-scenarios.js';

const codex: AgentUnderTest<FakeResponses, CodexRun> = {
  kind: 'codex',
  name: 'codex',
  shellTool: 'Bash',
  configure: (home, model) => writeCodexConfig(home, model.baseUrl),
  checkInstall: (_home, stdout) => expect(stdout).toContain('--dangerously-bypass-hook-trust'), // the trust note
  run: (_model, opts) => runCodex(opts),
  sessionId: (run) => run.threadId,
};

const skip = codexSkipReason();

describe.skipIf(skip)(`Codex CLI end to end${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('(a) a benign session (list, write a file, run a command) is stored under Codex\'s session id with no medium+ alert', () => benignSession(codex, {
    model: (notes) => startFakeResponses([
      { tool: 'exec_command', args: { cmd: 'ls -la' } },
      { tool: 'apply_patch', custom: true, input: `*** Begin Patch\n*** Add File: ${notes}\n+# notes\n+written by codex\n*** End Patch\n` },
      { tool: 'exec_command', args: { cmd: 'wc -l notes.md' } },
      { text: 'Wrote the notes.' },
    ]),
    seen: (model) => expect(model.toolOutputs()[2]?.output).toContain('2 notes.md'),
  }));

  it('(b) in enforce mode a download piped to a shell is denied: it never runs, the alert is blocked, Codex saw the reason', () => deniedDownload(codex, {
    model: (command) => startFakeResponses([{ tool: 'exec_command', args: { cmd: command } }, { text: 'Installed.' }]),
    seen: (model, run) => {
      // What the model got back for the call, and what `codex exec --json` reported.
      const out = model.toolOutputs()[0]?.output ?? '';
      expect(out, explain(run)).toContain('blocked by PreToolUse hook');
      expect(out).toContain('agentwatch blocked this');
      // `codex exec --json` reports no command_execution item for a call its PreToolUse hook blocked.
      expect(run.events.some((e) => (e.item as { type?: string } | undefined)?.type === 'command_execution')).toBe(false);
      expect(run.stderr).toContain('Command blocked by PreToolUse hook: agentwatch blocked this');
    },
    stored: (events) => expect(events.some((e) => e.kind === 'tool.result')).toBe(false), // no PostToolUse: it never ran
  }));

  // The patch Codex's model sends: a kill switch added to Claude's settings, or our hook lines removed
  // from Codex's own hooks.json (built from the file `agentwatch install` wrote).
  const tamperings: [string, (home: string) => { file: string; patch: string }][] = [
    ["sets disableAllHooks in Claude's ~/.claude/settings.json", (home) => {
      const file = path.join(home, '.claude', 'settings.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '{\n  "model": "opus"\n}\n');
      return { file, patch: `*** Begin Patch\n*** Update File: ${file}\n@@\n {\n+  "disableAllHooks": true,\n   "model": "opus"\n*** End Patch\n` };
    }],
    ["removes agentwatch's hook from ~/.codex/hooks.json", (home) => {
      const file = path.join(home, '.codex', 'hooks.json');
      const ours = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('agentwatch'));
      expect(ours.length).toBeGreaterThan(0);
      return { file, patch: `*** Begin Patch\n*** Update File: ${file}\n@@\n${ours.map((l) => `-${l}`).join('\n')}\n*** End Patch\n` };
    }],
  ];
  it.each(tamperings)('(c) in enforce mode an apply_patch that %s is agent-hook-tamper and denied', async (_name, build) => {
    const home = fs.realpathSync(makeHome('aw-e2e-codex-tamper-'));
    const ws = path.join(home, 'project');
    fs.mkdirSync(ws);
    let model: FakeResponses | undefined;
    let patch = '';
    const daemon = await startDaemon({ home, args: ['--mode', 'enforce'] });
    try {
      // The model's script needs the patch, the patch needs the installed hooks: a server that reads it late.
      model = await startFakeResponses([{ tool: 'apply_patch', custom: true, get input() { return patch; } }, { text: 'Done.' }]);
      writeCodexConfig(home, model.baseUrl);
      const inst = cli(daemon, ['install', '--user', '--agents', 'codex', '--port', String(daemon.port)]);
      expect(inst.code, inst.stderr).toBe(0);
      const target = build(home);
      patch = target.patch;
      const before = fs.readFileSync(target.file, 'utf8');
      const run = await runCodex({ home, cwd: ws, prompt: 'tidy up the settings' });
      expect(run.code, explain(run)).toBe(0);
      expect(fs.readFileSync(target.file, 'utf8')).toBe(before); // denied: never applied
      expect(model.toolOutputs()[0]?.output, explain(run)).toContain('agentwatch blocked this');
      await new Promise((r) => setTimeout(r, 300));
      const r = cli(daemon, ['alerts', '--json', '--session', run.threadId!]);
      const alerts = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Alert);
      expect(alerts.find((a) => a.rule === 'agent-hook-tamper'), JSON.stringify(alerts)).toMatchObject({ blocked: true, severity: 'high', agent: { kind: 'codex' } });
    } finally {
      await model?.close();
      await daemon.stop();
      rmHome(home);
    }
  }, 180_000);
});
