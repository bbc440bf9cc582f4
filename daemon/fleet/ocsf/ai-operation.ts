// What the agents' own hooks report (and `agentwatch run`'s supervised sessions): tool calls and their
// results, prompts, session start and end, turn ends, notifications → API Activity (6003) with the
// `ai_operation` profile: `api.operation` is the tool (or hook event), `api.service` and
// `message_context.service` name the agent, `message_context.uid` is the agent's session id, and the
// tool's request id (Claude Code's tool_use_id) is `api.request.uid`, which the OS effects of the call
// repeat in `unmapped.agentwatch.tool_use_id`.
import type { Event } from '../../../core/event.js';
import { actorOf, baseRecord, exportCommand, exportPath, unmappedOf, type Json, type OcsfContext } from './context.js';

const APPLICATION: [number, string] = [6, 'Application Activity'];

const ACTIVITY_NAME: Partial<Record<Event['kind'], string>> = {
  'tool.call': 'Tool Call', 'file.read': 'Tool Call', 'file.write': 'Tool Call', 'file.delete': 'Tool Call', 'net.connect': 'Tool Call', 'tool.result': 'Tool Result', prompt: 'Prompt', 'session.start': 'Session Start',
  'session.end': 'Session End', 'turn.end': 'Turn End', notification: 'Notification',
};

/** message_context.ai_role_id: who speaks in this record (User 1, Tool 3, Agent 4). */
const ROLE: Partial<Record<Event['kind'], [number, string]>> = { prompt: [1, 'User'], 'tool.result': [3, 'Tool'] };

/** The tool's input as the tier exports it: a Bash command follows the command rules, paths the path rules. */
function requestData(ctx: OcsfContext, e: Event): unknown {
  if (ctx.privacy === 'strict' || e.tool === undefined) return undefined;
  if (ctx.privacy === 'full') return e.tool.input;
  const input = e.tool.input;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
  const out: Json = {};
  for (const [k, v] of Object.entries(input as Json)) out[k] = typeof v === 'string' && /path$/i.test(k) ? exportPath(ctx, v, e.cwd) : v;
  return out;
}

export function apiActivity(ctx: OcsfContext, e: Event): Json {
  const name = ACTIVITY_NAME[e.kind] ?? e.hookEvent ?? e.kind;
  const r = baseRecord(ctx, {
    classUid: 6003, className: 'API Activity', category: APPLICATION, activity: [99, name],
    id: e.id, ts: e.ts, severityId: 1, sessionId: e.sessionId, profiles: ['ai_operation'],
  });
  r.actor = actorOf(ctx, e, e.agent.pid !== undefined ? { pid: e.agent.pid, name: e.agent.kind } : undefined);
  const request: Json = { uid: e.tool?.useId ?? e.id };
  const data = requestData(ctx, e);
  if (data !== undefined) request.data = data;
  const api: Json = { operation: e.tool?.name ?? e.hookEvent ?? e.kind, service: { name: e.agent.kind }, request };
  if (e.kind === 'tool.result') {
    const response: Json = e.tool?.failed ? { code: 1, error: 'failed' } : { code: 0 };
    if (ctx.privacy === 'full' && e.tool?.output !== undefined) response.data = e.tool.output;
    api.response = response;
    r.status_id = e.tool?.failed ? 2 : 1;
    r.status = e.tool?.failed ? 'Failure' : 'Success';
  }
  r.api = api;
  r.src_endpoint = { ip: '127.0.0.1', hostname: ctx.device.hostname };
  const role = ROLE[e.kind] ?? (e.tool ? [3, 'Tool'] : [4, 'Agent']);
  r.message_context = {
    ...(e.sessionId !== undefined ? { uid: e.sessionId } : {}),
    name: name,
    ai_role_id: role[0],
    ai_role: role[1],
    service: { name: e.agent.kind },
  };
  if (e.kind === 'prompt') r.message = ctx.prompts && e.text !== undefined ? e.text : 'prompt (text not exported)';
  else if (e.command !== undefined) r.message = exportCommand(ctx, e.command);
  const extra: Json = {};
  if (e.cwd !== undefined && ctx.privacy !== 'strict') extra.cwd = exportPath(ctx, e.cwd, ctx.privacy === 'standard' ? undefined : e.cwd);
  if (e.transcriptPath !== undefined && ctx.privacy === 'full') extra.transcript_path = e.transcriptPath;
  r.unmapped = unmappedOf(e, extra);
  return r;
}
