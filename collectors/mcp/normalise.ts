// Each client's dialect → McpServerConfig. The catalog's `root` says where servers sit in a document and its
// last key picks the dialect: mcpServers / servers (Claude-style map, or Continue's list), context_servers
// (Zed), mcp_servers (Codex TOML), mcp (OpenCode), extensions (Goose). Pure; tested on literal documents.
import type { McpServerConfig, McpTransport } from './types.js';
import { isObject, InvalidEntry, optBool, optStr, optStrArray, optStrRecord } from './fields.js';

export interface NormalisedEntry { config: McpServerConfig; pointer: string; project?: string }
export interface EntryProblem { pointer: string; error: string }
export interface NormaliseResult { entries: NormalisedEntry[]; invalid: EntryProblem[] }

/** `mcpServers.github`, `projects["/home/u/app"].mcpServers.db`, `mcpServers[0]`. */
export function pointerKey(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const part = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  if (part.startsWith('"')) return `${base}[${part}]`;
  return base ? `${base}.${part}` : part;
}

/** Walks `root` (dotted; `*` = every key, which becomes the project of the entries below it). */
export function normaliseDocument(doc: unknown, root: string, urlDefault: McpTransport = 'http'): NormaliseResult {
  const out: NormaliseResult = { entries: [], invalid: [] };
  if (doc === undefined || doc === null) return out;
  if (!isObject(doc)) return { entries: [], invalid: [{ pointer: '(root)', error: 'expected an object at the top level' }] };
  const keys = root.split('.');
  const walk = (node: unknown, depth: number, pointer: string, project?: string): void => {
    if (depth === keys.length) { collect(node, pointer, keys[keys.length - 1]!, urlDefault, out, project); return; }
    if (!isObject(node)) return;
    const key = keys[depth]!;
    if (key === '*') {
      for (const [k, v] of Object.entries(node)) walk(v, depth + 1, pointerKey(pointer, k), k);
    } else if (node[key] !== undefined) {
      walk(node[key], depth + 1, pointerKey(pointer, key), project);
    }
  };
  walk(doc, 0, '', undefined);
  return out;
}

function collect(node: unknown, pointer: string, dialect: string, urlDefault: McpTransport, out: NormaliseResult, project?: string): void {
  if (node === null || node === undefined) return;
  const items: Array<[string, unknown, string]> = [];
  if (Array.isArray(node)) {
    // Continue's list form: each item names itself.
    node.forEach((item, i) => items.push([isObject(item) && typeof item.name === 'string' ? item.name : `#${i}`, item, pointerKey(pointer, i)]));
  } else if (isObject(node)) {
    for (const [name, item] of Object.entries(node)) items.push([name, item, pointerKey(pointer, name)]);
  } else {
    out.invalid.push({ pointer, error: `expected a map of servers, found ${typeof node}` });
    return;
  }
  for (const [name, item, p] of items) {
    try {
      if (!isObject(item)) throw new InvalidEntry(`expected an object, found ${Array.isArray(item) ? 'a list' : typeof item}`);
      const config = (DIALECTS[dialect] ?? generic)(name, item, urlDefault);
      if (config) out.entries.push({ config, pointer: p, ...(project !== undefined ? { project } : {}) });
    } catch (err) {
      if (!(err instanceof InvalidEntry)) throw err;
      out.invalid.push({ pointer: p, error: err.message });
    }
  }
}

type Dialect = (name: string, e: Record<string, unknown>, urlDefault: McpTransport) => McpServerConfig | undefined;

function transportOf(type: string | undefined, hasUrl: boolean, urlDefault: McpTransport): McpTransport {
  const t = type?.toLowerCase().replace(/[-_]/g, '');
  if (t === 'stdio' || t === 'local') return 'stdio';
  if (t === 'sse') return 'sse';
  // Claude Code's `ws` has no McpTransport of its own: it is listed as http, the url keeps its wss:// scheme.
  if (t === 'http' || t === 'streamablehttp' || t === 'remote' || t === 'ws') return 'http';
  if (t !== undefined) throw new InvalidEntry(`type "${type}" is not a known MCP transport`);
  return hasUrl ? urlDefault : 'stdio';
}

