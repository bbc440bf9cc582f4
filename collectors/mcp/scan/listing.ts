// Lists everything a connected MCP server offers, page by page. A list the server does not
// support (not in its capabilities, or answered with method-not-found) is empty, not an error.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

export interface ScannedTool { name: string; title?: string; description?: string; inputSchema: unknown }
export interface ScannedPrompt { name: string; description?: string; arguments?: { name: string; description?: string }[] }
export interface ScannedResource { uri: string; name: string; description?: string }

export interface Listing {
  serverInfo: { name: string; version: string; title?: string };
  instructions?: string;
  tools: ScannedTool[];
  prompts: ScannedPrompt[];
  resources: ScannedResource[];
  /** Lists the server does not offer: 'tools', 'prompts', 'resources'. */
  unsupported: string[];
}

// A server that keeps handing out cursors must not keep the scan going for ever.
const MAX_PAGES = 50;

export async function listAll(client: Client): Promise<Listing> {
  const caps = client.getServerCapabilities() ?? {};
  const unsupported: string[] = [];
  const pages = async <T>(what: 'tools' | 'prompts' | 'resources', page: (cursor?: string) => Promise<{ items: T[]; next?: string }>): Promise<T[]> => {
    if (!caps[what]) { unsupported.push(what); return []; }
    const all: T[] = [];
    let cursor: string | undefined;
    try {
      for (let i = 0; i < MAX_PAGES; i++) {
        const { items, next } = await page(cursor);
        all.push(...items);
        if (!next) break;
        cursor = next;
      }
    } catch (err) {
      if (!(err instanceof McpError && err.code === ErrorCode.MethodNotFound)) throw err;
      unsupported.push(what);
    }
    return all;
  };
  const tools = await pages<ScannedTool>('tools', async (cursor) => {
    const r = await client.listTools(cursor ? { cursor } : undefined);
    return { items: r.tools.map((t) => ({ name: t.name, title: t.title, description: t.description, inputSchema: t.inputSchema })), next: r.nextCursor };
  });
  const prompts = await pages<ScannedPrompt>('prompts', async (cursor) => {
    const r = await client.listPrompts(cursor ? { cursor } : undefined);
    return { items: r.prompts.map((p) => ({ name: p.name, description: p.description, arguments: p.arguments?.map((a) => ({ name: a.name, description: a.description })) })), next: r.nextCursor };
  });
  const resources = await pages<ScannedResource>('resources', async (cursor) => {
    const r = await client.listResources(cursor ? { cursor } : undefined);
    return { items: r.resources.map((x) => ({ uri: x.uri, name: x.name, description: x.description })), next: r.nextCursor };
  });
  const info = client.getServerVersion();
  return {
    serverInfo: { name: info?.name ?? '?', version: info?.version ?? '?', ...(info?.title ? { title: info.title } : {}) },
    instructions: client.getInstructions(), tools, prompts, resources, unsupported,
  };
}
