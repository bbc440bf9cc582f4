// Recognition of every catalog agent from argv/exe samples quoted from the reference docs
// (../shared/reference/agents-and-configs.md §3, real-agents.md process trees).
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../core/agents/catalog.js';
import { programOf, recognise, sessionIdFromArgv } from '../../../collectors/agents/recognise.js';

const catalog = loadCatalog();
const EXT = new Set(['github.copilot-chat', 'saoudrizwan.claude-dev', 'continue.continue']);
const who = (exe: string | undefined, argv: string[], ext = new Set<string>()) =>
  recognise({ exe, argv, comm: (exe ?? argv[0] ?? '').split('/').pop()!.slice(0, 15) }, catalog, ext).map((r) => `${r.agent}/${r.variant}`);

const SAMPLES: [string, string | undefined, string[], string[]][] = [
  // [what, exe, argv, expected agent/variant]
  ['Claude Code native (~/.local/bin/claude → versions/<ver>)', '/home/u/.local/share/claude/versions/2.1.197', ['claude'], ['claude-code/native']],
  ['Claude Code npm 2.1.197 (observed: bin/claude.exe, argv0 .bin/claude)', '/w/node_modules/@anthropic-ai/claude-code/bin/claude.exe',
    ['/w/node_modules/.bin/claude', '-p', 'wait', '--session-id', '19c0321a-b602-44fd-b0de-26152788769f'], ['claude-code/npm']],
  ['Claude Code npm, older node cli.js', '/usr/bin/node', ['node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js'], ['claude-code/npm']],
  ['Claude Code npm, cli-wrapper.cjs', '/usr/bin/node', ['node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli-wrapper.cjs', '-p', 'x'], ['claude-code/npm']],
  ['Claude Code IDE-bundled', '/home/u/.vscode/extensions/anthropic.claude-code-2.1.197-linux-x64/resources/native-binary/claude',
    ['/home/u/.vscode/extensions/anthropic.claude-code-2.1.197-linux-x64/resources/native-binary/claude', '--output-format', 'stream-json'], ['claude-code/ide-bundled']],
  ['Claude Desktop (macOS)', '/Applications/Claude.app/Contents/MacOS/Claude', ['/Applications/Claude.app/Contents/MacOS/Claude'], ['claude-desktop/desktop']],
  ['Claude Desktop (Windows)', 'C:\\Users\\u\\AppData\\Local\\Programs\\Claude\\Claude.exe', ['C:\\Users\\u\\AppData\\Local\\Programs\\Claude\\Claude.exe'], ['claude-desktop/desktop']],
  ['Codex native (musl)', '/w/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex',
    ['/w/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex', 'exec', '--skip-git-repo-check'], ['codex/cli']],
  ['Codex node shim', '/usr/bin/node', ['node', '/w/node_modules/.bin/codex', 'exec', 'do the task'], ['codex/cli']],
  ['Codex app-server', '/Applications/ChatGPT.app/Contents/Resources/codex', ['/Applications/ChatGPT.app/Contents/Resources/codex', 'app-server'], ['codex/app-server']],
  ['Gemini CLI launcher', '/usr/bin/node', ['node', '/w/node_modules/.bin/gemini', '-p', 'do the task', '--yolo'], ['gemini-cli/cli']],
  ['Gemini CLI relaunched child', '/usr/bin/node', ['/usr/bin/node', '--max-old-space-size=12052', '/w/node_modules/.bin/gemini', '-p', 'x'], ['gemini-cli/cli']],
  ['Gemini CLI bundle', '/usr/bin/node', ['node', '/usr/lib/node_modules/@google/gemini-cli/bundle/gemini.js'], ['gemini-cli/cli']],
  ['Qwen Code (npm @qwen-code/qwen-code, bin qwen)', '/usr/bin/node', ['node', '/usr/lib/node_modules/@qwen-code/qwen-code/cli.js', '-p', 'x'], ['qwen-code/cli']],
  ['Cursor agent CLI', '/home/u/.local/share/cursor-agent/versions/2026.1/cursor-agent', ['/home/u/.local/bin/agent', 'chat'], ['cursor/agent-cli']],
  ['Cursor agent CLI (old name)', undefined, ['cursor-agent', '-p', 'x'], ['cursor/agent-cli']],
  ['Cursor IDE (macOS main)', '/Applications/Cursor.app/Contents/MacOS/Cursor', ['/Applications/Cursor.app/Contents/MacOS/Cursor'], ['cursor/ide']],
  ['Copilot CLI', '/usr/bin/node', ['node', '/usr/lib/node_modules/@github/copilot/index.js'], ['copilot-cli/cli']],
  ['Windsurf language server', '/usr/share/windsurf/resources/app/extensions/windsurf/bin/language_server_linux_x64',
    ['/usr/share/windsurf/resources/app/extensions/windsurf/bin/language_server_linux_x64', '--api_server_url', 'x'], ['windsurf/ide']],
  ['Windsurf main', '/usr/share/windsurf/windsurf', ['/usr/share/windsurf/windsurf'], ['windsurf/ide']],
  ['Cline CLI', '/usr/bin/node', ['node', '/usr/lib/node_modules/cline/dist/cline.js'], ['cline/cli']],
  ['Continue CLI (cn)', '/usr/bin/node', ['node', '/usr/lib/node_modules/@continuedev/cli/dist/cn.js'], ['continue/cli']],
  ['Zed', '/home/u/.local/zed.app/libexec/zed-editor', ['/home/u/.local/zed.app/libexec/zed-editor'], ['zed/editor']],
  ['Aider (script)', '/usr/bin/python3.12', ['/usr/bin/python3', '/home/u/.local/bin/aider', '--model', 'sonnet'], ['aider/cli']],
  ['Aider (python -m)', '/usr/bin/python3.12', ['python', '-m', 'aider'], ['aider/cli']],
  ['Amazon Q chat', '/home/u/.local/bin/q', ['q', 'chat'], ['amazon-q/cli']],
  ['Kiro CLI', '/home/u/.local/bin/kiro-cli', ['kiro-cli', 'chat'], ['amazon-q/cli']],
  ['Kiro IDE (macOS)', '/Applications/Kiro.app/Contents/MacOS/Kiro', ['/Applications/Kiro.app/Contents/MacOS/Kiro'], ['kiro/ide']],
  ['OpenCode', '/home/u/.opencode/bin/opencode', ['opencode'], ['opencode/cli']],
  ['Goose', '/usr/local/bin/goose', ['goose', 'session'], ['goose/cli']],
];

