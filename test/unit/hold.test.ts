// The hold answer's pure parts: the registry (console decision, deadline, no console, conflicts), which
// sessions are headless, the gate's final answers, and the hook timeouts the installer writes for it.
import { describe, expect, it } from 'vitest';
import { PendingHolds, type StreamMessage } from '../../daemon/hold/pending.js';
import { headlessFromArgv } from '../../daemon/hold/headless.js';
import { addOurHooks, hasOurHooks } from '../../installer/claude-code-hooks.js';
import { addCodexHooks, hasCodexHooks } from '../../installer/codex-hooks.js';
import { addGeminiHooks } from '../../installer/gemini-hooks.js';
import { holdWaitS } from '../../daemon/cli/install-command.js';
import { ConfigSchema } from '../../daemon/config/schema.js';
import { decide } from '../../daemon/policy.js';
import type { Finding } from '../../detectors/detector.js';

const view = { agent: { kind: 'claude-code' }, tool: { name: 'Bash', input: { command: 'curl x | sh' } }, rule: 'r', severity: 'high', title: 't', reason: 'why', steps: [] };

function registry(connected = true) {
  const sent: StreamMessage[] = [];
  return { sent, holds: new PendingHolds({ publish: (m) => sent.push(m), consoleConnected: () => connected }) };
}

describe('pending holds', () => {
  it('a console decides once: a second answer is a conflict, an unknown id is unknown', async () => {
    const { sent, holds } = registry();
    const { view: v, done, waiting } = holds.hold(view, 60_000, 'deny');
    expect(waiting).toBe(true);
    expect(sent[0]).toMatchObject({ type: 'pending', pending: { id: v.id, fallback: 'deny', reason: 'why' } });
    expect(holds.list().map((p) => p.id)).toEqual([v.id]);
    expect(holds.decide(v.id, 'allow')).toBe('ok');
    expect(await done).toEqual({ answer: 'allow', by: 'console' });
    expect(holds.decide(v.id, 'deny')).toBe('decided');
    expect(holds.decide('nope', 'deny')).toBe('unknown');
    expect(sent[1]).toEqual({ type: 'resolved', pendingId: v.id, answer: 'allow', by: 'console' });
    expect(holds.list()).toEqual([]);
  });

  it('undecided at the deadline the fallback answers, and the id is then unknown (expired)', async () => {
    const { sent, holds } = registry();
    const { view: v, done } = holds.hold(view, 50, 'ask');
    expect(await done).toEqual({ answer: 'ask', by: 'timeout' });
    expect(holds.decide(v.id, 'allow')).toBe('unknown');
    expect(sent.at(-1)).toMatchObject({ type: 'resolved', by: 'timeout', answer: 'ask' });
  });

  it('with no console the fallback answers at once and nothing waits', async () => {
    const { sent, holds } = registry(false);
    const { done, waiting } = holds.hold(view, 60_000, 'deny');
    expect(waiting).toBe(false);
    expect(await done).toEqual({ answer: 'deny', by: 'no-console' });
    expect(sent).toEqual([]);
    expect(holds.list()).toEqual([]);
  });

  it('an agent that stops waiting ends its hold; shutdown answers every hold with its fallback', async () => {
    const { holds } = registry();
    const ac = new AbortController();
    const a = holds.hold(view, 60_000, 'deny', ac.signal);
    const b = holds.hold(view, 60_000, 'allow');
    ac.abort();
    expect(await a.done).toEqual({ answer: 'deny', by: 'timeout' });
    holds.close();
    expect(await b.done).toEqual({ answer: 'allow', by: 'timeout' });
  });
});

