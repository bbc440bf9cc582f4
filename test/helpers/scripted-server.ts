// The HTTP skeleton the scripted model servers (fake-anthropic, fake-openai-responses, fake-gemini)
// share: a loopback server on an ephemeral port, JSON and SSE replies, and a close() that does not
// wait for the CLI's keep-alive sockets. Each fake supplies only its handler.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  url: string;
  /** The request bodies the handler recorded, in arrival order. */
  requests: unknown[];
  close(): Promise<void>;
}

/**
 * Answers one request. It pushes the bodies worth recording to `requests`; a throw or rejection is
 * answered with a 500 carrying the error.
 */
export type Handler = (req: IncomingMessage, res: ServerResponse, requests: unknown[]) => void | Promise<void>;

export async function startScriptedServer(handler: Handler): Promise<ScriptedServer> {
  const requests: unknown[] = [];
  const server = createServer((req, res) => {
    void (async () => handler(req, res, requests))().catch((err: unknown) => {
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
    close() {
      // Keep-alive sockets from the CLI would otherwise hold close() open.
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's path, without the query string. */
export const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0] ?? '/';

/** The whole request body parsed as JSON, or undefined when it is not JSON. */
export async function readJson<T>(req: IncomingMessage): Promise<T | undefined> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

/**
 * A complete text/event-stream reply. An event with a string `type` goes out named by it
 * (`event: <type>`, as Anthropic and OpenAI stream); one without goes out as data only (as Gemini streams).
 */
export function sendSse(res: ServerResponse, events: readonly object[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) {
    const type = (e as { type?: unknown }).type;
    res.write(`${typeof type === 'string' ? `event: ${type}\n` : ''}data: ${JSON.stringify(e)}\n\n`);
  }
  res.end();
}
