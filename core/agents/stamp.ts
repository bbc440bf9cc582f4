// Agent stamps in a process environment, by the catalog: agents stamp the processes they spawn, which is
// how an OS event is tied to a session without any help from hooks (../shared/reference/real-agents.md).
// Pure: the environment comes in as a map (collectors read it from /proc).
import type { AgentKind } from '../event.js';
import { agentCatalog, derived, UNKNOWN_AGENT, type AgentSpec, type Catalog } from './catalog.js';

export interface EnvStamp {
  agent: AgentKind;
  /** The agent's own session id, when the agent puts it in the environment. */
  sessionId?: string;
  /** The tool call that spawned this process (Codex `CODEX_TOOL_CALL_ID` == hook `tool_use_id`). */
  toolUseId?: string;
  /** The process's HOME: a daemon watches its own user's agents (see AttributorOptions.home). */
  home?: string;
}

// Session ids are opaque to us, but they land in SQL parameters, logs and alert text: keep them sane.
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const sane = (v: string | undefined) => (v !== undefined && SANE_ID.test(v) ? v : undefined);

/** The agents that stamp their children, in catalog order (the first whose stamp is there wins). */
const stampers = derived((c: Catalog) => c.agents.filter((a) => a.sessionEnv !== undefined || Object.keys(a.markerEnv).length > 0));

function stampOfAgent(a: AgentSpec, env: ReadonlyMap<string, string>): EnvStamp | undefined {
  const sessionId = a.sessionEnv === undefined ? undefined : sane(env.get(a.sessionEnv));
  const marked = Object.entries(a.markerEnv).some(([name, value]) => env.get(name) === value);
  if (sessionId === undefined && !marked) return undefined;
  // A tool call id means something only inside a session.
  const toolUseId = sessionId !== undefined && a.toolCallEnv !== undefined ? sane(env.get(a.toolCallEnv)) : undefined;
  return { agent: a.kind, ...(sessionId !== undefined ? { sessionId } : {}), ...(toolUseId !== undefined ? { toolUseId } : {}) };
}

function agentStampOf(env: ReadonlyMap<string, string>, catalog: Catalog): EnvStamp | undefined {
  for (const a of stampers(catalog)) {
    const stamp = stampOfAgent(a, env);
    if (stamp) return stamp;
  }
  // `agentwatch run` stamps the whole tree it supervises; any stamp of the agent's own (above) wins (SPEC).
  const run = sane(env.get('AGENTWATCH_SESSION_ID'));
  const kind = env.get('AGENTWATCH_AGENT') ?? UNKNOWN_AGENT;
  if (run) return { agent: catalog.kinds.has(kind) ? kind : UNKNOWN_AGENT, sessionId: run };
  return undefined;
}

/** The variables that tie a process to a session (the agents' stamps, `agentwatch run`'s): unsetting one hides a command's session. */
export const sessionStampVariables = derived((c: Catalog): readonly string[] => [...new Set([
  ...stampers(c).flatMap((a) => [a.sessionEnv, a.toolCallEnv, ...Object.keys(a.markerEnv)].filter((v): v is string => v !== undefined)),
  'AGENTWATCH_SESSION_ID',
])]);

/**
 * Every variable a stamp is read from: those and AGENTWATCH_AGENT (the agent of a run's stamp). What the kernel
 * tier looks for in an execve's environment (collectors/kernel/program.ts), HOME aside.
 */
export const stampVariables = derived((c: Catalog): readonly string[] => [...sessionStampVariables(c), 'AGENTWATCH_AGENT']);

/** The agent stamp of an environment, or undefined when no agent left one. */
export function stampOf(env: ReadonlyMap<string, string>, catalog: Catalog = agentCatalog()): EnvStamp | undefined {
  const stamp = agentStampOf(env, catalog);
  const home = env.get('HOME');
  return stamp && home !== undefined ? { ...stamp, home } : stamp;
}
