// The detectors the daemon runs, in order, and what they remember per session: the shared session
// state plus each detector's own memory, which only that detector reads and only its pure update
// writes. The pipeline asks the set to judge an event; a rule reload swaps the rules inside it.
import type { Event } from '../core/event.js';
import { BoundedMap } from '../core/bounded-map.js';
import { msOf } from '../core/time.js';
import type { AnyDetector, Finding } from './detector.js';
import { factsOf, type DetectionContext, type EventFacts } from './facts.js';
import { displayPath } from './paths.js';
import { noteScripts, stagedRuns, withStagedText, type StagedScript } from './staged-scripts.js';
import { advanceSession, deletesThroughMoves, newSessionState, type SessionState } from './session-state.js';
import type { Injection } from './mcp-result.js';
import { MAX_WINDOW_MS } from './sequence/limits.js';

/** Sessions remembered at once; the least recently active are forgotten beyond it. */
const MAX_SESSIONS = 5000;
/**
 * An ended session gives back its windowed memory after this much quiet, not MAX_WINDOW_MS: what can still
 * come is the effects of processes it left running, and they keep it from being quiet. Scripted runs
 * (`claude -p` per task) end hundreds of sessions an hour, and each held ~10 KB for the hour after.
 */
export const ENDED_QUIET_MS = 2 * 60_000;

interface SessionMemo {
  shared: SessionState;
  /** Each detector's memory, at the detector's index in the list (a replacement keeps its place). */
  own: unknown[];
  /** Scripts the session wrote, judged again when a command runs one (staged-scripts.ts). */
  scripts?: readonly StagedScript[];
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
    const memo = this.sessions.get(sid) ?? { shared: newSessionState(event), own: [] };
    const session = memo.shared;
    // A session whose hooks report its intent is judged on that intent; its OS effects are evidence, judged
    // only by the detectors of effects (npm reading ~/.npmrc inside a hooked `npm install` is not a secret read).
    // An effect tied to a session only by a guess (`probable`: same workspace, e.g. the user starting the
    // next agent there) is kept as evidence too, never judged as the session's own action.
    const guessed = event.attribution === 'probable' || event.attribution === 'none';
    const effectOnly = event.source !== 'hook' && (session.hookEvents > 0 || guessed);
    if (!effectOnly) facts = deletesThroughMoves(facts, session);
    // A script this session wrote (earlier, or on this very line), run now: the command is judged with the script's text
    // as if typed there.
    const known = facts.textWritten === undefined ? memo.scripts : noteScripts(memo.scripts, event, facts);
    const staged = effectOnly ? [] : stagedRuns(known, event, facts, ctx.home);
    if (staged.length > 0) { event = withStagedText(event, staged); facts = deletesThroughMoves(factsOf(event, ctx), session); }
    const findings: Finding[] = [];
    // One input object for every call of this event (hot path: no allocation per detector); valid during the call only.
    const input: { event: Event; facts: EventFacts; session: SessionState; state: unknown; ctx: DetectionContext } = { event, facts, session, state: undefined, ctx };
    this.list.forEach((d, i) => {
      if (!judgesEvent(d, event, effectOnly)) return;
      input.state = stateOf(memo, d, i);
      try {
        findings.push(...d.evaluate(input));
      } catch (err) {
        onError(d.name, err);
      }
    });
    // A detector of intent does not remember the mere effects of a hooked session either.
    this.list.forEach((d, i) => {
      if (d.memory === undefined || (effectOnly && d.judges === 'intent')) return;
      input.state = stateOf(memo, d, i);
      try {
        memo.own[i] = d.memory.update(input);
      } catch (err) {
        onError(d.name, err);
      }
    });
    memo.shared = advanceSession(session, event, facts, effectOnly);
    if (!effectOnly) memo.scripts = noteScripts(memo.scripts, event, facts);
    if (staged.length > 0) for (let i = 0; i < findings.length; i++) findings[i] = fromStaged(findings[i]!, staged, ctx.home);
    if (session.untrusted !== undefined) for (let i = 0; i < findings.length; i++) findings[i] = weighUntrusted(findings[i]!, session.untrusted);
    this.sessions.set(sid, memo);
    return findings;
  }

  /**
   * Drops the windowed memories (SessionMemory.windowed) of every session with no event in the
   * MAX_WINDOW_MS before `nowMs` (ENDED_QUIET_MS once it ended): no window reaches back that far, and
   * sessions that went quiet held most of the daemon's memory once there were thousands
   * (bench/session-memory.ts). What a session keeps for its life (its taint, in the shared state) stays.
   * Returns how many sessions it thinned.
   */
  forgetIdle(nowMs: number): number {
    let thinned = 0;
    for (const memo of this.sessions.values()) {
      if (nowMs - msOf(memo.shared.lastTs) < (memo.shared.ended === undefined ? MAX_WINDOW_MS : ENDED_QUIET_MS)) continue;
      let dropped = memo.scripts !== undefined;
      memo.scripts = undefined;
      this.list.forEach((d, i) => {
        if (d.memory?.windowed !== true || memo.own[i] === undefined) return;
        memo.own[i] = undefined;
        dropped = true;
      });
      if (dropped) thinned++;
    }
    return thinned;
  }

  /**
   * A session's memory as one read-only object, for tests and status: the shared state and every
   * detector's own side by side (`M`: their shapes, e.g. SequenceMemory; their fields do not overlap).
   */
  view<M = Record<string, unknown>>(sessionId: string): (Readonly<SessionState> & Readonly<M>) | undefined {
    const memo = this.sessions.get(sessionId);
    if (memo === undefined) return undefined;
    return Object.assign({}, memo.shared, ...memo.own.filter((m) => m !== undefined)) as SessionState & M;
  }
}

/** A finding of a command that ran scripts the session wrote: the writes are evidence, and the reason says so. */
function fromStaged(f: Finding, staged: readonly StagedScript[], home: string): Finding {
  const files = staged.map((s) => displayPath(s.path, home)).join(', ');
  const evidence = [...new Set([...staged.map((s) => s.eventId), ...f.evidence])];
  return { ...f, evidence, reason: `${f.reason} (The command runs ${files}, which this session wrote; the file's text was judged as part of the command.)` };
}

function judgesEvent(d: AnyDetector, event: Event, effectOnly: boolean): boolean {
  if (d.judges === 'intent') return !effectOnly;
  if (d.judges === 'effects') return event.source !== 'hook';
  return true;
}

function stateOf(memo: SessionMemo, d: AnyDetector, i: number): unknown {
  if (d.memory === undefined) return undefined;
  return (memo.own[i] ??= d.memory.initial());
}

/**
 * A finding in a session that took in instructions through an MCP result says so, and shows that result
 * as evidence: the action may be the injection's, not the user's. A medium finding weighs as high (in
 * enforce: denied rather than asked, since the one who would answer may be reading the injection's story).
 */
function weighUntrusted(f: Finding, u: Injection): Finding {
  // A finding that already cites the result (the lethal trifecta's untrusted input) tells it itself.
  if (f.rule === 'mcp-result-injection' || f.severity === 'info' || f.evidence.includes(u.eventId)) return f;
  return { ...f, severity: f.severity === 'medium' ? 'high' : f.severity, reason: `${f.reason} This session earlier took in instructions hidden in the result of ${u.tool} (${u.what}).`, evidence: [u.eventId, ...f.evidence.filter((id) => id !== u.eventId)] };
}
