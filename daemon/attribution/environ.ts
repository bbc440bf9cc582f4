// Agent stamps in a process environment (read and parsed by collectors/proc; this file says what the
// variables mean). Agents stamp the processes they spawn, which is how an OS event is tied to a session
// without any help from hooks (../shared/reference/real-agents.md).
import { isAgentKind, type AgentKind } from '../../core/event.js';

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
const id = (v: string | undefined) => (v !== undefined && SANE_ID.test(v) ? v : undefined);

/** The agent stamp of an environment, or undefined when no agent left one. */
export function stampOf(env: ReadonlyMap<string, string>): EnvStamp | undefined {
  const stamp = agentStampOf(env);
  const home = env.get('HOME');
  return stamp && home !== undefined ? { ...stamp, home } : stamp;
}

function agentStampOf(env: ReadonlyMap<string, string>): EnvStamp | undefined {
  const claude = id(env.get('CLAUDE_CODE_SESSION_ID'));
  if (claude || env.get('CLAUDECODE') === '1') return { agent: 'claude-code', ...(claude ? { sessionId: claude } : {}) };
  const codex = id(env.get('CODEX_SESSION_ID'));
  if (codex) return { agent: 'codex', sessionId: codex, ...(id(env.get('CODEX_TOOL_CALL_ID')) ? { toolUseId: id(env.get('CODEX_TOOL_CALL_ID'))! } : {}) };
  // Gemini stamps its hook processes with the session, but its tool commands only with GEMINI_CLI=1:
  // those get their session from ancestry (the gemini process whose hooks named it).
  const gemini = id(env.get('GEMINI_SESSION_ID'));
  if (gemini || env.get('GEMINI_CLI') === '1') return { agent: 'gemini-cli', ...(gemini ? { sessionId: gemini } : {}) };
  // `agentwatch run` stamps the whole tree it supervises; any stamp of the agent's own (above) wins (SPEC).
  const run = id(env.get('AGENTWATCH_SESSION_ID'));
  const kind = env.get('AGENTWATCH_AGENT') ?? 'unknown';
  if (run) return { agent: isAgentKind(kind) ? kind : 'unknown', sessionId: run };
  return undefined;
}
