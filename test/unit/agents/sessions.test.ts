import { describe, expect, it } from 'vitest';
import { parseClaudeSessionFile, sessionIdFromOpenFile } from '../../../collectors/agents/sessions.js';
import { hasAgentwatchHook } from '../../../collectors/agents/hooks-installed.js';
import { extensionIdOf } from '../../../collectors/agents/editor-extensions.js';
import { sessionsByCwd } from '../../../collectors/agents/store-sessions.js';
import { recordsFromPsList as viewsFromPsList } from '../../../collectors/proc/ps-parse.js';
import { parsePasswd } from '../../../daemon/cli/agents-command.js';

const SID = '19c0321a-b602-44fd-b0de-26152788769f';

describe('session evidence', () => {
  it('parses ~/.claude/sessions/<pid>.json as Claude Code 2.1.197 writes it', () => {
    const text = `{"pid":7464,"sessionId":"${SID}","cwd":"/tmp/aw-expl-bWzuHP/project","startedAt":1795446691181,"procStart":"1813298","version":"2.1.197","peerProtocol":1,"kind":"interactive","entrypoint":"sdk-cli","name":"project-90","nameSource":"derived"}`;
    expect(parseClaudeSessionFile(text)).toEqual({ procKey: '7464:1813298', sessionId: SID, cwd: '/tmp/aw-expl-bWzuHP/project' });
    expect(parseClaudeSessionFile('{"pid":1,"sessionId":"a b"}')).toBeUndefined();
    expect(parseClaudeSessionFile('not json')).toBeUndefined();
    expect(parseClaudeSessionFile(`{"pid":"7","sessionId":"${SID}"}`)).toBeUndefined();
  });

  it('takes session ids from transcript paths an agent holds open', () => {
    expect(sessionIdFromOpenFile('claude-code', `/h/.claude/projects/-w/${SID}.jsonl`)).toBe(SID);
    expect(sessionIdFromOpenFile('codex', `/h/.codex/sessions/2026/11/22/rollout-2026-11-22T23-59-52-${SID}.jsonl`)).toBe(SID);
    expect(sessionIdFromOpenFile('codex', `/h/.claude/projects/-w/${SID}.jsonl`)).toBeUndefined();
    expect(sessionIdFromOpenFile('gemini-cli', '/h/.gemini/tmp/w/chats/session-x.jsonl')).toBeUndefined();
  });

  it('finds agentwatch hooks the way install writes them, and only those', () => {
    const claude = { hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'http', url: 'http://127.0.0.1:47474/v1/hooks/claude-code' }] }] } };
    expect(hasAgentwatchHook(claude, 'claude-code')).toBe(true);
    const codex = { hooks: { PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: '/usr/bin/node /x/dist/daemon/main.js hook codex', timeout: 10 }] }] } };
    expect(hasAgentwatchHook(codex, 'codex')).toBe(true);
    expect(hasAgentwatchHook(codex, 'gemini-cli')).toBe(false);
    expect(hasAgentwatchHook({ hooks: { PreToolUse: [{ hooks: [{ type: 'command', command: './guard.sh' }] }] } }, 'codex')).toBe(false);
    expect(hasAgentwatchHook({ hooks: 'nope' }, 'codex')).toBe(false);
    expect(hasAgentwatchHook(null, 'codex')).toBe(false);
  });

  it('editor extension directory names → ids', () => {
    expect(extensionIdOf('github.copilot-chat-0.31.2')).toBe('github.copilot-chat');
    expect(extensionIdOf('saoudrizwan.claude-dev-3.20.1')).toBe('saoudrizwan.claude-dev');
    expect(extensionIdOf('anthropic.claude-code-2.1.197-linux-x64')).toBe('anthropic.claude-code');
    expect(extensionIdOf('extensions.json')).toBeUndefined();
  });

  it('ties a session-less agent to live store sessions of the same agent and cwd', () => {
    const recent = [
      { id: 'a', agent: 'gemini-cli', cwd: '/w', firstTs: '2026-11-23T10:00:01Z', lastTs: '2026-11-23T10:00:05Z' },
      { id: 'b', agent: 'gemini-cli', cwd: '/other', firstTs: '2026-11-23T10:00:01Z', lastTs: '2026-11-23T10:00:05Z' },
      { id: 'c', agent: 'gemini-cli', cwd: '/w', firstTs: '2026-11-23T09:00:00Z', lastTs: '2026-11-23T09:10:00Z' },
      { id: 'd', agent: 'gemini-cli', cwd: '/w', firstTs: '2026-11-23T10:00:01Z', lastTs: '2026-11-23T10:00:09Z', endedTs: '2026-11-23T10:00:09Z' },
      { id: 'e', agent: 'codex', cwd: '/w', firstTs: '2026-11-23T10:00:01Z', lastTs: '2026-11-23T10:00:05Z' },
    ];
    expect(sessionsByCwd({ agent: 'gemini-cli', cwd: '/w', startedAt: '2026-11-23T10:00:00Z' }, recent).map((s) => s.id)).toEqual(['a']);
    expect(sessionsByCwd({ agent: 'gemini-cli' }, recent)).toEqual([]);
  });

  it('ps-list rows become views keyed by pid and start time', () => {
    const start = new Date('2026-11-23T10:00:00Z');
    expect(viewsFromPsList([{ pid: 5, ppid: 1, name: 'claude', cmd: '/usr/local/bin/claude -p hi', uid: 501, path: '/usr/local/bin/claude', startTime: start }])).toEqual([
      { pid: 5, ppid: 1, procKey: `5:${start.getTime()}`, comm: 'claude', startedAt: start.toISOString(), uid: 501, exe: '/usr/local/bin/claude', argv: ['/usr/local/bin/claude', '-p', 'hi'] },
    ]);
    expect(viewsFromPsList([{ pid: 6, ppid: 0, name: 'System' }])[0]).toEqual({ pid: 6, ppid: 0, procKey: '6:?', comm: 'System' });
  });

  it('parses /etc/passwd', () => {
    expect(parsePasswd('root:x:0:0:root:/root:/bin/bash\nbad line\ndev:x:1000:1000::/home/dev:/bin/sh\n')).toEqual(new Map([[0, 'root'], [1000, 'dev']]));
  });
});
