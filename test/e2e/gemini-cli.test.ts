// The real Gemini CLI end to end: hooks installed by `agentwatch install --agents gemini-cli` (named
// command hooks running `agentwatch hook gemini-cli`), the real daemon, and a scripted Gemini API on loopback.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { startFakeGemini, type FakeGemini } from '../helpers/fake-gemini.js';
import { geminiSkipReason, runGemini, writeGeminiSettings, type GeminiRun } from '../helpers/gemini-cli.js';
import { benignSession, deniedDownload, explain, type AgentUnderTest } from './agent-scenarios.js';

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
});
