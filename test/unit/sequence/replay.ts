// Builds hook events with controlled times and replays them through ../helpers.ts's replay, the real
// factsOf → DetectorSet loop, with the built-in and the sequence detectors.
import { expect } from 'vitest';
import type { Event } from '../../../core/event.js';
import type { AnyDetector, Finding } from '../../../detectors/detector.js';
import type { DetectionContext } from '../../../detectors/facts.js';
import { createSequenceDetectors } from '../../../detectors/sequence/index.js';
import { normaliseHookPayload } from '../../../core/hooks/hook-payload.js';
import { claudeDialect } from '../../../core/hooks/claude-dialect.js';
import { redactEvent } from '../../../core/redact.js';
import { HOME, WORKSPACE, replayWithState, rules, singleEventDetectors, type Replayed } from '../helpers.js';

export { HOME, WORKSPACE, expectOneSentence, only, rules, type Replayed } from '../helpers.js';
export const CTX: DetectionContext = { home: HOME, egressAllow: ['registry.npmjs.org', '*.github.com'] };
const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

let seq = 0;
/** Minutes since the start of the test session; each event defaults to one second after the last. */
let clock = 0;
export function at(minutes: number): void {
  clock = minutes * 60_000;
}

function ev(kind: Event['kind'], extra: Partial<Event>): Event {
  seq += 1;
  clock += 1000;
  return {
    id: `ev-${seq}`, ts: new Date(T0 + clock).toISOString(), source: 'hook', kind, agent: { kind: 'claude-code' },
    sessionId: 'sess-seq', cwd: WORKSPACE, hookEvent: 'PreToolUse', ...extra,
  };
}

export const bash = (command: string, extra: Partial<Event> = {}): Event => ev('tool.call', { command, tool: { name: 'Bash', input: { command } }, ...extra });
export const bashResult = (command: string, stdout: string): Event =>
  ev('tool.result', { hookEvent: 'PostToolUse', command, tool: { name: 'Bash', input: { command }, output: { stdout, stderr: '' } } });
export const read = (path: string): Event => ev('file.read', { path, tool: { name: 'Read', input: { file_path: path } } });
export const readResult = (path: string, content: string): Event =>
  ev('tool.result', { hookEvent: 'PostToolUse', path, tool: { name: 'Read', input: { file_path: path }, output: { type: 'text', file: { filePath: path, content } } } });
export const write = (path: string, content: string): Event => ev('file.write', { path, tool: { name: 'Write', input: { file_path: path, content } } });
export const webFetch = (url: string): Event => ev('tool.call', { tool: { name: 'WebFetch', input: { url, prompt: 'summarise' } } });
export const webSearch = (query: string): Event => ev('tool.call', { tool: { name: 'WebSearch', input: { query } } });
export const mcpResult = (name: string, output: unknown): Event =>
  ev('tool.result', { hookEvent: 'PostToolUse', tool: { name, input: {}, output } });
export const mcpCall = (name: string): Event => ev('tool.call', { tool: { name, input: {} } });

/** A tool call (or, with `response`, its result) as Claude Code posts it: through the real normaliser and the pipeline's redaction. */
export function hookEvent(tool: string, input: Record<string, unknown>, response?: unknown): Event {
  const stamp = ev('tool.call', {});
  const payload = { hook_event_name: response === undefined ? 'PreToolUse' : 'PostToolUse', session_id: stamp.sessionId, cwd: WORKSPACE, tool_name: tool, tool_input: input, tool_use_id: `toolu_${stamp.id}`, tool_response: response };
  return redactEvent(normaliseHookPayload(claudeDialect, payload, { ts: stamp.ts, newId: () => stamp.id }));
}

/** Built-in plus sequence detectors, as the daemon runs them (createDetectorSet, without the baseline). */
const allDetectors = (): AnyDetector[] => [...singleEventDetectors(), ...createSequenceDetectors()];

export const replayAll = (events: Event[], ctx: DetectionContext = CTX, detectors: readonly AnyDetector[] = allDetectors()): Replayed =>
  replayWithState(events, ctx, detectors);

/** Findings of the last event. */
export const lastOf = (events: Event[], ctx?: DetectionContext): Finding[] => replayAll(events, ctx).findings.at(-1)!;
/** Every finding of a rule over the whole replay. */
export const allOf = (events: Event[], rule: string, ctx?: DetectionContext): Finding[] => replayAll(events, ctx).findings.flat().filter((f) => f.rule === rule);

/** The findings of one event judged alone: a fresh session, at minute 0. */
export const aloneOf = (e: Event): Finding[] => { at(0); return lastOf([e]); };
/** The rules one Bash command meets, judged alone. */
export const rulesOfCommand = (command: string): string[] => aloneOf(bash(command)).map((f) => f.rule);
/** The severity of `rule`'s finding among `findings`, if it is there. */
export const severityIn = (findings: readonly Finding[], rule: string): Finding['severity'] | undefined => findings.find((f) => f.rule === rule)?.severity;
/** An `it.each` row's test: the Bash `command`, judged alone, is reported by `rule` at `severity`. */
export const reportedAt = (_name: string, command: string, rule: string, severity: string): void => {
  expect(severityIn(aloneOf(bash(command)), rule)).toBe(severity);
};

/** No egress allowlist: every host is unknown. */
export const BARE_CTX: DetectionContext = { home: HOME, egressAllow: [] };
/** The rules of the last of `commands`, run as one session under BARE_CTX. */
export const lastRules = (...commands: string[]): string[] => { at(0); return rules(lastOf(commands.map((c) => bash(c)), BARE_CTX)); };
