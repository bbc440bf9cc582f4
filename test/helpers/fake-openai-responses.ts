// A scripted stand-in for the OpenAI Responses API (POST {base_url}/responses, SSE), so the real
// Codex CLI can run offline (../shared/reference/real-agents.md §1.2). Each request is answered with
// the script step chosen by how many tool outputs (function_call_output, custom_tool_call_output,
// tool_search_output) its input already carries, which keeps the server stateless and robust to retries.
//
// MCP tools: Codex 0.169 does not list them in `tools` but defers them behind its client-side
// `tool_search` tool, as a real model meets them. The model answers a `tool_search_call` item
// (`execution: "client"`, arguments an object {query, limit}); Codex runs the BM25 search itself and
// sends back a `tool_search_output` whose `tools` hold one `namespace` per server (`mcp__<server>`)
// with that server's functions, both named as Codex exposes them (`get-env` becomes `get_env`). Those
// are then called as a `function_call` carrying `namespace`; Codex's hooks see `mcp__<server>__<name>`.
import type { ServerResponse } from 'node:http';
import { pathOf, readJson, sendJson, sendSse, startScriptedServer } from './scripted-server.js';

export type ResponsesStep =
  | { tool: string; args: Record<string, unknown> }
  | { tool: string; custom: true; input: string }
  /** Codex's tool_search: makes the deferred (MCP) tools it finds callable in the next step. */
  | { toolSearch: string }
  /** A tool of an MCP server, called under the name the last tool_search_output gave it. */
  | { mcp: { server: string; tool: string }; args: Record<string, unknown> }
  | { text: string };

export interface ToolOutputSeen { callId: string; output: string }
export interface FakeResponses {
  /** The provider base_url to put in config.toml (ends in /v1). */
  baseUrl: string;
  requests: unknown[];
  /** Tool outputs in the last request's input, in order. */
  toolOutputs(): ToolOutputSeen[];
  close(): Promise<void>;
}

type InputItem = { type?: string; call_id?: string; output?: unknown; [k: string]: unknown };
type Body = { model?: string; input?: InputItem[] };

const isToolOutput = (i: InputItem) => i?.type === 'function_call_output' || i?.type === 'custom_tool_call_output';
// A step is done once its output is in the input; a tool search's output is not a tool result of the script.
const isStepOutput = (i: InputItem) => isToolOutput(i) || i?.type === 'tool_search_output';

// output may be a string or a list of content parts ({type:'input_text', text}).
function flatten(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) return output.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('');
  return output === undefined ? '' : JSON.stringify(output);
}

type Listed = { type?: string; name?: string; tools?: Listed[] };

/**
 * The namespace and function name an MCP tool was listed under in the request's latest
 * tool_search_output: Codex rewrites characters a Responses function name may not hold, so server
 * `everything-env`'s `get-env` is offered as `get_env` in namespace `mcp__everything_env`.
 */
function listedMcpTool(body: Body, server: string, tool: string): { namespace: string; name: string } {
  const fold = (s: string) => s.replace(/[^A-Za-z0-9]/g, '_');
  const searches = (body.input ?? []).filter((i) => i?.type === 'tool_search_output');
  for (const out of searches.reverse()) {
    const ns = ((out.tools ?? []) as Listed[]).find((t) => t.type === 'namespace' && fold(t.name ?? '') === fold(`mcp__${server}`));
    const fn = ns?.tools?.find((t) => fold(t.name ?? '') === fold(tool));
    if (ns?.name && fn?.name) return { namespace: ns.name, name: fn.name };
  }
  // Not found: Codex answers the call as unsupported, which the run's results show.
  return { namespace: `mcp__${fold(server)}`, name: fold(tool) };
}

function itemFor(step: ResponsesStep, n: number, body: Body): Record<string, unknown> {
  if ('toolSearch' in step) return { type: 'tool_search_call', id: `tsc_${n}`, call_id: `call_${n}`, status: 'completed', execution: 'client', arguments: { query: step.toolSearch, limit: 8 } };
  if ('mcp' in step) {
    const { namespace, name } = listedMcpTool(body, step.mcp.server, step.mcp.tool);
    return { type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, namespace, name, arguments: JSON.stringify(step.args), status: 'completed' };
  }
  if ('custom' in step) return { type: 'custom_tool_call', id: `ctc_${n}`, call_id: `call_${n}`, name: step.tool, input: step.input, status: 'completed' };
  if ('tool' in step) return { type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, name: step.tool, arguments: JSON.stringify(step.args), status: 'completed' };
  return { type: 'message', id: `msg_${n}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: step.text, annotations: [] }] };
}

function reply(res: ServerResponse, body: Body, step: ResponsesStep, n: number): void {
  const rid = `resp_${n}`;
  const model = body.model ?? 'gpt-5.5';
  const item = itemFor(step, n, body);
  const events: Record<string, unknown>[] = [
    { type: 'response.created', response: { id: rid, object: 'response', status: 'in_progress', model, output: [] } },
    { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress' } },
  ];
  if ('text' in step) events.push({ type: 'response.output_text.delta', output_index: 0, content_index: 0, item_id: item.id, delta: step.text });
  events.push({ type: 'response.output_item.done', output_index: 0, item });
  events.push({ type: 'response.completed', response: { id: rid, object: 'response', status: 'completed', model, output: [item],
    usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 } } });
  sendSse(res, events);
}

export async function startFakeResponses(script: ResponsesStep[]): Promise<FakeResponses> {
  let last: Body | undefined;
  let n = 0;
  const server = await startScriptedServer(async (req, res, requests) => {
    const path = pathOf(req);
    if (req.method === 'GET' && path.endsWith('/models')) return sendJson(res, 200, { object: 'list', data: [] });
    if (req.method !== 'POST' || !path.endsWith('/responses')) return sendJson(res, 404, { error: { message: `no ${req.method} ${path}` } });
    const body = await readJson<Body>(req);
    if (body === undefined) return sendJson(res, 400, { error: { message: 'bad json' } });
    requests.push(body);
    last = body;
    const done = (Array.isArray(body.input) ? body.input : []).filter(isStepOutput).length;
    reply(res, body, script[done] ?? { text: 'done' }, ++n);
  });
  return {
    baseUrl: `${server.url}/v1`,
    requests: server.requests,
    toolOutputs: () => (last?.input ?? []).filter(isToolOutput).map((i) => ({ callId: String(i.call_id ?? ''), output: flatten(i.output) })),
    close: server.close,
  };
}
