// The body a client of the daemon posts to raise alerts (POST /v1/alerts, token only): today the live
// MCP scan (`agentwatch mcp --scan`), so its alerts take the daemon's one alert path and reach the stream.
import { z } from 'zod';
import { TACTICS, type AlertDraft } from '../core/event.js';
import { isAgentKind } from '../core/agents/catalog.js';


const text = (max: number) => z.string().max(max);

const draft = z.object({
  key: z.string().min(1).max(1024),
  alert: z.object({
    severity: z.enum(['info', 'low', 'medium', 'high', 'critical']),
    tactic: z.enum(TACTICS),
    technique: text(64).optional(),
    rule: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    title: text(1024),
    reason: text(16 * 1024),
    agent: z.object({ kind: z.string().refine(isAgentKind, 'not an agent kind the catalog knows'), pid: z.number().int().positive().optional() }).strict(),
    sessionId: text(256).optional(),
    evidence: z.array(text(16 * 1024)).max(200),
  }).strict(),
}).strict();

const alertPostBody = z.object({ ts: z.iso.datetime(), alerts: z.array(draft).max(1000) }).strict();

export class AlertPostError extends Error {}

/** The drafts and their time from a posted body; throws AlertPostError (one line) on a bad one. */
export function alertPost(body: unknown): { ts: string; drafts: AlertDraft[] } {
  const r = alertPostBody.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new AlertPostError(`${issue.path.join('.') || '(body)'}: ${issue.message}`);
  }
  return { ts: r.data.ts, drafts: r.data.alerts };
}
