// Detectors are pure functions of (event, session state) → findings. No I/O, no clock, no logging:
// that is what lets the same detector run live, in a replay over stored events and in unit tests.
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

export interface DetectionInput {
  event: Event;
  /** What the event does (paths, egress, pipes), computed once for all detectors. */
  facts: EventFacts;
  /** The session as it was before this event. */
  session: Readonly<SessionState>;
  ctx: DetectionContext;
}

export interface Detector {
  readonly name: string;
  evaluate(input: DetectionInput): Finding[];
}
