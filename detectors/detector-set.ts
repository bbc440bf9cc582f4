// The detectors the daemon runs, in order, and what they remember per session: the shared session
// state plus each detector's own memory, which only that detector reads and only its pure update
// writes. The pipeline asks the set to judge an event; a rule reload swaps the rules inside it.
import type { Event } from '../core/event.js';
import { BoundedMap } from '../core/bounded-map.js';
import type { AnyDetector, Finding } from './detector.js';
import type { DetectionContext, EventFacts } from './facts.js';
import { advanceSession, newSessionState, type SessionState } from './session-state.js';

/** Sessions remembered at once; the least recently active are forgotten beyond it. */
const MAX_SESSIONS = 5000;

interface SessionMemo {
  shared: SessionState;
  /** Each detector's memory, by detector name. */
  own: Map<string, unknown>;
}

export class DetectorSet {
  private list: AnyDetector[];
  private readonly sessions = new BoundedMap<string, SessionMemo>(MAX_SESSIONS);

  constructor(detectors: readonly AnyDetector[]) {
    this.list = [...detectors];
  }

  get detectors(): readonly AnyDetector[] {
    return this.list;
  }

  /** Puts `detector` in the place of the one with its name (a rule reload); every session's memory is kept. */
  replace(detector: AnyDetector): void {
    this.list = this.list.map((d) => (d.name === detector.name ? detector : d));
  }

  /**
   * Judges one event of its session and then advances the session's memory. A detector that throws
   * is reported through `onError` and never stops the rest.
   */
  evaluate(event: Event, facts: EventFacts, ctx: DetectionContext, onError: (name: string, err: unknown) => void): Finding[] {
    const sid = event.sessionId ?? `no-session:${event.agent.kind}`;
    const memo = this.sessions.get(sid) ?? { shared: newSessionState(event), own: new Map<string, unknown>() };
    const session = memo.shared;
    // A session whose hooks report its intent is judged on that intent; its OS effects are evidence, judged
    // only by the detectors of effects (npm reading ~/.npmrc inside a hooked `npm install` is not a secret read).
    // An effect tied to a session only by a guess (`probable`: same workspace, e.g. the user starting the
    // next agent there) is kept as evidence too, never judged as the session's own action.
    const guessed = event.attribution === 'probable' || event.attribution === 'none';
    const effectOnly = event.source !== 'hook' && (session.hookEvents > 0 || guessed);
    const findings: Finding[] = [];
    for (const d of this.list) {
      if (!judgesEvent(d, event, effectOnly)) continue;
      try {
        findings.push(...d.evaluate({ event, facts, session, state: stateOf(memo, d), ctx }));
      } catch (err) {
        onError(d.name, err);
      }
    }
    // A detector of intent does not remember the mere effects of a hooked session either.
    for (const d of this.list) {
      if (d.memory === undefined || (effectOnly && d.judges === 'intent')) continue;
      try {
        memo.own.set(d.name, d.memory.update({ event, facts, session, state: stateOf(memo, d), ctx }));
      } catch (err) {
        onError(d.name, err);
      }
    }
    memo.shared = advanceSession(session, event, facts, effectOnly);
    this.sessions.set(sid, memo);
    return findings;
  }

  /**
   * A session's memory as one read-only object, for tests and status: the shared state and every
   * detector's own side by side (`M`: their shapes, e.g. SequenceMemory; their fields do not overlap).
   */
  view<M = Record<string, unknown>>(sessionId: string): (Readonly<SessionState> & Readonly<M>) | undefined {
    const memo = this.sessions.get(sessionId);
    if (memo === undefined) return undefined;
    return Object.assign({}, memo.shared, ...memo.own.values()) as SessionState & M;
  }
}

function judgesEvent(d: AnyDetector, event: Event, effectOnly: boolean): boolean {
  if (d.judges === 'intent') return !effectOnly;
  if (d.judges === 'effects') return event.source !== 'hook';
  return true;
}

function stateOf(memo: SessionMemo, d: AnyDetector): unknown {
  if (d.memory === undefined) return undefined;
  if (!memo.own.has(d.name)) memo.own.set(d.name, d.memory.initial());
  return memo.own.get(d.name);
}
