// Pinning ("trust on first use") of what a server tells the model: a sha256 per tool over the
// canonical JSON of {name, description, inputSchema}, and one of the instructions. A later scan that
// differs is a rug pull: the server changed what the model reads after it was first seen. Pure.
import crypto from 'node:crypto';
import { lineDiff } from '../../../core/line-diff.js';
import { redactDeep, redactString } from '../../../core/redact.js';
import type { McpServerConfig } from '../types.js';
import type { Listing } from './listing.js';

export interface PinnedTool { hash: string; description: string; inputSchema: unknown }

/** What is stored in `mcp_pins.body`; the texts are kept (redacted) so a later diff can show them. */
export interface PinBody {
  v: 1;
  /** Human-readable server identity, redacted (a url or command line may carry a token). */
  label: string;
  serverInfo: Listing['serverInfo'];
  tools: Record<string, PinnedTool>;
  instructions?: { hash: string; text: string };
}

export interface ToolChange {
  name: string;
  /** Line diff old → new of the description, when it changed. */
  description?: { old: string; new: string; diff: string };
  /** Line diff of the pretty-printed input schema, when it changed. */
  schema?: { diff: string };
}

export interface PinDiff {
  added: string[];
  removed: string[];
  changed: ToolChange[];
  instructions?: { old: string; new: string; diff: string };
}

/** JSON with object keys sorted at every level, so equal values always hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/**
 * Identity of a pin. Agent- and file-independent on purpose: the same server (same transport and
 * command line, or the same url) configured in Cursor and in Claude Code is one server and shares one
 * pin, so a change is reported once and cannot be hidden by re-adding it in another client. env,
 * headers and cwd are left out (tokens rotate; they do not name a different server).
 */
export function serverKey(entry: Pick<McpServerConfig, 'transport' | 'command' | 'args' | 'url'>): string {
  const identity = entry.transport === 'stdio'
    ? { t: 'stdio', command: entry.command ?? '', args: entry.args ?? [] }
    : { t: 'remote', url: entry.url ?? '' };
  return `mcp:${sha256(canonicalJson(identity)).slice(0, 32)}`;
}

export function serverLabel(entry: Pick<McpServerConfig, 'transport' | 'command' | 'args' | 'url'>): string {
  return redactString(entry.transport === 'stdio' ? [entry.command ?? '', ...(entry.args ?? [])].join(' ') : `${entry.transport} ${entry.url ?? ''}`);
}

export function toolHash(t: { name: string; description?: string; inputSchema: unknown }): string {
  return sha256(canonicalJson({ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema ?? null }));
}

export function pinBody(label: string, listing: Pick<Listing, 'serverInfo' | 'tools' | 'instructions'>): PinBody {
  const tools: Record<string, PinnedTool> = {};
  for (const t of listing.tools) tools[t.name] = { hash: toolHash(t), description: redactString(t.description ?? ''), inputSchema: redactDeep(t.inputSchema ?? null) };
  const body: PinBody = { v: 1, label, serverInfo: listing.serverInfo, tools };
  if (listing.instructions) body.instructions = { hash: sha256(listing.instructions), text: redactString(listing.instructions) };
  return body;
}

/** One hash over every tool hash and the instructions hash: equal digests, nothing changed. */
export function pinDigest(body: PinBody): string {
  const hashes = Object.fromEntries(Object.entries(body.tools).map(([n, t]) => [n, t.hash]));
  return sha256(canonicalJson({ tools: hashes, instructions: body.instructions?.hash ?? null }));
}

export function comparePins(old: PinBody, now: PinBody): PinDiff {
  const added = Object.keys(now.tools).filter((n) => !(n in old.tools)).sort();
  const removed = Object.keys(old.tools).filter((n) => !(n in now.tools)).sort();
  const changed: ToolChange[] = [];
  for (const name of Object.keys(now.tools).sort()) {
    const a = old.tools[name];
    const b = now.tools[name]!;
    if (!a || a.hash === b.hash) continue;
    const change: ToolChange = { name };
    if (a.description !== b.description) change.description = { old: a.description, new: b.description, diff: lineDiff(a.description, b.description) };
    const sa = JSON.stringify(sortKeys(a.inputSchema), null, 2);
    const sb = JSON.stringify(sortKeys(b.inputSchema), null, 2);
    if (sa !== sb) change.schema = { diff: lineDiff(sa, sb) };
    changed.push(change);
  }
  const diff: PinDiff = { added, removed, changed };
  if ((old.instructions?.hash ?? '') !== (now.instructions?.hash ?? '')) {
    const o = old.instructions?.text ?? '';
    const n = now.instructions?.text ?? '';
    diff.instructions = { old: o, new: n, diff: lineDiff(o, n) };
  }
  return diff;
}

/** The diff as lines for people (CLI output and alert evidence). */
export function describeDiff(d: PinDiff): string[] {
  const lines: string[] = [];
  for (const n of d.added) lines.push(`+ tool ${n} (new)`);
  for (const n of d.removed) lines.push(`- tool ${n} (removed)`);
  for (const c of d.changed) {
    if (c.description) lines.push(`~ tool ${c.name}: description changed`, ...indent(c.description.diff));
    if (c.schema) lines.push(`~ tool ${c.name}: input schema changed`, ...indent(c.schema.diff));
    // Same description and pretty schema, different hash: a change only canonical JSON sees (e.g. key types).
    if (!c.description && !c.schema) lines.push(`~ tool ${c.name}: changed`);
  }
  if (d.instructions) lines.push('~ server instructions changed', ...indent(d.instructions.diff));
  return lines;
}

const indent = (text: string) => text.split('\n').map((l) => `    ${l}`);
