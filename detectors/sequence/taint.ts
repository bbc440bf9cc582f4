// Taint that outlives the read: distinctive words of a secret's content, and files a secret was
// copied into. Pure helpers for the shared session state and the exfiltration rule.
import path from 'node:path';
import type { Event } from '../../core/event.js';
import type { EventFacts, SecretRead } from '../facts.js';
import { isWithin } from '../paths.js';

/** A word seen in a secret file's content after redaction (an account id, a cluster URL …), never the secret itself. */
export interface SecretToken { token: string; path: string; eventId: string }

/**
 * A file that holds a copy of a secret. `from` is the secret's display path; evidence: read → copy. `loose`: written
 * on a line that read the secret, by a command that did not (`source .env && npm run build > build.log`): it may
 * hold none of it, so it counts when sent by name, not when a directory around it goes whole.
 */
export interface TaintedFile { path: string; from: string; eventIds: string[]; loose?: true }

/** The origin of a file's taint when the agent wrote the secret into it itself (no read it was copied from). */
export const WRITTEN_SECRET = 'a secret written into it';
/** The origin of a file's taint when the environment was written into it (`env > /tmp/e.txt`): the session's tokens. */
export const ENVIRONMENT_COPY = 'the environment (its tokens)';

/** At most this many tokens per secret read result: the longest, which are the most distinctive. */
const TOKENS_PER_READ = 4;
/** Only this much of a tool output is scanned for tokens. */
const SCAN_CHARS = 16_384;

/** True when this event is about the given secret: its Read result, or a command that names it. */
export function isAbout(event: Event, r: SecretRead): boolean {
  if (event.path !== undefined) {
    const abs = path.resolve(event.cwd ?? '/', event.path);
    if (abs === r.abs || event.path === r.path) return true;
  }
  return event.command !== undefined && (event.command.includes(r.abs) || event.command.includes(r.path));
}

/** Distinctive tokens in the output of a secret read that already happened (its tool.result). */
export function tokensOf(event: Event, reads: readonly SecretRead[], known: readonly SecretToken[]): SecretToken[] {
  if (event.kind !== 'tool.result' || event.tool?.output === undefined) return [];
  const secret = reads.find((r) => isAbout(event, r));
  if (secret === undefined) return [];
  const words = new Set<string>();
  // A lone path (the Read result's own filePath) says where the secret is, not what it holds.
  for (const s of stringsOf(event.tool.output).filter((x) => !/^[/~][^\s]*$/.test(x))) {
    for (const w of s.split(/[\s"'`,;=()[\]{}<>|:/@]+/)) if (isDistinctive(w)) words.add(w);
  }
  return [...words].filter((w) => !known.some((k) => k.token === w)).sort((a, b) => b.length - a.length)
    .slice(0, TOKENS_PER_READ).map((token) => ({ token, path: secret.path, eventId: event.id }));
}

/** Long, with digits, not a redaction mark: an account id, a key id, a cluster host (words are split at `:` and `/`). */
function isDistinctive(w: string): boolean {
  if (w.length < 10 || w.length > 100 || /REDACTED/.test(w)) return false;
  return /^\d{10,}$/.test(w) || (/[0-9]/.test(w) && /[A-Za-z]/.test(w));
}

function stringsOf(value: unknown): string[] {
  const out: string[] = [];
  let budget = SCAN_CHARS;
  const walk = (v: unknown, depth: number): void => {
    if (budget <= 0 || depth > 6) return;
    if (typeof v === 'string') { out.push(v.slice(0, budget)); budget -= v.length; return; }
    if (v !== null && typeof v === 'object') for (const x of Object.values(v as Record<string, unknown>)) walk(x, depth + 1);
  };
  walk(value, 0);
  return out;
}

export interface TaintSource { from: string; eventIds: string[] }

/**
 * The tainted files inside any of `dirs` (not a dir itself): what a directory archived, copied or sent whole takes
 * along; not a loose one, which may hold none of the secret. The first 256 directories of a line: a `tar` of thousands
 * would compare each with every tainted file.
 */
export function taintedWithin<T extends { path: string; loose?: true }>(tainted: readonly T[], dirs: readonly string[]): T[] {
  if (tainted.length === 0 || dirs.length === 0) return [];
  const some = dirs.slice(0, 256);
  return tainted.filter((t) => !t.loose && some.some((d) => d !== t.path && isWithin(t.path, d)));
}

/** What a set of read paths carries: secrets read now, and files tainted earlier. */
export function taintSources(reads: readonly string[], facts: EventFacts, tainted: readonly TaintedFile[]): Map<string, TaintSource> {
  const out = new Map<string, TaintSource>();
  for (const p of reads) {
    const secret = facts.secrets.find((s) => s.abs === p);
    if (secret) out.set(p, { from: secret.path, eventIds: [secret.eventId] });
    const t = tainted.find((x) => x.path === p);
    if (t) out.set(p, { from: t.from, eventIds: t.eventIds });
  }
  return out;
}

/**
 * Files this event writes a secret into. Facts are per command line, not per pipe, so a line that
 * reads a secret and writes any file taints that file; the cost of that imprecision is only a
 * higher severity for an egress the session is already flagged for.
 */
export function taintOf(event: Event, facts: EventFacts, state: { tainted: readonly TaintedFile[]; secretTokens: readonly SecretToken[] }): TaintedFile[] {
  const out: TaintedFile[] = [];
  const written = new Set(facts.writes.map((w) => w.path));
  const sources = [...taintSources(facts.reads.filter((p) => !written.has(p)), facts, state.tainted)].map(([at, s]) => ({ at, ...s }));
  // A directory archived or copied whole takes along the copies of secrets inside it (`tar czf /tmp/p.tgz .` after
  // `cp ~/.aws/credentials lib/c.txt`): the archive or the copy carries them.
  const holder = taintedWithin(state.tainted, (facts.copiedDirs ?? []).map((d) => d.path))[0];
  const inCopiedDir = holder === undefined ? undefined : { from: holder.from, eventIds: holder.eventIds };
  for (const w of facts.writes) {
    if (w.path.startsWith('/dev/') || state.tainted.some((t) => t.path === w.path) || out.some((t) => t.path === w.path)) continue;
    const token = w.content === undefined ? undefined : state.secretTokens.find((k) => w.content!.includes(k.token));
    // …or content the redactor masked a secret in: a key or token the agent wrote out itself (from a read, a prompt, a result).
    const masked = w.content !== undefined && w.content.includes('[REDACTED]');
    const env = facts.environmentTo?.includes(w.path) === true ? { from: ENVIRONMENT_COPY, eventIds: [event.id] } : undefined;
    // A tool that reads and writes (an MCP copy) copies; a command copies what it or its pipeline read.
    const copied = facts.commands.length === 0 ? sources[0] : sources.find((s) => w.from?.some((f) => f === s.at || isWithin(s.at, f)));
    const src = copied ?? inCopiedDir ?? env ?? (token ? { from: token.path, eventIds: [token.eventId] } : masked ? { from: WRITTEN_SECRET, eventIds: [event.id] } : undefined) ?? sources[0];
    const loose = src !== undefined && src === sources[0] && src !== copied ? { loose: true as const } : {};
    if (src) out.push({ path: w.path, from: src.from, eventIds: [...new Set([...src.eventIds, event.id])].slice(-4), ...loose });
  }
  return out;
}
