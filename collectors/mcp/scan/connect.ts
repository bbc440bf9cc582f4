// Connects to one configured MCP server and lists what it offers: tools, prompts, resources, its
// instructions and serverInfo. stdio servers are started with a minimal environment and always killed
// afterwards; remote ones are tried with Streamable HTTP, then the older HTTP+SSE transport.
// The whole initialize + list runs under one deadline.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig, McpTransport } from '../types.js';
import { redactString } from '../../../core/redact.js';
import { expandRecord, expandVars, scanEnvironment } from './scan-env.js';
import { listAll, type Listing } from './listing.js';

export type { ScannedTool, ScannedPrompt, ScannedResource } from './listing.js';

export interface ScanResult extends Partial<Listing> {
  status: 'ok' | 'timeout' | 'error';
  error?: string;
  ms: number;
  /** The transport that answered (a remote `http` entry may have fallen back to `sse`). */
  transport?: McpTransport;
  /** The last bytes the stdio server wrote to stderr (bounded). */
  stderr: string;
}

export interface ConnectOptions {
  timeoutMs: number;
  /** User variables passed to stdio servers besides the minimal set (config `mcp.scan.passEnv`). */
  passEnv: readonly string[];
  /** The environment to take variables from; the scanner's own by default. */
  parentEnv?: NodeJS.ProcessEnv;
}

const STDERR_MAX = 8192;
const CLIENT_INFO = { name: 'agentwatch-scan', version: '1' };

class Timeout extends Error {}

/** Scans one server; never throws: failures are a status with a one-line error. */
export async function scanServer(entry: McpServerConfig, opts: ConnectOptions): Promise<ScanResult> {
  const started = Date.now();
  let stderr = '';
  const transports: Transport[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Timeout()), opts.timeoutMs); });
  const attempt = async (transport: Transport, kind: McpTransport) => {
    transports.push(transport);
    const client = new Client(CLIENT_INFO);
    await client.connect(transport);
    return { kind, listing: await listAll(client) };
  };
  const parent = opts.parentEnv ?? process.env;
  const x = (s: string) => expandVars(s, parent);
  const run = async (): Promise<{ kind: McpTransport; listing: Listing }> => {
    if (entry.transport === 'stdio') {
      if (!entry.command) throw new Error('stdio server has no command');
      const transport = new StdioClientTransport({
        command: x(entry.command), args: (entry.args ?? []).map(x), cwd: entry.cwd && x(entry.cwd), stderr: 'pipe',
        env: scanEnvironment(parent, opts.passEnv, expandRecord(entry.env, parent)),
      });
      transport.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_MAX); });
      return attempt(transport, 'stdio');
    }
    if (!entry.url) throw new Error(`${entry.transport} server has no url`);
    const url = new URL(x(entry.url));
    const requestInit = { headers: expandRecord(entry.headers, parent) ?? {} };
    if (entry.transport === 'sse') return attempt(new SSEClientTransport(url, { requestInit }), 'sse');
    try {
      return await attempt(new StreamableHTTPClientTransport(url, { requestInit }), 'http');
    } catch (err) {
      if (err instanceof Timeout) throw err;
      // Servers that predate Streamable HTTP answer its POST with 404/405; they speak SSE.
      try {
        return await attempt(new SSEClientTransport(url, { requestInit }), 'sse');
      } catch (sseErr) {
        if (sseErr instanceof Timeout) throw sseErr;
        throw new Error(`Streamable HTTP: ${oneLine(err)}; SSE: ${oneLine(sseErr)}`);
      }
    }
  };
  let failed = true;
  try {
    const { kind, listing } = await Promise.race([run(), deadline]);
    failed = false;
    return { status: 'ok', ms: Date.now() - started, transport: kind, stderr, ...listing };
  } catch (err) {
    const timedOut = err instanceof Timeout;
    return {
      status: timedOut ? 'timeout' : 'error', ms: Date.now() - started, stderr,
      error: timedOut ? `no answer to initialize + list within ${opts.timeoutMs} ms` : oneLine(err),
    };
  } finally {
    clearTimeout(timer);
    await Promise.all(transports.map((t) => closeTransport(t, failed)));
  }
}

/**
 * Closes a transport. The SDK ends a stdio child's stdin and escalates to SIGTERM/SIGKILL after 2 s
 * each; a server that failed or hung gets SIGTERM first so the scan does not wait on it.
 */
async function closeTransport(t: Transport, failed: boolean): Promise<void> {
  if (failed && t instanceof StdioClientTransport && t.pid !== null) {
    try { process.kill(t.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
  await t.close().catch(() => undefined);
}

function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return redactString(msg.split('\n')[0]!.slice(0, 300));
}
