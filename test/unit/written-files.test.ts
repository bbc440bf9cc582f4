// Every agent's write and edit tools come out of their hook adapter with the same `writes`, so the
// content rules (agent-hook-tamper here) judge a Codex apply_patch as they judge a Claude Write or Edit.
import { describe, expect, it } from 'vitest';
import { codexAdapter } from '../../collectors/hooks/codex.js';
import { geminiCliAdapter } from '../../collectors/hooks/gemini-cli.js';
import { claudeCodeAdapter } from '../../collectors/hooks/claude-code.js';
import { patchWrites } from '../../core/hooks/written-files.js';
import type { Event } from '../../core/event.js';
import { HOME, last, only, WORKSPACE } from './helpers.js';

let n = 0;
const stamp = () => ({ ts: new Date(Date.UTC(2026, 0, 1, 0, 0, ++n)).toISOString(), newId: () => `w${n}` });
const pre = (tool: string, input: unknown) => ({ hook_event_name: 'PreToolUse', session_id: 's1', cwd: WORKSPACE, tool_name: tool, tool_input: input, tool_use_id: `t${n}` });
const codexPatch = (patch: string): Event => codexAdapter.normalise(pre('apply_patch', { command: patch }), stamp());
const OUR_CODEX_HOOK = `{"type": "command", "command": "agentwatch hook codex"}`;

describe('patchWrites (Codex apply_patch)', () => {
  it('an added file is its whole text; an update is its added and removed lines; move and delete are kept', () => {
    expect(patchWrites([
      '*** Begin Patch', '*** Add File: notes.md', '+# notes', '+written by codex',
      '*** Update File: src/a.ts', '@@ function a', ' keep();', '-old();', '+fresh();', '+more();',
      '*** Update File: b.ts', '*** Move to: c.ts', '@@', '-x', '+y',
      '*** Delete File: gone.txt', '*** End Patch',
    ].join('\n'))).toEqual([
      { path: 'notes.md', content: '# notes\nwritten by codex\n' },
      { path: 'src/a.ts', content: 'fresh();\nmore();', old: 'old();' },
      { path: 'c.ts', content: 'y', old: 'x' },
      { path: 'gone.txt', deleted: true },
    ]);
  });
});

describe('normalised writes on the hook event', () => {
  it('Claude Write, Edit and MultiEdit; Gemini write_file and replace', () => {
    const f = `${WORKSPACE}/a.ts`;
    expect(claudeCodeAdapter.normalise(pre('Write', { file_path: f, content: 'x = 1' }), stamp()).writes).toEqual([{ path: f, content: 'x = 1' }]);
    expect(claudeCodeAdapter.normalise(pre('Edit', { file_path: f, old_string: 'a', new_string: 'b' }), stamp()).writes).toEqual([{ path: f, content: 'b', old: 'a' }]);
    expect(claudeCodeAdapter.normalise(pre('MultiEdit', { file_path: f, edits: [{ old_string: 'a', new_string: 'b' }, { old_string: 'c', new_string: 'd' }] }), stamp()).writes)
      .toEqual([{ path: f, content: 'b\nd', old: 'a\nc' }]);
    const g = (tool: string, input: unknown) => geminiCliAdapter.normalise({ ...pre(tool, input), hook_event_name: 'BeforeTool' }, stamp()).writes;
    expect(g('write_file', { file_path: f, content: 'y' })).toEqual([{ path: f, content: 'y' }]);
    expect(g('replace', { file_path: f, old_string: 'p', new_string: 'q' })).toEqual([{ path: f, content: 'q', old: 'p' }]);
  });

  it('a Codex apply_patch that sets disableAllHooks in ~/.claude/settings.json is agent-hook-tamper, blocking', () => {
    const e = codexPatch(`*** Begin Patch\n*** Update File: ${HOME}/.claude/settings.json\n@@\n {\n+  "disableAllHooks": true,\n   "model": "opus"\n*** End Patch\n`);
    expect(e).toMatchObject({ kind: 'file.write', path: `${HOME}/.claude/settings.json` });
    expect(only(last([{ ...e, agent: { kind: 'codex' } }]), 'agent-hook-tamper')).toMatchObject({ severity: 'high', block: true });
  });

  it("a Codex apply_patch that edits agentwatch's hook out of ~/.codex/hooks.json is agent-hook-tamper; one that keeps it is not", () => {
    const removes = codexPatch(`*** Begin Patch\n*** Update File: ${HOME}/.codex/hooks.json\n@@\n-      "hooks": [${OUR_CODEX_HOOK}]\n+      "hooks": []\n*** End Patch\n`);
    expect(only(last([removes]), 'agent-hook-tamper').reason).toContain('edits the hooks out');
    const keeps = codexPatch(`*** Begin Patch\n*** Update File: ${HOME}/.codex/hooks.json\n@@\n-      "timeout": 5\n+      "timeout": 10\n*** End Patch\n`);
    expect(last([keeps]).map((f) => f.rule)).not.toContain('agent-hook-tamper');
  });

  it('a Codex patch that only adds a project file raises nothing', () => {
    expect(last([codexPatch('*** Begin Patch\n*** Add File: notes.md\n+# notes\n*** End Patch\n')])).toEqual([]);
  });
});