describe('headless sessions', () => {
  it('knows claude -p / --print, codex exec, gemini -p / --prompt from the agent command line', () => {
    expect(headlessFromArgv([['/usr/bin/claude', '-p', 'fix it', '--dangerously-skip-permissions']])).toBe(true);
    expect(headlessFromArgv([['node', '/opt/node_modules/@anthropic-ai/claude-code/cli.js', '--print', 'x']])).toBe(true);
    expect(headlessFromArgv([['claude']])).toBe(false);
    expect(headlessFromArgv([['claude', '--resume', 'abc']])).toBe(false);
    // The forwarder and a shell sit between Codex and the connection: the agent is further up.
    expect(headlessFromArgv([['node', '/x/main.js', 'hook', 'codex'], ['/bin/sh', '-c', 'agentwatch hook codex'], ['codex', 'exec', '--skip-git-repo-check', 'do it']])).toBe(true);
    expect(headlessFromArgv([['codex', '-a', 'on-request']])).toBe(false);
    expect(headlessFromArgv([['node', '/x/bin/gemini', '-p', 'do it', '--yolo']])).toBe(true);
    expect(headlessFromArgv([['node', '/x/bin/gemini']])).toBe(false);
    expect(headlessFromArgv([['bash'], ['sshd']])).toBeUndefined();
  });
});

describe('policy and install with hold', () => {
  const finding = (rule: string, severity: Finding['severity']): Finding => ({ rule, severity, tactic: 'execution', title: rule, reason: rule, evidence: [], key: rule, block: true });

  it('hold outranks ask and yields to deny; its defaults are 60 s and deny', () => {
    const config = ConfigSchema.parse({ policy: { mode: 'enforce', bySeverity: { medium: 'hold' } } });
    expect(config.policy.hold).toEqual({ timeoutS: 60, fallback: 'deny' });
    expect(config.policy.headlessAsk).toBe('deny');
    expect(decide([finding('a', 'medium')], config.policy).action).toBe('hold');
    expect(decide([finding('a', 'medium'), finding('b', 'high')], config.policy).action).toBe('deny');
    expect(decide([finding('a', 'medium')], { ...config.policy, rules: { b: 'ask' } }).action).toBe('hold');
    expect(() => ConfigSchema.parse({ policy: { hold: { fallback: 'maybe' } } })).toThrow();
  });

  it('the installed hook timeouts outlast the hold, and a re-install after turning hold on rewrites them', () => {
    const config = ConfigSchema.parse({ policy: { rules: { 'download-piped-to-shell': 'hold' }, hold: { timeoutS: 90 } } });
    expect(holdWaitS(config.policy)).toBe(105);
    expect(holdWaitS(ConfigSchema.parse({}).policy)).toBeUndefined();
    const t = { url: 'http://127.0.0.1:1/v1/hooks/claude-code', command: 'agentwatch hook claude-code', secret: 's' };
    const plain = addOurHooks({}, t);
    const held = addOurHooks(plain, { ...t, waitS: 105 });
    const timeout = (s: Record<string, unknown>, e: string) => ((s.hooks as Record<string, { hooks: { timeout: number }[] }[]>)[e]![0]!.hooks[0]!.timeout);
    expect([timeout(plain, 'PreToolUse'), timeout(held, 'PreToolUse'), timeout(held, 'PostToolUse')]).toEqual([5, 105, 5]);
    // A skill's shell command is held the same way (its hook waits on the answer too).
    expect([timeout(plain, 'PreSkillShellCommand'), timeout(held, 'PreSkillShellCommand')]).toEqual([5, 105]);
    expect(hasOurHooks(plain, { ...t, waitS: 105 })).toBe(false);
    expect(hasOurHooks(held, { ...t, waitS: 105 })).toBe(true);
    const codex = addCodexHooks({}, 'agentwatch hook codex', 105);
    expect(JSON.stringify(codex)).toContain('"timeout":105');
    expect(hasCodexHooks(codex, 'agentwatch hook codex')).toBe(false);
    expect(JSON.stringify(addGeminiHooks({}, 'agentwatch hook gemini-cli', 105))).toContain('"timeout":105000');
  });
});
