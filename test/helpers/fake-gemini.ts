// A scripted stand-in for the Gemini API (POST /v1beta/models/<model>:streamGenerateContent?alt=sse),
// so the real Gemini CLI can run offline (../shared/reference/real-agents.md §2.2). A turn request (one
// that offers tools) gets the script step chosen by how many functionResponse parts its contents
// already carry. Side requests (router, classifiers, countTokens) are answered generically: a schema
// request gets an object filled from its schema, anything else a short text.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type GeminiStep = { tool: string; args: Record<string, unknown> } | { text: string };
export interface FunctionResponseSeen { id?: string; name: string; response: { output?: unknown; error?: unknown; [k: string]: unknown } }
export interface FakeGemini {
  /** GOOGLE_GEMINI_BASE_URL */
  url: string;
  requests: unknown[];
  /** functionResponse parts in the last turn request, in order. */
  functionResponses(): FunctionResponseSeen[];
  close(): Promise<void>;
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

function json(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeGemini(script: GeminiStep[]): Promise<FakeGemini> {
  const requests: unknown[] = [];
  let lastTurn: Body | undefined;
  const server = createServer((req, res) => {
    void (async () => {
      const raw = req.method === 'POST' ? await readBody(req) : '';
      const m = /\/models\/([^:/?]+):(\w+)/.exec(req.url ?? '');
      if (req.method !== 'POST' || !m) return json(res, 404, { error: { code: 404, message: `no ${req.method} ${req.url}` } });
      const [, model, method] = m as unknown as [string, string, string];
      if (method === 'countTokens') return json(res, 200, { totalTokens: 10 });
      let body: Body;
      try { body = JSON.parse(raw) as Body; } catch { return json(res, 400, { error: { code: 400, message: 'bad json' } }); }
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
      if (method !== 'streamGenerateContent') return json(res, 200, payload);
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.end(`data: ${JSON.stringify(payload)}\n\n`);
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
    functionResponses: () => partsOf(lastTurn).flatMap((p) => (p.functionResponse ? [p.functionResponse] : [])),
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
