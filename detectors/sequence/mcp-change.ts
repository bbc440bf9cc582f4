// MCP config changes (`mcp.change`, from collectors/mcp/mcp-config-collector.ts). A server added or
// changed by an agent session — tied to it by its process (exact, ancestry) or by its own tool call
// naming the file (correlated) — is persistence: it runs at every later start of that agent, with the
// user's rights, outside this session. Anything else (the user, a guess) is recorded as info.
// The rule engine cannot see attribution or event detail, so this is TypeScript. Pure.
import type { Event } from '../../core/event.js';
import type { Detector, Finding } from '../detector.js';
import { displayPath } from '../paths.js';

const BY_SESSION = new Set<Event['attribution']>(['exact', 'ancestry', 'correlated']);

const str = (v: string | number | boolean | undefined) => (v === undefined ? undefined : String(v));

/** Whose action the change is: a session's (by evidence), or nobody's we can name. */
export function isSessionChange(e: Event): boolean {
  return e.sessionId !== undefined && BY_SESSION.has(e.attribution);
}

export const mcpChange: Detector = {
  name: 'mcp-change',
  // Judged whoever made the change: a hooked session (correlated to its Write), a guess or nobody.
  judges: 'effects',
  evaluate({ event, ctx }): Finding[] {
    if (event.kind !== 'mcp.change' || event.path === undefined) return [];
    const d = event.detail ?? {};
    const change = str(d.change) ?? 'changed';
    const server = str(d.server) ?? '?';
    const owner = str(d.configAgent) ?? 'unknown';
    const file = displayPath(event.path, ctx.home);
    const launch = str(d.launch);
    const what = launch ? ` (it launches \`${launch}\`)` : change === 'removed' && d.previousLaunch !== undefined ? ` (it launched \`${d.previousLaunch}\`)` : '';
    const key = `${change}\0${event.path}\0${str(d.serverId) ?? server}\0${launch ?? ''}`;
    if (isSessionChange(event) && change !== 'removed') {
      return [{
        rule: 'mcp-server-added-by-agent', severity: 'high', tactic: 'persistence',
        title: change === 'added' ? `Agent added MCP server "${server}"` : `Agent changed MCP server "${server}"`,
        reason: `${event.agent.kind} session ${event.sessionId} ${change} MCP server "${server}" in ${file} (${owner} ${str(d.scope) ?? ''} config)${what}; `
          + `${owner} starts it on every launch with the user's rights, outside this session (persistence, and initial access for whatever the server runs).`,
        evidence: [event.id], key, block: false,
      }];
    }
    const by = isSessionChange(event) ? `${event.agent.kind} session ${event.sessionId}` : 'not by a watched agent session';
    return [{
      rule: 'mcp-config-changed', severity: 'info', tactic: 'persistence',
      title: `MCP server "${server}" ${change}`,
      reason: `MCP server "${server}" was ${change} in ${file} (${owner} ${str(d.scope) ?? ''} config)${what}, ${by}.`,
      evidence: [event.id], key, block: false,
    }];
  },
};
