// Builds Claude Code hook events and replays them through the real facts → detectors → session path,
// the way daemon/pipeline.ts does (minus redaction, storage and streaming).
import { expect } from 'vitest';
import type { Event } from '../../core/event.js';
import type { AnyDetector, Finding } from '../../detectors/detector.js';
import { factsOf, type DetectionContext } from '../../detectors/facts.js';
import type { SessionState } from '../../detectors/session-state.js';
import type { SequenceMemory } from '../../detectors/sequence/index.js';
import { builtinDetectors, DetectorSet, loadRulePack, type RulePack } from '../../detectors/index.js';

export const HOME = '/home/dev';
export const WORKSPACE = '/home/dev/proj';
export const CTX: DetectionContext = { home: HOME, egressAllow: ['registry.npmjs.org'] };
export const OUR_HOOK_URL = 'http://127.0.0.1:47474/v1/hooks/claude-code';

let seq = 0;

function hookEvent(kind: Event['kind'], extra: Partial<Event>): Event {
  seq += 1;
  return {
    id: `ev-${seq}`, ts: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), source: 'hook', kind,
    agent: { kind: 'claude-code' }, sessionId: 'sess-1', cwd: WORKSPACE, hookEvent: 'PreToolUse', ...extra,
  };
}

/** A PreToolUse of the Bash tool. */
export const bash = (command: string, extra: Partial<Event> = {}): Event =>
  hookEvent('tool.call', { command, tool: { name: 'Bash', input: { command } }, ...extra });

/** A PreToolUse of the Read tool. */
export const readFile = (path: string, extra: Partial<Event> = {}): Event =>
  hookEvent('file.read', { path, tool: { name: 'Read', input: { file_path: path } }, ...extra });

/** A PreToolUse of the Write tool. */
export const writeFile = (path: string, content: string): Event =>
  hookEvent('file.write', { path, tool: { name: 'Write', input: { file_path: path, content } } });

/** A PreToolUse of the Edit tool. */
export const editFile = (path: string, oldString: string, newString: string): Event =>
  hookEvent('file.write', { path, tool: { name: 'Edit', input: { file_path: path, old_string: oldString, new_string: newString } } });

export interface Replayed {
  /** Findings per event. */
  findings: Finding[][];
  /** The memory of the last event's session after it: the shared state and every detector's own. */
  state: SessionState & SequenceMemory;
}

let pack: RulePack | undefined;
/** The built-in rule pack, loaded once per test file. */
export const builtinRules = (): RulePack => (pack ??= loadRulePack());
/** The rules and the single-event detectors beside them, as the daemon runs them. */
export const singleEventDetectors = (): AnyDetector[] => builtinDetectors(builtinRules().detector);

/** Runs detectors (the built-in ones unless given) over a sequence of events in a fresh DetectorSet, sessions kept apart. */
export function replayWithState(events: Event[], ctx: DetectionContext = CTX, detectors: readonly AnyDetector[] = singleEventDetectors()): Replayed {
  const set = new DetectorSet(detectors);
  const findings = events.map((event) => set.evaluate(event, factsOf(event, ctx), ctx, (name, err) => {
    throw new Error(`detector ${name} threw: ${String(err)}`);
  }));
  const last = events.at(-1);
  return { findings, state: set.view<SequenceMemory>(last?.sessionId ?? `no-session:${last?.agent.kind}`)! };
}

/** replayWithState's findings per event. */
export function replay(events: Event[], ctx: DetectionContext = CTX, detectors?: readonly AnyDetector[]): Finding[][] {
  return replayWithState(events, ctx, detectors).findings;
}

/** The findings of the last event of a sequence. */
export function last(events: Event[], ctx?: DetectionContext): Finding[] {
  return replay(events, ctx).at(-1)!;
}

/** Rule ids of findings, for compact near-miss assertions. */
export const rules = (findings: Finding[]): string[] => findings.map((f) => f.rule);

/** The single finding of `rule`, failing the test when there is none or more than one. */
export function only(findings: Finding[], rule: string): Finding {
  const matching = findings.filter((f) => f.rule === rule);
  expect(matching, `findings: ${JSON.stringify(findings.map((f) => f.rule))}`).toHaveLength(1);
  return matching[0]!;
}

/** A reason is one sentence, on one line, that names what it is about. */
export function expectOneSentence(reason: string, ...mentions: string[]): void {
  expect(reason).toMatch(/^[A-Z][^\n]*\.$/);
  expect(reason).not.toMatch(/[.!?]\s+[A-Z]/);
  for (const m of mentions) expect(reason).toContain(m);
}
