// Hook bypass: the agent's own process tree did something (ran a program, touched a secret or a
// persistence file, connected out) that no hook event of its session announced — hooks switched off,
// a hook that failed open, or a tool path hooks do not cover. Pure: it reads only the event, its facts
// and its own memory of the session (hook calls seen, unhooked effects so far), kept bounded.
import { SUPERVISED_SESSION_PREFIX, type Event } from '../../core/event.js';
import type { Detector } from '../detector.js';
import type { DetectionContext, EventFacts } from '../facts.js';
import { isLocalHost } from '../command/egress.js';
import { displayPath } from '../paths.js';
import { persistenceWritesOf } from './steps.js';
import { msOf } from '../../core/time.js';
import { agentOwnPrograms } from '../../core/agents/tables.js';
import { push } from './bounded.js';
import { intern } from '../../core/intern.js';

/** A hook tool call remembered for matching: its time (ms), its id, command and the paths it named. */
export interface HookCallStamp { t: number; eventId: string; useId?: string; command?: string; paths: string[] }

/**
 * The stamp of each event, made once: hook-bypass and hidden-effect both keep the same (read-only) stamp
 * in every open session's memory, where two copies were most of what thousands of sessions held.
 */
const stamps = new WeakMap<Event, HookCallStamp>();

/** The tool call a hook event announces (a command, a file tool), or undefined for any other hook event. */
export function callStampOf(event: Event): HookCallStamp | undefined {
  if (event.source !== 'hook' || event.tool === undefined || (event.kind !== 'tool.call' && !event.kind.startsWith('file.'))) return undefined;
  const known = stamps.get(event);
  if (known) return known;
  const input = (event.tool.input ?? {}) as Record<string, unknown>;
  const path = typeof event.path === 'string' ? event.path : undefined;
  // Kept once (core/intern.ts), as the event's path and command already are (hook-payload.ts).
  const file = typeof input.file_path === 'string' ? intern(input.file_path) : undefined;
  // A literal of exactly the paths there are: an array grown by push or filter keeps room for 17.
  const paths = path !== undefined && file !== undefined ? [path, file] : path !== undefined ? [path] : file !== undefined ? [file] : [];
  const stamp = { t: msOf(event.ts), eventId: event.id, useId: event.tool.useId, command: event.command, paths };
  stamps.set(event, stamp);
  return stamp;
}

/** An effect counts as announced by a tool call at most this long before it (long builds included). */
export const BYPASS_WINDOW_MS = 5 * 60_000;
export const MAX_HOOK_CALLS = 32;
export const MAX_UNHOOKED = 16;

/** What hook-bypass remembers of a session: recent hook tool calls, and the effects none of them announced. */
export interface HookMemory {
  hookCalls: HookCallStamp[];
  unhooked: { eventId: string; what: string }[];
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash']);
// The agents themselves and what they run for their own bookkeeping (search, sandbox), not for a tool
// call: the hooked agents' commands and helpers in the agent catalog.
const isAgentProgram = (p: string) => agentOwnPrograms().names.has(base(p));
const namesAgentPackage = (s: string) => agentOwnPrograms().packages?.test(s) ?? false;
const TRIVIAL = new Set(['true', 'false', 'sleep', 'which', 'command', 'uname', 'id', 'whoami', 'tty', 'stty', 'tput', 'locale',
  'hostname', 'basename', 'dirname', 'date', 'pwd', 'printf', 'echo', 'test', '[', 'ps', 'env', 'getconf', 'nproc']);
// Read-only git commands agents poll for their prompt context (status line, branch, diff stats).
const GIT_POLLING = new Set(['status', 'rev-parse', 'log', 'branch', 'config', 'diff', 'ls-files', 'remote', 'symbolic-ref',
  'show', 'describe', 'worktree', 'for-each-ref', 'cat-file', 'rev-list', 'version', '--version']);

/** The part of an agent's shell wrapper that is the user's command: Claude's `source <snapshot> … && <cmd>`. */
export function unwrapSnapshot(script: string): string {
  if (!script.includes('shell-snapshots')) return script;
  const i = script.indexOf('&&');
  return i < 0 ? '' : script.slice(i + 2).trim();
}

function gitSubcommand(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c' || args[i] === '-C') { i++; continue; }
    if (!args[i]!.startsWith('-') || args[i] === '--version') return args[i];
  }
  return undefined;
}

/** The agent's own housekeeping: never an unhooked effect on its own. */
export function isHousekeeping(argv: readonly string[], exe?: string): boolean {
  const prog = base(argv[0] ?? exe ?? '');
  if (isAgentProgram(prog) || isAgentProgram(exe ?? '') || argv.some(namesAgentPackage)) return true;
  if (TRIVIAL.has(prog)) return true;
  if (prog === 'git') { const sub = gitSubcommand(argv.slice(1)); return sub === undefined || GIT_POLLING.has(sub); }
  if (SHELLS.has(prog)) {
    const c = argv.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
    if (c < 0) return false;
    const script = unwrapSnapshot(argv.slice(c + 1).find((a) => !a.startsWith('-')) ?? '').trim(); // `bash -c -l '<script>'`
    return script === '' || script.split(/(?<!\s)\s*(?:&&|\|\||;)\s*/).every((part) => part === '' || isHousekeeping(part.split(/\s+/)));
  }
  return false;
}

