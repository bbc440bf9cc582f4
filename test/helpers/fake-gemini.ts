// A scripted stand-in for the Gemini API (POST /v1beta/models/<model>:streamGenerateContent?alt=sse),
// so the real Gemini CLI can run offline (../shared/reference/real-agents.md §2.2). A turn request (one
// that offers tools) gets the script step chosen by how many functionResponse parts its contents
// already carry. Side requests (router, classifiers, countTokens) are answered generically: a schema
// request gets an object filled from its schema, anything else a short text.
import { readJson, sendJson, sendSse, startScriptedServer, type ScriptedServer } from './scripted-server.js';

export type GeminiStep = { tool: string; args: Record<string, unknown> } | { text: string };
export interface FunctionResponseSeen { id?: string; name: string; response: { output?: unknown; error?: unknown; [k: string]: unknown } }
/** `url` is GOOGLE_GEMINI_BASE_URL. */
export interface FakeGemini extends ScriptedServer {
  /** functionResponse parts in the last turn request, in order. */
  functionResponses(): FunctionResponseSeen[];
}

type Part = { functionResponse?: FunctionResponseSeen; [k: string]: unknown };
type Schema = { type?: string; properties?: Record<string, Schema>; enum?: unknown[]; items?: Schema };
type Body = {
  contents?: { role?: string; parts?: Part[] }[];
  tools?: { functionDeclarations?: unknown[] }[];
  generationConfig?: { responseJsonSchema?: Schema; responseSchema?: Schema };
};

/** A value that satisfies a (Gemini or JSON) schema: the first enum value, or a neutral default per type. */
export function fromSchema(s: Schema | undefined): unknown {
  if (!s) return 'ok';
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  switch ((s.type ?? 'object').toLowerCase()) {
    case 'object': return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, fromSchema(v)]));
    case 'string': return 'simple';
    case 'integer': case 'number': return 1;
    case 'boolean': return false;
    case 'array': return [];
    default: return null;
  }
}

const partsOf = (b: Body | undefined): Part[] => (b?.contents ?? []).flatMap((c) => (Array.isArray(c?.parts) ? c.parts : []));

export async function startFakeGemini(script: GeminiStep[]): Promise<FakeGemini> {
  let lastTurn: Body | undefined;
  const server = await startScriptedServer(async (req, res, requests) => {
    const m = /\/models\/([^:/?]+):(\w+)/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) return sendJson(res, 404, { error: { code: 404, message: `no ${req.method} ${req.url}` } });
    const [, model, method] = m as unknown as [string, string, string];
    if (method === 'countTokens') return sendJson(res, 200, { totalTokens: 10 });
    const body = await readJson<Body>(req);
    if (body === undefined) return sendJson(res, 400, { error: { code: 400, message: 'bad json' } });
    requests.push(body);
    const hasTools = Array.isArray(body.tools) && body.tools.some((t) => (t.functionDeclarations ?? []).length > 0);
    const schema = body.generationConfig?.responseJsonSchema ?? body.generationConfig?.responseSchema;
    let step: GeminiStep;
    if (hasTools) {
      lastTurn = body;
      step = script[partsOf(body).filter((p) => p.functionResponse).length] ?? { text: 'done' };
    } else step = { text: schema ? JSON.stringify(fromSchema(schema)) : 'ok' };
    const parts = 'tool' in step ? [{ functionCall: { name: step.tool, args: step.args } }] : [{ text: step.text }];
    const payload = {
      candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 }, modelVersion: model,
    };
    if (method !== 'streamGenerateContent') return sendJson(res, 200, payload);
    sendSse(res, [payload]); // a Gemini stream event carries no type, so no `event:` line
  });
  return {
    ...server,
    functionResponses: () => partsOf(lastTurn).flatMap((p) => (p.functionResponse ? [p.functionResponse] : [])),
  };
}