describe('recognise', () => {
  it.each(SAMPLES)('%s', (_what, exe, argv, expected) => {
    expect(who(exe, argv)).toEqual(expected);
  });

  it('VS Code hosting agent extensions is one agent per installed extension', () => {
    const argv = ['/usr/share/code/code', '--unity-launch'];
    expect(who('/usr/share/code/code', argv, EXT).sort()).toEqual(['cline/vscode-extension', 'continue/vscode-extension', 'copilot/vscode-extension']);
    expect(who('/usr/share/code/code', argv)).toEqual([]); // no agent extension installed: just an editor
    expect(who('/usr/share/code/code', [...argv, '--type=renderer'], EXT)).toEqual([]); // helpers are not rows
  });

  it('does not take ordinary programs for agents', () => {
    expect(who('/usr/bin/bash', ['/bin/bash', '-c', 'claude --help'])).toEqual([]);
    expect(who('/usr/bin/node', ['node', '-e', 'require("codex")'])).toEqual([]);
    expect(who('/usr/bin/node', ['node', '/w/server.js'])).toEqual([]);
    expect(who('/usr/bin/q', ['q', '--version'])).toEqual([]);
    expect(who('/usr/bin/python3', ['python3', '-m', 'http.server'])).toEqual([]);
    expect(who(undefined, [])).toEqual([]); // kernel thread
  });

  it('looks through interpreters to the script', () => {
    expect(programOf({ exe: '/usr/bin/node', argv: ['node', '--require', 'x.js', '/a/gemini.js', 'chat'], comm: 'node' })).toEqual({
      name: 'gemini', paths: ['/usr/bin/node', 'node', '/a/gemini.js'], args: ['chat'],
    });
    expect(programOf({ exe: '/usr/bin/python3', argv: ['python3', '-m', 'aider.main', '--yes'], comm: 'python3' }).name).toBe('aider');
  });

  it('reads a session id from argv', () => {
    expect(sessionIdFromArgv(['claude', '-p', 'x', '--session-id', '19c0321a-b602-44fd-b0de-26152788769f'])).toBe('19c0321a-b602-44fd-b0de-26152788769f');
    expect(sessionIdFromArgv(['claude', '--resume=abcdef12-0000'])).toBe('abcdef12-0000');
    expect(sessionIdFromArgv(['claude', '--session-id', '$(rm -rf /)'])).toBeUndefined();
    expect(sessionIdFromArgv(['claude', '-p'])).toBeUndefined();
  });

  it('covers every agent kind in the catalog samples', () => {
    const kinds = new Set(catalog.entries.map((e) => e.agent));
    const seen = new Set(SAMPLES.flatMap((s) => s[3].map((x) => x.split('/')[0])));
    for (const k of ['copilot', 'cline', 'continue']) seen.add(k); // the VS Code extension test
    expect([...kinds].filter((k) => !seen.has(k))).toEqual([]);
    expect(catalog.entries.length).toBeGreaterThanOrEqual(16);
  });
});