/** What the effect is, in a few words, or undefined when it is not one this rule judges. */
export function effectOf(event: Event, facts: EventFacts, ctx: DetectionContext): string | undefined {
  if (event.kind === 'exec') {
    // A process whose command line could not be read (seen only after it exited, or still inside its exec
    // on a loaded machine: the agent's own hook shell, say) cannot be told from the agent's housekeeping;
    // what it then did (a secret read, a connection) is judged as itself.
    const argv = event.argv ?? [];
    if (argv.length === 0 || isHousekeeping(argv, event.exe)) return undefined;
    const line = argv.join(' ');
    return `ran \`${line.length > 60 ? `${line.slice(0, 57)}...` : line}\``;
  }
  if (event.kind === 'net.connect' && event.remote) {
    // The agent talking to its model API is not an effect of a tool call.
    if (isLocalHost(event.remote.addr) || (event.exe && (isAgentProgram(event.exe) || namesAgentPackage(event.exe)))) return undefined;
    return `connected to ${event.remote.host ?? event.remote.addr}:${event.remote.port}`;
  }
  if (event.kind.startsWith('file.') && event.path !== undefined) {
    if (facts.secrets.length > 0) return `read ${facts.secrets[0]!.path}`;
    const p = persistenceWritesOf(event, facts, ctx.home)[0];
    if (p) return `wrote ${displayPath(p.path, ctx.home)}`;
  }
  return undefined;
}

/** Whether a hook call named this effect: its command holds the program line, path or destination. */
export function callMatches(call: HookCallStamp, event: Event, ctx: DetectionContext): boolean {
  const cmd = call.command ?? '';
  if (event.kind === 'exec') {
    const argv = event.argv ?? (event.exe ? [event.exe] : []);
    const line = argv.join(' ');
    if (cmd !== '' && line.includes(cmd)) return true;
    const args = argv.slice(1).join(' ');
    return cmd !== '' && cmd.split(/[\s;&|()]+/).some((w) => base(w) === base(argv[0] ?? '')) && (args === '' || cmd.includes(args));
  }
  if (event.remote) return cmd.includes(event.remote.addr) || (event.remote.host !== undefined && cmd.includes(event.remote.host));
  if (event.path !== undefined) return call.paths.includes(event.path) || cmd.includes(event.path) || cmd.includes(displayPath(event.path, ctx.home));
  return false;
}

/** The unhooked effect this event is, if it is one: judged against the session state before it. */
export function unhookedEffectOf(event: Event, facts: EventFacts, session: { hookEvents: number; hookCalls: readonly HookCallStamp[] }, ctx: DetectionContext): string | undefined {
  // An effect tied to a tool call (also one a backgrounded command left running) or to an MCP server the agent
  // started from its config was announced in its way; hidden-effect.ts judges what it does.
  if (event.source === 'hook' || event.sessionId === undefined || event.toolUseId !== undefined || event.mcpServer !== undefined) return undefined;
  // A tree `agentwatch run` supervises under its own session id has no hooks to bypass: its agent stamped
  // nothing (an agent that does, e.g. Claude Code, puts its children in its own session, judged here).
  if (event.sessionId.startsWith(SUPERVISED_SESSION_PREFIX)) return undefined;
  // Only effects from the agent's own tree: a correlated one matched a hook already, a probable one is a guess.
  if (event.attribution !== 'exact' && event.attribution !== 'ancestry') return undefined;
  const what = effectOf(event, facts, ctx);
  if (what === undefined) return undefined;
  // In a session whose hooks do arrive, a plain child process is too weak a sign: a hooked command's
  // children (npm → node → …) are only linked to it when every process in between was seen. There,
  // only sensitive effects (a secret read, a persistence write, a remote connect) count.
  if (event.kind === 'exec' && session.hookEvents > 0) return undefined;
  const t = msOf(event.ts);
  const announced = session.hookCalls.some((c) => t - c.t <= BYPASS_WINDOW_MS && c.t - t <= 2_000 && callMatches(c, event, ctx));
  return announced ? undefined : what;
}

function listed(items: string[]): string {
  const shown = items.slice(0, 4).join(', ');
  return items.length > 4 ? `${shown} and ${items.length - 4} more` : shown;
}

export const hookBypass: Detector<HookMemory> = {
  name: 'hook-bypass',
  judges: 'effects',
  memory: {
    // Calls announce effects within BYPASS_WINDOW_MS; the unhooked effects listed are the recent ones.
    windowed: true,
    initial: () => ({ hookCalls: [], unhooked: [] }),
    update({ event, facts, session, state, ctx }) {
      const now = msOf(event.ts);
      if (event.source === 'hook') {
        const recent = state.hookCalls.filter((c) => now - c.t <= BYPASS_WINDOW_MS);
        const call = callStampOf(event);
        return { hookCalls: call ? [...recent, call].slice(-MAX_HOOK_CALLS) : recent, unhooked: state.unhooked };
      }
      const what = unhookedEffectOf(event, facts, { hookEvents: session.hookEvents, hookCalls: state.hookCalls }, ctx);
      return what === undefined ? state : { hookCalls: state.hookCalls, unhooked: push(state.unhooked, [{ eventId: event.id, what }], MAX_UNHOOKED) };
    },
  },
  evaluate({ event, facts, session, state, ctx }) {
    const what = unhookedEffectOf(event, facts, { hookEvents: session.hookEvents, hookCalls: state.hookCalls }, ctx);
    if (what === undefined) return [];
    const all = [...state.unhooked, { eventId: event.id, what }];
    const why = session.hookEvents === 0 ? 'no hook event at all arrived from it' : 'no tool call in its hooks announced them';
    return [{
      rule: 'hook-bypass', severity: 'high', tactic: 'defense-evasion', technique: 'T1562.001',
      title: 'Agent acted without its hooks',
      reason: `Session ${event.sessionId} ${listed([...new Set(all.map((u) => u.what))])} but ${why}, so its hooks are off, failed open or do not cover this path.`,
      evidence: all.map((u) => u.eventId), key: 'hook-bypass', block: false,
    }];
  },
};
