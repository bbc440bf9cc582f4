// The environment stamps `agentwatch run` leaves on the tree it supervises, and the event its start/end become.
import { describe, expect, it } from 'vitest';
import { stampOf } from '../../../core/agents/stamp.js';
import { parseEnviron } from '../../../collectors/proc/parse.js';
import { PtySessionError, ptySessionEvent } from '../../../daemon/supervise/session-event.js';

const env = (...entries: string[]) => parseEnviron(`${entries.join('\0')}\0`);

describe('stampOf with agentwatch run stamps', () => {
  it('reads the run session and agent kind when no agent stamped its own', () => {
    expect(stampOf(env('HOME=/home/me', 'AGENTWATCH_SESSION_ID=run-1f2e', 'AGENTWATCH_AGENT=aider'))).toEqual({ agent: 'aider', sessionId: 'run-1f2e', home: '/home/me' });
  });

  it('an unknown or missing kind is unknown', () => {
    expect(stampOf(env('AGENTWATCH_SESSION_ID=run-1', 'AGENTWATCH_AGENT=vim'))).toEqual({ agent: 'unknown', sessionId: 'run-1' });
    expect(stampOf(env('AGENTWATCH_SESSION_ID=run-1'))).toEqual({ agent: 'unknown', sessionId: 'run-1' });
  });

  it("the agent's own session id wins (SPEC: sessionId is the agent's own whenever it has one)", () => {
    expect(stampOf(env('AGENTWATCH_SESSION_ID=run-1', 'AGENTWATCH_AGENT=claude-code', 'CLAUDE_CODE_SESSION_ID=abc-123'))).toEqual({ agent: 'claude-code', sessionId: 'abc-123' });
    expect(stampOf(env('AGENTWATCH_SESSION_ID=run-1', 'CODEX_SESSION_ID=c-9', 'CODEX_TOOL_CALL_ID=call_1'))).toEqual({ agent: 'codex', sessionId: 'c-9', toolUseId: 'call_1' });
    // Gemini's tool commands carry GEMINI_CLI=1 only; their session comes from ancestry, not from the run.
    expect(stampOf(env('AGENTWATCH_SESSION_ID=run-1', 'GEMINI_CLI=1'))).toEqual({ agent: 'gemini-cli' });
  });

  it('ignores an insane session id and an agent kind alone', () => {
    expect(stampOf(env("AGENTWATCH_SESSION_ID=run-1'; drop table events"))).toBeUndefined();
    expect(stampOf(env('AGENTWATCH_AGENT=codex'))).toBeUndefined();
  });
});

describe('ptySessionEvent', () => {
  const ctx = { ts: '2026-01-01T00:00:00.000Z', newId: () => 'e1' };

  it('turns a start into a pty session.start with argv, cwd, pid and the cast path', () => {
    expect(ptySessionEvent({ kind: 'session.start', sessionId: 'run-1', agent: 'codex', pid: 42, procKey: '42:99', argv: ['codex'], cwd: '/w', cast: '/s/run-1.cast' }, ctx)).toEqual({
      id: 'e1', ts: ctx.ts, source: 'pty', kind: 'session.start', agent: { kind: 'codex', pid: 42 }, sessionId: 'run-1',
      pid: 42, procKey: '42:99', argv: ['codex'], cwd: '/w', detail: { cast: '/s/run-1.cast' },
    });
  });

  it('carries the exit code and signal of an end', () => {
    expect(ptySessionEvent({ kind: 'session.end', sessionId: 'run-1', agent: 'unknown', exitCode: 0, signal: 'SIGTERM' }, ctx))
      .toMatchObject({ kind: 'session.end', detail: { exitCode: 0, signal: 'SIGTERM' } });
  });

  it('refuses bad bodies with a one-line reason', () => {
    for (const body of [null, {}, { kind: 'exec', sessionId: 'run-1', agent: 'codex' }, { kind: 'session.start', sessionId: 'a b', agent: 'codex' },
      { kind: 'session.start', sessionId: 'run-1', agent: 'vim' }, { kind: 'session.start', sessionId: 'run-1', agent: 'codex', extra: 1 }]) {
      let err: unknown;
      try { ptySessionEvent(body, ctx); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(PtySessionError);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});
