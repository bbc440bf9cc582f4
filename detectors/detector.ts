// Detectors are pure functions of (event, session memory) → findings. No I/O, no clock, no logging:
// that is what lets the same detector run live, in a replay over stored events and in unit tests.
// A detector that needs history declares its own per-session memory (an initial value and a pure
// update); the detector set (detector-set.ts) keeps it, and no detector sees another's.
import type { Event, Severity, Tactic } from '../core/event.js';
import type { SessionState } from './session-state.js';
import type { DetectionContext, EventFacts } from './facts.js';

export interface Finding {
  rule: string;
  severity: Severity;
  tactic: Tactic;
  technique?: string;
  title: string;
  /** One sentence a developer understands: what happened and why it matters. */
  reason: string;
  /** Event ids that show it, the triggering event last. */
  evidence: string[];
  /**
   * What makes two findings "the same alert" within a session (e.g. the secret's path or the
   * destination host). Identical findings in one session are merged into one alert.
   */
  key: string;
  /** In enforce mode, a PreToolUse that produced this finding is denied. */
  block: boolean;
}

interface InputBase {
  event: Event;
  /** What the event does (paths, egress, pipes), computed once for all detectors. */
  facts: EventFacts;
  /** What every detector may read about the session (workspace, taint), as it was before this event. */
  session: Readonly<SessionState>;
  ctx: DetectionContext;
}

/** `state`: this detector's own memory of the session, as it was before this event (none without one). */
export type DetectionInput<S = undefined> = InputBase & (undefined extends S ? { state?: S } : { state: S });

/**
 * What a detector judges. `intent`: what a session does, as its hooks announce it (or, for a session
 * whose hooks never report, as its OS events show it). `effects`: every OS event tied to a session,
 * also the mere effects of a hooked session's announced actions. `both`: all of it.
 */
export type Judges = 'intent' | 'effects' | 'both';

/** A detector's per-session memory: bounded, and advanced by a pure function after each event. */
export interface SessionMemory<S> {
  initial(): S;
  /** The memory after `input.event`; `input.state` and `input.session` are as they were before it. */
  update(input: DetectionInput<S>): S;
  /**
   * The memory only serves windows of at most MAX_WINDOW_MS (stamps of recent calls, reads, uploads): a
   * session with no event for that long starts it afresh (DetectorSet.forgetIdle).
   */
  readonly windowed?: boolean;
}

export interface Detector<S = undefined> {
  readonly name: string;
  readonly judges: Judges;
  readonly memory?: SessionMemory<S>;
  evaluate(input: DetectionInput<S>): Finding[];
}

/** Any detector, whatever its memory (its type is the detector's own business); the set keeps each apart. */
export type AnyDetector = Detector<any>;
