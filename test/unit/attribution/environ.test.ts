import { describe, expect, it } from 'vitest';
import { stampOf } from '../../../core/agents/stamp.js';
import { parseEnviron } from '../../../collectors/proc/parse.js';

const env = (...pairs: string[]) => parseEnviron(`${pairs.join('\0')}\0`);

describe('environ parser', () => {
  it('splits NUL-separated KEY=value entries, keeping `=` inside values and skipping junk', () => {
    const m = parseEnviron('A=1\0B=x=y\0\0NOEQUALS\0=novalue\0C=\0');
    expect([...m]).toEqual([['A', '1'], ['B', 'x=y'], ['C', '']]);
  });

  it('Claude Code: CLAUDE_CODE_SESSION_ID is the session, CLAUDECODE=1 alone marks the agent', () => {
    expect(stampOf(env('CLAUDECODE=1', 'CLAUDE_CODE_SESSION_ID=0b6c-11', 'HOME=/root'))).toEqual({ agent: 'claude-code', sessionId: '0b6c-11', home: '/root' });
    expect(stampOf(env('CLAUDECODE=1'))).toEqual({ agent: 'claude-code' });
  });

  it('Codex: session and tool call id; Gemini: session on hook processes, GEMINI_CLI=1 on tool commands', () => {
    expect(stampOf(env('CODEX_SESSION_ID=01a2', 'CODEX_TOOL_CALL_ID=call_5'))).toEqual({ agent: 'codex', sessionId: '01a2', toolUseId: 'call_5' });
    expect(stampOf(env('GEMINI_SESSION_ID=72c2'))).toEqual({ agent: 'gemini-cli', sessionId: '72c2' });
    expect(stampOf(env('GEMINI_CLI=1', 'GEMINI_API_KEY=k'))).toEqual({ agent: 'gemini-cli' });
  });

  it('no stamp: nothing; a hostile session id (spaces, quotes, too long) is not trusted', () => {
    expect(stampOf(env('PATH=/bin', 'HOME=/root'))).toBeUndefined();
    expect(stampOf(env("CLAUDE_CODE_SESSION_ID=x' OR 1=1"))).toBeUndefined();
    expect(stampOf(env(`CODEX_SESSION_ID=${'a'.repeat(200)}`))).toBeUndefined();
  });
});
