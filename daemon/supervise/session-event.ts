// The body `agentwatch run` posts to the daemon (POST /v1/pty/sessions) when a supervised session starts
// and ends, and the Event it becomes. Pure: validated here, fed to the pipeline by server.ts.
import { z } from 'zod';
import type { Event } from '../../core/event.js';
import { isAgentKind } from '../../core/agents/catalog.js';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const ptySessionBody = z.object({
  kind: z.enum(['session.start', 'session.end']),
  sessionId: z.string().regex(SANE_ID),
  agent: z.string().refine(isAgentKind, { message: 'not an agent kind of the catalog' }),
  /** The supervised command's pid (the pty's child) and its `pid:starttime` identity. */
  pid: z.number().int().positive().optional(),
  procKey: z.string().max(64).optional(),
  argv: z.array(z.string().max(4096)).max(256).optional(),
  cwd: z.string().max(4096).optional(),
  /** Where the terminal recording is. */
  cast: z.string().max(4096).optional(),
  exitCode: z.number().int().optional(),
  signal: z.string().max(16).optional(),
}).strict();

export type PtySessionBody = z.infer<typeof ptySessionBody>;

export class PtySessionError extends Error {}

/** The event for a posted body; throws PtySessionError (a one-line reason) on a bad one. */
export function ptySessionEvent(body: unknown, ctx: { ts: string; newId: () => string }): Event {
  const r = ptySessionBody.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new PtySessionError(`${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  const b = r.data;
  const detail: Record<string, string | number | boolean> = {};
  if (b.cast !== undefined) detail.cast = b.cast;
  if (b.exitCode !== undefined) detail.exitCode = b.exitCode;
  if (b.signal !== undefined) detail.signal = b.signal;
  return {
    id: ctx.newId(), ts: ctx.ts, source: 'pty', kind: b.kind,
    agent: { kind: b.agent, ...(b.pid !== undefined ? { pid: b.pid } : {}) },
    sessionId: b.sessionId,
    ...(b.pid !== undefined ? { pid: b.pid } : {}),
    ...(b.procKey !== undefined ? { procKey: b.procKey } : {}),
    ...(b.argv !== undefined ? { argv: b.argv } : {}),
    ...(b.cwd !== undefined ? { cwd: b.cwd } : {}),
    ...(Object.keys(detail).length > 0 ? { detail } : {}),
  };
}
