// The real Codex CLI end to end: hooks installed by `agentwatch install --agents codex` (command
// hooks running `agentwatch hook codex`), the real daemon, and a scripted Responses API on loopback.
import { describe, expect, it } from 'vitest';
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
});
