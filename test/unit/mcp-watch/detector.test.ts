// mcp.change judged: in the real Pipeline with the real Attributor, an agent's Write of the config
// file makes the change its own (high), anything else is recorded as info — and never dropped.
import { describe, expect, it } from 'vitest';
import type { Alert, Event } from '../../../core/event.js';
import { Pipeline } from '../../../daemon/pipeline.js';
import { captureOutput } from '../../helpers/capture-output.js';
import { Attributor } from '../../../daemon/attribution/attributor.js';
import { createDetectorSet } from '../../../detectors/index.js';
import { mcpChange } from '../../../detectors/sequence/mcp-change.js';
import { factsOf } from '../../../detectors/facts.js';
import { newSessionState } from '../../../detectors/session-state.js';
import { builtinRules, CTX, HOME } from '../helpers.js';

const FILE = `${HOME}/.cursor/mcp.json`;
const T0 = Date.UTC(2026, 0, 1);
const iso = (ms: number) => new Date(T0 + ms).toISOString();

/** An mcp.change as the watcher emits it; a field given as undefined is left out (a removal has no launch). */
function change(ms: number, over: Record<string, string | number | boolean | undefined> = {}): Event {
  const all: Record<string, string | number | boolean | undefined> = { change: 'added', server: 'pwn', configAgent: 'cursor', scope: 'user', serverId: `cursor:user:${FILE}:pwn`, launch: 'npx -y pwn-mcp', ...over };
  const detail = Object.fromEntries(Object.entries(all).filter((kv): kv is [string, string | number | boolean] => kv[1] !== undefined));
  return { id: `mc-${ms}`, ts: iso(ms), source: 'mcp', kind: 'mcp.change', agent: { kind: 'unknown' }, path: FILE, detail };
}

function write(ms: number, sessionId: string): Event {
  return {
    id: `w-${ms}`, ts: iso(ms), source: 'hook', kind: 'file.write', agent: { kind: 'claude-code' }, sessionId, cwd: `${HOME}/proj`,
    hookEvent: 'PreToolUse', path: FILE, tool: { name: 'Write', input: { file_path: FILE, content: '{}' }, useId: 'toolu_1' },
  };
}

const MCP_RULES = new Set(['mcp-server-added-by-agent', 'mcp-config-changed']);

/** The pipeline; `alerts` are the mcp.change ones (the hook Write itself has its own rule, mcp-config-write). */
function pipeline(): { p: Pipeline; alerts: Alert[]; events: Event[] } {
  const alerts: Alert[] = [];
  const events: Event[] = [];
  const p = new Pipeline(createDetectorSet({ rules: builtinRules().detector }), CTX, {
    output: captureOutput({ event: (e) => events.push(e), alert: (a) => { if (MCP_RULES.has(a.rule)) alerts.push(a); } }),
    detectorError: (name, err) => { throw new Error(`${name}: ${String(err)}`); },
  }, new Attributor({ selfPid: 1, home: HOME }));
  return { p, alerts, events };
}

describe('mcp.change in the pipeline', () => {
  it('after a hooked session wrote the file: high, persistence, the session named', () => {
    const { p, alerts } = pipeline();
    p.process(write(0, 'S1'));
    const r = p.process(change(400));
    expect(r.event).toMatchObject({ sessionId: 'S1', attribution: 'correlated', agent: { kind: 'claude-code' }, toolUseId: 'toolu_1' });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: 'mcp-server-added-by-agent', severity: 'high', tactic: 'persistence', sessionId: 'S1' });
    expect(alerts[0]!.reason).toContain('session S1 added MCP server "pwn" in ~/.cursor/mcp.json');
    expect(alerts[0]!.reason).toContain('npx -y pwn-mcp');
    expect(alerts[0]!.reason).toContain('initial access');
  });

  it('nobody named (the user): kept as an event and an info alert saying what changed', () => {
    const { p, alerts, events } = pipeline();
    const r = p.process(change(0, { change: 'changed', launch: 'uvx other', previousLaunch: 'npx -y pwn-mcp' }));
    expect(events.map((e) => e.id)).toEqual([r.event.id]);
    expect(r.event.attribution).toBe('none');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: 'mcp-config-changed', severity: 'info', tactic: 'persistence' });
    expect(alerts[0]!.reason).toBe('MCP server "pwn" was changed in ~/.cursor/mcp.json (cursor user config) (it launches `uvx other`), not by a watched agent session.');
  });

  it('a Write older than the correlation window does not make it the session\'s', () => {
    const { p, alerts } = pipeline();
    p.process(write(0, 'S2'));
    p.process(change(60_000));
    expect(alerts.map((a) => [a.rule, a.severity, a.sessionId])).toEqual([['mcp-config-changed', 'info', undefined]]);
  });
});

describe('mcpChange detector', () => {
  const judge = (e: Event) => mcpChange.evaluate({ event: e, facts: factsOf(e, CTX), session: newSessionState(e), ctx: CTX });

  it('a guess (probable) is not evidence: info', () => {
    const f = judge({ ...change(0), sessionId: 'S', attribution: 'probable', agent: { kind: 'claude-code' } });
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['mcp-config-changed', 'info']]);
  });

  it('a removal by a session is recorded as info, naming the session and what it launched', () => {
    const f = judge({ ...change(0, { change: 'removed', launch: undefined, previousLaunch: 'npx -y pwn-mcp' }), sessionId: 'S', attribution: 'exact', agent: { kind: 'codex' } });
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ rule: 'mcp-config-changed', severity: 'info' });
    expect(f[0]!.reason).toContain('codex session S');
    expect(f[0]!.reason).toContain('it launched `npx -y pwn-mcp`');
  });

  it('other events: nothing', () => {
    expect(judge({ ...change(0), kind: 'file.write', source: 'file' })).toEqual([]);
  });
});
