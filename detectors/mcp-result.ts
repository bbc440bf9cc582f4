// MCP tool results scanned with the live scan's poisoning heuristics (core/mcp-poison-rules.ts, shared
// with collectors/mcp/scan/poisoning.ts): a result that addresses the model ("ignore previous instructions", a <system> tag, a request
// to hide something from the user) or hides text (tag characters, bidi controls, terminal escapes) is
// a prompt injection arriving through a tool. The session is marked as tainted by untrusted input
// (session-state.ts), and its later findings say so.
import type { Event } from '../core/event.js';
import type { DetectionContext } from './facts.js';
import type { Finding } from './detector.js';
import { MCP_POISON_RULES } from '../core/mcp-poison-rules.js';

/** Only this much of a result is scanned (results can be large; injections sit where the model reads first). */
const SCAN_CHARS = 32_768;

export interface Injection { tool: string; what: string; evidence?: string; eventId: string }

function textOf(value: unknown): string {
  const parts: string[] = [];
  let budget = SCAN_CHARS;
  const walk = (v: unknown, depth: number): void => {
    if (budget <= 0 || depth > 8) return;
    if (typeof v === 'string') { parts.push(v.slice(0, budget)); budget -= v.length; return; }
    if (Array.isArray(v)) { for (const x of v) walk(x, depth + 1); return; }
    if (v !== null && typeof v === 'object') for (const x of Object.values(v as Record<string, unknown>)) walk(x, depth + 1);
  };
  walk(value, 0);
  return parts.join('\n');
}

const isMcpTool = (name: string | undefined) => name !== undefined && (/^mcp__.+__/.test(name) || /^mcp_[^_]+_/.test(name) || /^@[^/]+\//.test(name));

/**
 * The injection in an MCP tool's result, if any: the high-severity heuristics only (a database row that
 * mentions "password" is data; a line telling the model to keep something from the user is not).
 */
export function injectionIn(event: Event): Injection | undefined {
  if (event.kind !== 'tool.result' || !isMcpTool(event.tool?.name) || event.tool?.output === undefined) return undefined;
  const tool = event.tool.name;
  const text = textOf(event.tool.output);
  for (const r of MCP_POISON_RULES) {
    if (r.severity !== 'high' || r.id === 'MCP-POISON-SENSITIVE-PATH') continue;
    const m = r.re.exec(text);
    // The matched text, hidden characters written as escapes (JSON), so the alert shows what was hidden.
    if (m) return { tool, what: `result of ${tool} ${r.what}`, evidence: JSON.stringify(text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20)).slice(0, 160), eventId: event.id };
  }
  return undefined;
}

export function mcpResultInjection(event: Event, _ctx: DetectionContext): Finding[] {
  const hit = injectionIn(event);
  if (hit === undefined) return [];
  return [{
    rule: 'mcp-result-injection', severity: 'high', tactic: 'initial-access', technique: 'T1659',
    title: `Instructions hidden in the result of ${hit.tool}`,
    reason: `The ${hit.what}${hit.evidence ? ` (${hit.evidence})` : ''}: text aimed at the model arrived through an MCP tool, so the session's next actions may follow it rather than the user.`,
    evidence: [event.id], key: hit.tool, block: false,
  }];
}
