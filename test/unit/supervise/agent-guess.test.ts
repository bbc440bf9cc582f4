import { describe, expect, it } from 'vitest';
import { guessAgent } from '../../../daemon/supervise/agent-guess.js';
import { isAgentKind } from '../../../core/agents/catalog.js';

describe('guessAgent', () => {
  it.each([
    [['claude'], 'claude-code'],
    [['/usr/local/bin/claude', '--resume'], 'claude-code'],
    [['codex', 'exec', 'fix it'], 'codex'],
    [['gemini'], 'gemini-cli'],
    [['cursor-agent'], 'cursor'],
    [['agent', '-p', 'hi'], 'cursor'],
    [['copilot'], 'copilot-cli'],
    [['aider', '--model', 'x'], 'aider'],
    [['goose', 'session'], 'goose'],
    [['opencode'], 'opencode'],
    [['q', 'chat'], 'amazon-q'],
    [['kiro-cli'], 'amazon-q'],
    [['C:\\Users\\me\\AppData\\Roaming\\npm\\codex.cmd'], 'codex'],
    [['npx', '-y', '@openai/codex@0.169.0'], 'codex'],
    [['npx', '@google/gemini-cli'], 'gemini-cli'],
    [['node', '/opt/claude/cli.js'], 'unknown'], // a launcher's script named something else tells nothing
    [['node', '--no-warnings', '/home/me/bin/claude.js'], 'claude-code'],
    [['env', 'FOO=1', 'claude'], 'claude-code'],
    [['bash', '-c', 'claude'], 'unknown'],
    [['vim'], 'unknown'],
    [[], 'unknown'],
  ] as const)('%j → %s', (argv, kind) => {
    expect(guessAgent(argv)).toBe(kind);
  });

  it('isAgentKind accepts the SPEC kinds only', () => {
    expect(isAgentKind('claude-code')).toBe(true);
    expect(isAgentKind('unknown')).toBe(true);
    expect(isAgentKind('claude')).toBe(false);
    expect(isAgentKind('')).toBe(false);
  });
});
