// A scripted stand-in for the Anthropic Messages API, so the real Claude Code CLI can run offline.
// Each main request is answered with the script step chosen by how many tool results the
// conversation already carries; that keeps the server stateless and robust to CLI retries.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export type ScriptStep = { tool: string; input: Record<string, unknown> } | { text: string };
export interface ToolResultSeen { toolUseId: string; content: string; isError: boolean }
export interface FakeAnthropic {
  url: string;
  requests: unknown[];
  toolResults(): ToolResultSeen[];
  close(): Promise<void>;
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

function sse(res: ServerResponse, events: Array<{ type: string; [k: string]: unknown }>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  res.end();
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
    json(res, { id: msgId, type: 'message', role: 'assistant', model, content: [block], stop_reason: stopReason, stop_sequence: null, usage: usage() });
    return;
  }
  const start = isTool ? { ...block, input: {} } : { type: 'text', text: '' };
  const delta = isTool
    ? { type: 'input_json_delta', partial_json: JSON.stringify(step.input) }
    : { type: 'text_delta', text: step.text };
  sse(res, [
    { type: 'message_start', message: { id: msgId, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage(), output_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: start },
    { type: 'content_block_delta', index: 0, delta },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 12 } },
    { type: 'message_stop' },
  ]);
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeAnthropic(script: ScriptStep[]): Promise<FakeAnthropic> {
  const requests: unknown[] = [];
  let lastMain: Body | undefined;

  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const raw = req.method === 'POST' ? await readBody(req) : '';
      if (req.method !== 'POST' || !path.startsWith('/v1/messages')) return json(res, {});
      if (path.endsWith('/count_tokens')) return json(res, { input_tokens: 10 });

      let body: Body;
      try {
        body = JSON.parse(raw) as Body;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ type: 'error', error: { type: 'invalid_request_error', message: 'bad json' } }));
      }
      requests.push(body);

      // Side calls (titles, summaries, classifiers) carry no tools; they must not advance the script.
      if (!Array.isArray(body.tools) || body.tools.length === 0) return reply(res, body, { text: 'ok' });

      lastMain = body;
      const step = (body.messages ?? []).filter(isToolResultTurn).length;
      reply(res, body, script[step] ?? { text: 'done' });
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(err));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    toolResults() {
      const msgs = lastMain?.messages ?? [];
      return msgs.filter((m) => m.role === 'user').flatMap(blocksOf)
        .filter((b) => b.type === 'tool_result')
        .map((b) => ({ toolUseId: String(b.tool_use_id ?? ''), content: flatten(b.content), isError: b.is_error === true }));
    },
    close() {
      // Keep-alive sockets from the CLI would otherwise hold close() open.
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
