// What a tool the agent's dialect does not know does, judged by its name and input: an MCP filesystem
// server's read_file reads a file, its write_file writes one, a terminal server's execute_command runs a
// shell command. A gateway sees these as protocol calls; here they become the same file reads, writes and
// commands as the agent's own tools, so every rule and sequence judges them alike. A tool that works on a
// remote resource (a repository, a bucket: `owner`/`repo`/`bucket` beside its `path`) is not a local file.
export type ToolShape =
  | { kind: 'file.read' | 'file.write'; path: string; /** A read of several files: all of them, `path` the first. */ paths?: string[] }
  | { kind: 'shell'; command: string };

const PATH_KEYS = ['path', 'file_path', 'filepath', 'filePath', 'absolute_path', 'file', 'filename', 'source'];
const COMMAND_KEYS = ['command', 'cmd', 'script', 'shell_command'];
const CONTENT_KEYS = ['content', 'contents', 'text', 'data', 'new_string', 'newText', 'edits'];
const REMOTE_KEYS = ['owner', 'repo', 'repository', 'repo_name', 'project_id', 'bucket', 'url', 'uri', 'space', 'drive_id', 'sheet_id'];

const SHELL_WORDS = new Set(['run', 'exec', 'execute', 'shell', 'terminal', 'bash', 'process', 'sh']);
// Uploading or attaching a local file reads it (what the service then does with it is the tool's business).
const READ_WORDS = new Set(['read', 'get', 'cat', 'view', 'open', 'head', 'tail', 'load', 'show', 'upload', 'attach']);
// A tool that only looks at a file's name or metadata (get_file_info, list_directory) does not read it.
const METADATA_WORDS = new Set(['info', 'stat', 'stats', 'metadata', 'exists', 'list', 'search', 'tree', 'size', 'allowed']);
const WRITE_WORDS = new Set(['write', 'create', 'edit', 'append', 'save', 'put', 'update', 'patch', 'replace', 'insert', 'overwrite']);
// Copying or moving a file reads its source (`move_file {source, destination}`): a credential moved into the project is read.
const COPY_WORDS = new Set(['copy', 'move', 'rename', 'cp', 'mv', 'duplicate']);

/** The words of a tool's own name: `mcp__fs__read_text_file` → read, text, file; `readFile` → read, file. */
function toolWords(name: string): string[] {
  const own = /^(?:mcp__.+?__|@[^/]+\/)(.+)$/.exec(name)?.[1] ?? name;
  return own.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

function stringAt(input: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) { const v = input[k]; if (typeof v === 'string' && v.trim() !== '') return v; }
  return undefined;
}

/** A list of paths under `key` (its first 64 non-empty strings), or undefined when there is none. */
export function stringList(input: unknown, key: string): string[] | undefined {
  const v = input !== null && typeof input === 'object' ? (input as Record<string, unknown>)[key] : undefined;
  const out = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').slice(0, 64) : [];
  return out.length > 0 ? out : undefined;
}

/** MCP tool names in each agent's spelling: `mcp__server__tool`, Gemini's `mcp_server_tool`, `@server/tool`. */
export const isMcpToolName = (name: string): boolean => /^(?:mcp_|@[^/]+\/)/.test(name);

/**
 * The shape of an MCP tool call, or undefined when its name and input say nothing certain (the agent's own
 * tools are its dialect's). `saysMcp`: the payload marks the tool as MCP beside a plain name (Gemini's `mcp_context`).
 */
export function toolShape(name: string, input: unknown, saysMcp = false): ToolShape | undefined {
  if (!(saysMcp || isMcpToolName(name)) || input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const i = input as Record<string, unknown>;
  const words = toolWords(name);
  const command = stringAt(i, COMMAND_KEYS);
  if (command !== undefined && words.some((w) => SHELL_WORDS.has(w))) return { kind: 'shell', command };
  if (REMOTE_KEYS.some((k) => i[k] !== undefined)) return undefined;
  // `read_multiple_files {paths: […]}`: every file named.
  const many = (stringList(i, 'paths') ?? []).filter((x) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(x));
  if (many.length > 0 && words.some((w) => READ_WORDS.has(w)) && !words.some((w) => METADATA_WORDS.has(w))) return { kind: 'file.read', path: many[0]!, paths: many };
  const path = stringAt(i, PATH_KEYS);
  if (path === undefined || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return undefined;
  const hasContent = CONTENT_KEYS.some((k) => i[k] !== undefined);
  if (hasContent && words.some((w) => WRITE_WORDS.has(w))) return { kind: 'file.write', path };
  if (!hasContent && words.some((w) => READ_WORDS.has(w) || COPY_WORDS.has(w)) && !words.some((w) => METADATA_WORDS.has(w))) return { kind: 'file.read', path };
  return undefined;
}