/** The shape almost every client shares (Claude, Cursor, Gemini, VS Code, Copilot, Windsurf, Cline, Continue, Q, Kiro). */
const generic: Dialect = (name, e, urlDefault) => {
  const httpUrl = optStr(e, 'httpUrl');
  const url = httpUrl ?? optStr(e, 'serverUrl') ?? optStr(e, 'url');
  const commandField = e.command;
  const argv = Array.isArray(commandField) ? optStrArray(e, 'command') ?? [] : [];
  const command = Array.isArray(commandField) ? argv[0] : optStr(e, 'command');
  const type = optStr(e, 'type') ?? optStr(e, 'transport');
  // Gemini: httpUrl > url > command; the others: an explicit type, else a url means remote.
  const transport = httpUrl ? 'http' : transportOf(type, url !== undefined, urlDefault);
  if (transport === 'stdio' && !command) throw new InvalidEntry(url ? `has a url but type "${type}"` : 'has neither command nor url');
  if (transport !== 'stdio' && !url) throw new InvalidEntry(`type "${type}" needs a url`);
  const autoApprove = approvals(e);
  return clean({
    name, transport,
    command: transport === 'stdio' ? command : undefined,
    args: transport === 'stdio' && (argv.length > 1 || e.args !== undefined) ? [...argv.slice(1), ...(optStrArray(e, 'args') ?? [])] : undefined,
    env: optStrRecord(e, 'env'),
    cwd: optStr(e, 'cwd'),
    url: transport === 'stdio' ? undefined : url,
    headers: optStrRecord(e, 'headers'),
    autoApprove,
    trust: optBool(e, 'trust'),
    disabled: optBool(e, 'disabled'),
  });
};

/** autoApprove (Cline, Kiro), alwaysAllow (Roo), tools: ["*"] (Copilot CLI): `*` anywhere means every tool. */
function approvals(e: Record<string, unknown>): string[] | true | undefined {
  if (e.autoApprove === true || e.alwaysAllow === true) return true;
  const list = [...(optStrArray(e, 'autoApprove') ?? []), ...(optStrArray(e, 'alwaysAllow') ?? [])];
  const tools = optStrArray(e, 'tools');
  if (list.includes('*') || tools?.includes('*')) return true;
  return list.length ? list : undefined;
}

const codex: Dialect = (name, e) => {
  const url = optStr(e, 'url');
  const command = optStr(e, 'command');
  if (!url && !command) throw new InvalidEntry('has neither command nor url');
  const enabled = optBool(e, 'enabled');
  return clean({
    name, transport: url ? 'http' : 'stdio', command: url ? undefined : command, args: url ? undefined : optStrArray(e, 'args'),
    env: optStrRecord(e, 'env'), cwd: optStr(e, 'cwd'), url, headers: optStrRecord(e, 'http_headers'),
    disabled: enabled === false ? true : undefined,
  });
};

const zed: Dialect = (name, e, urlDefault) => {
  if (e.source === 'extension') return undefined; // provided by a Zed extension, not configured here
  const cmd = e.command;
  if (isObject(cmd)) {
    // Older shape: { command: { path, args, env }, settings }
    const path = optStr(cmd, 'path');
    if (!path) throw new InvalidEntry('command.path is missing');
    return clean({ name, transport: 'stdio', command: path, args: optStrArray(cmd, 'args'), env: optStrRecord(cmd, 'env') });
  }
  return generic(name, e, urlDefault);
};

const opencode: Dialect = (name, e) => {
  const type = optStr(e, 'type');
  const enabled = optBool(e, 'enabled');
  const config = generic(name, { ...e, env: e.environment ?? e.env, type: type === 'local' ? 'stdio' : type === 'remote' ? 'http' : type }, 'http');
  return config && clean({ ...config, disabled: enabled === false ? true : config.disabled });
};

// Goose: builtin/platform/frontend extensions run inside Goose itself, so they are not MCP servers we can see.
const goose: Dialect = (name, e) => {
  const type = optStr(e, 'type');
  if (type === 'builtin' || type === 'platform' || type === 'frontend' || type === 'inline_python') return undefined;
  const enabled = optBool(e, 'enabled');
  const config = generic(optStr(e, 'name') ?? name, { command: e.cmd, args: e.args, env: e.envs, url: e.uri, headers: e.headers, type }, 'sse');
  return config && clean({ ...config, disabled: enabled === false ? true : undefined });
};

const DIALECTS: Record<string, Dialect> = { mcp_servers: codex, context_servers: zed, mcp: opencode, extensions: goose };

function clean(c: McpServerConfig): McpServerConfig {
  return Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as McpServerConfig;
}
