// What the hooks told us recently, for the two weaker attribution levels: a tool call that named the
// same command or path a few seconds before an effect (correlated), and the workspaces of sessions
// active in the last minutes (probable). Bounded; times are event times (ms).
import type { AgentKind, Event } from '../../core/event.js';
import { intern } from '../../core/intern.js';

export interface HookCall { t: number; sessionId: string; agent: AgentKind; useId?: string; tool?: string; command?: string; paths: string[] }
export interface SessionSeen {
  sessionId: string; agent: AgentKind; cwd?: string; lastMs: number; confirmed?: boolean;
  /**
   * When the session ended (session.end, or its agent process exited): what it left running does not keep it
   * active. A time, not a flag: the kernel tier's lines are put in order before they are read, so an effect
   * from before the end can be read after it, and is still the session's.
   */
  endedMs?: number;
}

/** A hook call names an effect if it happened at most this long before it. */
export const CORRELATE_MS = 5_000;
/** An effect under a session's workspace is probably its own if the session was active this recently. */
export const PROBABLE_MS = 5 * 60_000;
const MAX_CALLS = 256;
/** A tool call with no result after this long is taken as finished (its result hook was lost). */
export const OPEN_CALL_MS = 10 * 60_000;
const MAX_SESSIONS = 1024;

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const INTERPRETER = /^(?:ba|da|z|k)?sh$|^(?:python|node|perl|ruby|php|bun|deno)[\d.]*$/;
const words = (s: string) => s.split(/[\s;&|()<>"'`=]+/).filter(Boolean);

/** Whether hook call `call` names the OS effect `e` (same command line, same path, same destination). */
export function callNamesEffect(call: HookCall, e: Event, home?: string): boolean {
  const cmd = call.command;
  if (e.kind === 'exec') {
    const argv = e.argv && e.argv.length > 0 ? e.argv : e.exe ? [e.exe] : [];
    if (!cmd || argv.length === 0) return false;
    const line = argv.join(' ');
    if (line.includes(cmd)) return true; // the agent's wrapper: `bash -c source … && <cmd>`
    if (argv.length > 1) return cmd.includes(argv.slice(1).join(' ')) && (runsScript(cmd, argv) || words(cmd).some((w) => baseName(w) === baseName(argv[0]!)));
    return words(cmd).some((w) => baseName(w) === baseName(argv[0]!));
  }
  if (e.path !== undefined) {
    if (call.paths.includes(e.path)) return true;
    const tilde = home && e.path.startsWith(`${home}/`) ? `~${e.path.slice(home.length)}` : undefined;
    return cmd !== undefined && (cmd.includes(e.path) || (tilde !== undefined && cmd.includes(tilde)));
  }
  if (e.remote && cmd) return cmd.includes(e.remote.addr) || (e.remote.host !== undefined && cmd.includes(e.remote.host));
  return false;
}

/**
 * `/bin/sh ./dev.sh` for the command `nohup ./dev.sh &`: a script the command runs as a program (at the start
 * of a command, or after nohup, exec, setsid, env, time), which the kernel hands to its interpreter.
 */
function runsScript(cmd: string, argv: readonly string[]): boolean {
  const script = argv[1];
  if (!INTERPRETER.test(baseName(argv[0]!)) || script === undefined || script.startsWith('-')) return false;
  const at = new RegExp(`(?:^|[;&|(]|\\b(?:nohup|exec|setsid|env|time))\\s*${script.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\s|$)`);
  return at.test(cmd.trim());
}

export function callOf(e: Event, t: number): HookCall | undefined {
  if (e.source !== 'hook' || e.sessionId === undefined || !e.tool) return undefined;
  if (e.kind !== 'tool.call' && !e.kind.startsWith('file.')) return undefined;
  const input = (e.tool.input ?? {}) as Record<string, unknown>;
  // The tool input's paths are kept once (core/intern.ts) as the event's own fields already are (hook-payload.ts).
  const paths = [e.path, input.file_path, input.path].filter((p): p is string => typeof p === 'string').map(intern);
  return { t, sessionId: e.sessionId, agent: e.agent.kind, useId: e.tool.useId, tool: e.tool.name, command: e.command, paths };
}

export class HookMemory {
  private calls: HookCall[] = [];
  /** Per session, the tool calls announced and not yet finished (a tool.result closes one). */
  private readonly open = new Map<string, HookCall[]>();
  private readonly sessions = new Map<string, SessionSeen>();

  /**
   * Remembers a hook event (`confirmed`: an OS event of the session's own agent process); answers the
   * session's cwd when it is seen for the first time, and again when a process first confirms the session.
   */
  note(e: Event, t: number, confirmed = false): { cwd: string; confirmed: boolean } | undefined {
    const call = callOf(e, t);
    if (call) {
      this.calls.push(call);
      // Pruned in bulk, not copied on every call: under a flood of hooks that copy was a tenth of all the
      // daemon allocated. correlate() looks at the newest MAX_CALLS only, so what it sees is unchanged.
      if (this.calls.length >= 2 * MAX_CALLS || t - this.calls[0]!.t > CORRELATE_MS * 4) {
        this.calls = this.calls.filter((c) => t - c.t <= CORRELATE_MS * 4).slice(-MAX_CALLS);
      }
    }
    if (e.sessionId === undefined) return undefined;
    if (e.source === 'hook') this.track(e, call, t);
    const known = this.sessions.get(e.sessionId);
    // A process that outlived its session keeps the session, but lends it to nobody: its effects do not make
    // the session active again for `probable` (a hook of the session itself does: it was resumed).
    if (known?.endedMs !== undefined && t >= known.endedMs && e.source !== 'hook') return undefined;
    const fresh = e.cwd !== undefined && known?.cwd === undefined;
    const cwd = known?.cwd ?? e.cwd;
    const nowConfirmed = confirmed || known?.confirmed === true;
    this.sessions.delete(e.sessionId);
    this.sessions.set(e.sessionId, { sessionId: e.sessionId, agent: e.agent.kind, cwd, lastMs: Math.max(t, known?.lastMs ?? 0), confirmed: nowConfirmed });
    if (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    return cwd !== undefined && (fresh || (nowConfirmed && known?.confirmed !== true)) ? { cwd, confirmed: nowConfirmed } : undefined;
  }

  private track(e: Event, call: HookCall | undefined, t: number): void {
    const sid = e.sessionId!;
    const open = (this.open.get(sid) ?? []).filter((c) => t - c.t <= OPEN_CALL_MS);
    if (call) open.push(call);
    else if (e.kind === 'tool.result') {
      // Its own call by id; else (Gemini sends no ids) the oldest open call of the same tool.
      const i = e.tool?.useId !== undefined ? open.findIndex((c) => c.useId === e.tool!.useId) : open.findIndex((c) => c.tool === e.tool?.name);
      if (i >= 0) open.splice(i, 1);
    } else if (e.kind === 'turn.end' || e.kind === 'session.end') open.length = 0;
    if (open.length > 0) this.open.set(sid, open.slice(-16));
    else this.open.delete(sid);
    if (this.open.size > MAX_SESSIONS) this.open.delete(this.open.keys().next().value as string);
  }

  /**
   * The one tool call of the session open at `t` (announced, no result yet): what an effect of the agent's
   * own tree at that time belongs to when nothing in the process names a call. None when several are open.
   */
  openCall(sessionId: string, t: number): HookCall | undefined {
    const open = (this.open.get(sessionId) ?? []).filter((c) => c.t - t <= 1_000 && t - c.t <= OPEN_CALL_MS);
    return open.length === 1 ? open[0] : undefined;
  }

  /** Whether a hook (or an agent process) of this session was seen here. */
  knows(sessionId: string | undefined): boolean {
    return sessionId !== undefined && this.sessions.has(sessionId);
  }

  /** The session ended at `t`: no effect after it is `probable`ly its own. */
  end(sessionId: string, t: number): void {
    const known = this.sessions.get(sessionId);
    if (known) known.endedMs = Math.min(t, known.endedMs ?? Infinity);
  }

  /** The latest hook call (of `sessionId`, when given) in the last CORRELATE_MS that names the effect. */
  correlate(e: Event, t: number, home?: string, sessionId?: string): HookCall | undefined {
    for (let i = this.calls.length - 1; i >= Math.max(0, this.calls.length - MAX_CALLS); i--) {
      const c = this.calls[i]!;
      if (t - c.t > CORRELATE_MS || c.t - t > 1_000) continue; // a little clock skew between sources is fine
      if (sessionId !== undefined && c.sessionId !== sessionId) continue;
      if (callNamesEffect(c, e, home)) return c;
    }
    return undefined;
  }

  /** The most recently active session whose workspace holds `cwd`. */
  probable(cwd: string, t: number): SessionSeen | undefined {
    let best: SessionSeen | undefined;
    for (const s of this.sessions.values()) {
      if (!s.cwd || (s.endedMs !== undefined && t >= s.endedMs) || t - s.lastMs > PROBABLE_MS) continue;
      if (cwd !== s.cwd && !cwd.startsWith(s.cwd.endsWith('/') ? s.cwd : `${s.cwd}/`)) continue;
      if (!best || s.lastMs > best.lastMs) best = s;
    }
    return best;
  }
}
