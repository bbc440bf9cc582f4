// Pure part of the MCP config watcher: what one config file's servers look like in the snapshot
// (the mcp_servers table), what changed between two snapshots of a file, and the `mcp.change` event
// that says so. No I/O; unit-tested on literal values (test/unit/mcp-watch/).
import type { AgentKind, Event } from '../../core/event.js';
import { redactString } from '../../core/redact.js';
import type { McpScope, McpServerEntry, McpTransport } from './types.js';

/** One server as the snapshot keeps it: identity, provenance, fingerprint and a redacted body. */
export interface SnapshotServer {
  /** McpServerEntry.id: agent, scope, file and name (and the project of a `local` entry). */
  id: string;
  agent: AgentKind;
  scope: McpScope;
  file: string;
  name: string;
  /** serverFingerprint of the entry: equal fingerprints mean the client launches the same thing. */
  fingerprint: string;
  /** JSON of the redacted launch summary (bodyOf); env and header values are never kept. */
  body: string;
}

export type McpChangeKind = 'added' | 'removed' | 'changed';

export interface McpChange {
  change: McpChangeKind;
  /** The server before the change (removed, changed). */
  before?: SnapshotServer;
  /** The server after the change (added, changed). */
  after?: SnapshotServer;
}

export interface ServerBody {
  transport: McpTransport;
  /** What the client launches or contacts: `command args…` or the URL, redacted and cut to 300 characters. */
  launch: string;
  project?: string;
  envKeys?: string[];
  headerKeys?: string[];
  disabled?: boolean;
}

const MAX_LAUNCH = 300;
const cut = (s: string) => (s.length > MAX_LAUNCH ? `${s.slice(0, MAX_LAUNCH - 3)}...` : s);

/** The launch command line (stdio) or URL (http, sse) of a server, redacted. */
export function launchOf(entry: Pick<McpServerEntry, 'transport' | 'command' | 'args' | 'url'>): string {
  const raw = entry.transport === 'stdio' || entry.url === undefined
    ? [entry.command ?? '', ...(entry.args ?? [])].filter((a) => a !== '').join(' ')
    : entry.url;
  return cut(redactString(raw));
}

/** What the snapshot keeps of a server: the launch, and only the names of env vars and headers. */
export function bodyOf(entry: McpServerEntry): ServerBody {
  return {
    transport: entry.transport,
    launch: launchOf(entry),
    ...(entry.provenance.project !== undefined ? { project: entry.provenance.project } : {}),
    ...(entry.env && Object.keys(entry.env).length > 0 ? { envKeys: Object.keys(entry.env).sort() } : {}),
    ...(entry.headers && Object.keys(entry.headers).length > 0 ? { headerKeys: Object.keys(entry.headers).sort() } : {}),
    ...(entry.disabled ? { disabled: true } : {}),
  };
}

export function snapshotOf(entry: McpServerEntry, fingerprint: string): SnapshotServer {
  const p = entry.provenance;
  return { id: entry.id, agent: p.agent, scope: p.scope, file: p.file, name: entry.name, fingerprint, body: JSON.stringify(bodyOf(entry)) };
}

/** Servers added, removed and changed (by fingerprint) from `before` to `after`, in a stable order. */
export function diffServers(before: readonly SnapshotServer[], after: readonly SnapshotServer[]): McpChange[] {
  const old = new Map(before.map((s) => [s.id, s]));
  const now = new Map(after.map((s) => [s.id, s]));
  const out: McpChange[] = [];
  for (const [id, a] of now) {
    const b = old.get(id);
    if (!b) out.push({ change: 'added', after: a });
    else if (b.fingerprint !== a.fingerprint) out.push({ change: 'changed', before: b, after: a });
  }
  for (const [id, b] of old) if (!now.has(id)) out.push({ change: 'removed', before: b });
  const name = (c: McpChange) => (c.after ?? c.before)!.id;
  return out.sort((x, y) => (name(x) < name(y) ? -1 : name(x) > name(y) ? 1 : 0));
}

export function parseBody(body: string): Partial<ServerBody> {
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === 'object' ? (v as Partial<ServerBody>) : {};
  } catch { return {}; }
}

/**
 * The `mcp.change` event of one change. `agent`/`sessionId` say who made it, so they start unknown and
 * the attribution stage fills them; the config's owner (the agent whose file it is) goes into detail.
 */
export function changeEvent(c: McpChange, id: string, ts: string): Event {
  const s = (c.after ?? c.before)!;
  const now = c.after ? parseBody(c.after.body) : undefined;
  const was = c.before ? parseBody(c.before.body) : undefined;
  const detail: Record<string, string | number | boolean> = {
    change: c.change, server: redactString(s.name), configAgent: s.agent, scope: s.scope, serverId: redactString(s.id),
  };
  const body = now ?? was;
  if (body?.transport) detail.transport = body.transport;
  if (body?.project) detail.project = body.project;
  if (now?.launch !== undefined) detail.launch = now.launch;
  if (c.change !== 'added' && was?.launch !== undefined) detail.previousLaunch = was.launch;
  if (body?.envKeys?.length) detail.envKeys = body.envKeys.join(',');
  return { id, ts, source: 'mcp', kind: 'mcp.change', agent: { kind: 'unknown' }, path: s.file, detail };
}
