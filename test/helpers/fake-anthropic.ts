// A scripted stand-in for the Anthropic Messages API, so the real Claude Code CLI can run offline.
// Each main request is answered with the script step chosen by how many tool results the
// conversation already carries; that keeps the server stateless and robust to CLI retries.
import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { pathOf, readJson, sendJson, sendSse, startScriptedServer, type ScriptedServer } from './scripted-server.js';

export type ScriptStep = { tool: string; input: Record<string, unknown> } | { text: string };
export interface ToolResultSeen { toolUseId: string; content: string; isError: boolean }
/** `url` is ANTHROPIC_BASE_URL. */
export interface FakeAnthropic extends ScriptedServer {
  toolResults(): ToolResultSeen[];
}

type Block = { type?: string; [k: string]: unknown };
type Message = { role?: string; content?: string | Block[] };
type Body = { model?: string; stream?: boolean; tools?: unknown[]; messages?: Message[] };

const blocksOf = (m: Message): Block[] => (Array.isArray(m.content) ? m.content : []);
const isToolResultTurn = (m: Message) => m.role === 'user' && blocksOf(m).some((b) => b.type === 'tool_result');

// tool_result content may be a string or an array of {type:'text', text} blocks.
function flatten(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c) => (typeof c?.text === 'string' ? c.text : '')).join('');
  return '';
}

const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

function usage() {
  return { input_tokens: 120, output_tokens: 12, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, service_tier: 'standard' };
}

function reply(res: ServerResponse, body: Body, step: ScriptStep): void {
  const model = body.model ?? 'claude-sonnet-4-5';
  const msgId = newId('msg');
  const isTool = 'tool' in step;
  const block = isTool
    ? { type: 'tool_use', id: newId('toolu'), name: step.tool, input: step.input }
    : { type: 'text', text: step.text };
  const stopReason = isTool ? 'tool_use' : 'end_turn';

  if (!body.stream) {
    sendJson(res, 200, { id: msgId, type: 'message', role: 'assistant', model, content: [block], stop_reason: stopReason, stop_sequence: null, usage: usage() });
    return;
  }
  const start = isTool ? { ...block, input: {} } : { type: 'text', text: '' };
  const delta = isTool
    ? { type: 'input_json_delta', partial_json: JSON.stringify(step.input) }
    : { type: 'text_delta', text: step.text };
  sendSse(res, [
    { type: 'message_start', message: { id: msgId, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage(), output_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: start },
    { type: 'content_block_delta', index: 0, delta },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 12 } },
    { type: 'message_stop' },
  ]);
}

export async function startFakeAnthropic(script: ScriptStep[]): Promise<FakeAnthropic> {
  let lastMain: Body | undefined;

  const server = await startScriptedServer(async (req, res, requests) => {
    const path = pathOf(req);
    if (req.method !== 'POST' || !path.startsWith('/v1/messages')) return sendJson(res, 200, {});
    if (path.endsWith('/count_tokens')) return sendJson(res, 200, { input_tokens: 10 });

    const body = await readJson<Body>(req);
    if (body === undefined) return sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'bad json' } });
    requests.push(body);

    // Side calls (titles, summaries, classifiers) carry no tools; they must not advance the script.
    if (!Array.isArray(body.tools) || body.tools.length === 0) return reply(res, body, { text: 'ok' });

    lastMain = body;
    const step = (body.messages ?? []).filter(isToolResultTurn).length;
    reply(res, body, script[step] ?? { text: 'done' });
  });

  return {
    ...server,
    toolResults() {
      const msgs = lastMain?.messages ?? [];
      return msgs.filter((m) => m.role === 'user').flatMap(blocksOf)
        .filter((b) => b.type === 'tool_result')
        .map((b) => ({ toolUseId: String(b.tool_use_id ?? ''), content: flatten(b.content), isError: b.is_error === true }));
    },
  };
}
