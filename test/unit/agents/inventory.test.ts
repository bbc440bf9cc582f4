// Snapshots shaped like the process trees observed with the real CLIs (real-agents.md §1.4, §2.4, Claude's tree).
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../core/agents/catalog.js';
import { buildInventory } from '../../../collectors/agents/inventory.js';
import type { ProcessView } from '../../../collectors/agents/recognise.js';

const catalog = loadCatalog();
const p = (pid: number, ppid: number, exe: string, argv: string[], extra: Partial<ProcessView> = {}): ProcessView =>
  ({ pid, ppid, procKey: `${pid}:1${pid}`, comm: exe.split('/').pop()!.slice(0, 15), exe, argv, cwd: '/w', ...extra });
const SID = '19c0321a-b602-44fd-b0de-26152788769f';

describe('buildInventory', () => {
  it('Claude Code: one row, session from the stamped Bash child, children counted', () => {
    const rows = buildInventory([
      p(100, 1, '/usr/bin/bash', ['bash']),
      p(200, 100, '/w/node_modules/@anthropic-ai/claude-code/bin/claude.exe', ['/w/node_modules/.bin/claude', '-p', 'wait']),
      p(300, 200, '/usr/bin/bash', ['/bin/bash', '-c', 'source snap.sh && eval sleep 4'], { stamp: { agent: 'claude-code', sessionId: SID } }),
      p(301, 300, '/usr/bin/sleep', ['sleep', '4'], { stamp: { agent: 'claude-code', sessionId: SID } }),
    ], catalog);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ agent: 'claude-code', variant: 'npm', pid: 200, sessionIds: [SID], children: 2, innerPids: [] });
  });

  it('Codex: the node shim and the native binary are one row; CODEX_SESSION_ID names the session', () => {
    const rows = buildInventory([
      p(10, 1, '/usr/bin/node', ['node', '/w/node_modules/.bin/codex', 'exec', 'x']),
      p(11, 10, '/w/node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex', ['/w/…/codex', 'exec', 'x']),
      p(12, 11, '/usr/bin/bash', ['/bin/bash', '-c', 'sleep 4'], { stamp: { agent: 'codex', sessionId: 'abc-session-1', toolUseId: 'call_1' } }),
    ], catalog);
    expect(rows).toEqual([expect.objectContaining({ agent: 'codex', pid: 10, innerPids: [11], children: 1, sessionIds: ['abc-session-1'] })]);
  });

  it('Gemini: the relaunched node folds into the launcher; GEMINI_CLI=1 children count', () => {
    const rows = buildInventory([
      p(20, 1, '/usr/bin/node', ['node', '/w/node_modules/.bin/gemini', '-p', 'x']),
      p(21, 20, '/usr/bin/node', ['/usr/bin/node', '--max-old-space-size=12052', '/w/node_modules/.bin/gemini', '-p', 'x']),
      p(22, 21, '/usr/bin/bash', ['/usr/bin/bash', '-c', 'shopt -u promptvars'], { stamp: { agent: 'gemini-cli' } }),
    ], catalog);
    expect(rows).toEqual([expect.objectContaining({ agent: 'gemini-cli', pid: 20, innerPids: [21], children: 1, sessionIds: [] })]);
  });

  it('a claude started by a Bash tool of another claude is its own session (its stamp says so)', () => {
    const inner = 'aaaaaaaa-b602-44fd-b0de-26152788769f';
    const rows = buildInventory([
      p(30, 1, '/home/u/.local/share/claude/versions/2.1.197', ['claude']),
      p(31, 30, '/usr/bin/bash', ['bash', '-c', 'claude -p hi'], { stamp: { agent: 'claude-code', sessionId: SID } }),
      p(32, 31, '/home/u/.local/share/claude/versions/2.1.197', ['claude', '-p', 'hi'], { stamp: { agent: 'claude-code', sessionId: SID } }),
      p(33, 32, '/usr/bin/ls', ['ls'], { stamp: { agent: 'claude-code', sessionId: inner } }),
    ], catalog);
    expect(rows.map((r) => [r.pid, r.sessionIds, r.children])).toEqual([[30, [SID], 1], [32, [inner], 1]]);
  });

  it('an unknown program whose children carry a stamp is that agent (recognised by env stamp)', () => {
    const rows = buildInventory([
      p(40, 1, '/opt/weird/place/agent-bin', ['agent-bin']),
      p(41, 40, '/usr/bin/bash', ['bash'], { stamp: { agent: 'claude-code', sessionId: SID } }),
    ], catalog);
    expect(rows).toEqual([expect.objectContaining({ agent: 'claude-code', variant: 'unrecognised', entryId: 'env-stamp', pid: 40, sessionIds: [SID] })]);
  });

  it('session hints (from files the agent writes) are added by procKey; orphans stamped under init are not agents', () => {
    const rows = buildInventory([
      p(50, 1, '/usr/local/bin/goose', ['goose', 'session']),
      p(60, 1, '/usr/bin/sleep', ['sleep', '9'], { stamp: { agent: 'codex', sessionId: 'orphan' } }),
    ], catalog, { sessionHints: new Map([['50:150', ['goose-s1']]]) });
    expect(rows.map((r) => [r.agent, r.sessionIds])).toEqual([['goose', ['goose-s1']]]);
  });

  it('an agent under `agentwatch run` (stamped AGENTWATCH_SESSION_ID itself) is one row with that session, not its supervisor', () => {
    const run = { agent: 'aider' as const, sessionId: 'run-1234abcd' };
    const rows = buildInventory([
      p(70, 1, '/usr/bin/node', ['node', '/usr/lib/node_modules/agentwatch/dist/daemon/main.js', 'run', 'aider']),
      p(71, 70, '/usr/bin/python3.12', ['python3', '/home/u/.local/bin/aider'], { stamp: run }),
      p(72, 71, '/usr/bin/git', ['git', 'status'], { stamp: run }),
    ], catalog);
    expect(rows.map((r) => [r.pid, r.agent, r.sessionIds, r.children])).toEqual([[71, 'aider', ['run-1234abcd'], 1]]);
  });

  it('a stamp of an unknown agent makes no row', () => {
    const rows = buildInventory([
      p(80, 1, '/usr/bin/node', ['node', 'main.js', 'run', 'x']),
      p(81, 80, '/usr/bin/make', ['make'], { stamp: { agent: 'unknown', sessionId: 'run-x' } }),
    ], catalog);
    expect(rows).toEqual([]);
  });
});
