// Tool-poisoning heuristics on what a server tells the model: tool and parameter descriptions,
// prompts, resources and the server instructions. Each finding quotes the text that triggered it
// (hidden characters written as escapes). Pure: no I/O.
import type { Finding } from '../types.js';
import type { Listing } from './listing.js';
import { quote } from './quote.js';
import { MCP_POISON_RULES } from '../../../core/mcp-poison-rules.js';

export interface PoisonFinding extends Finding {
  /** Where the text is: `tool add description`, `tool add parameter sidenote`, `instructions` … */
  where: string;
}

export interface ScanText { where: string; text: string }

// The phrase and character rules live in core (detectors scan MCP tool results with them too).
const RULES = MCP_POISON_RULES;

/** Descriptions longer than this are where long hidden instructions live; real ones are far shorter. */
export const MAX_LENGTH = { description: 4000, parameter: 1000, instructions: 10_000 } as const;

/** Every text of a listing the model may read, with where it is. */
export function textsOf(listing: Pick<Listing, 'tools' | 'prompts' | 'resources' | 'instructions'>): ScanText[] {
  const texts: ScanText[] = [];
  if (listing.instructions) texts.push({ where: 'instructions', text: listing.instructions });
  for (const t of listing.tools) {
    if (t.title) texts.push({ where: `tool ${t.name} title`, text: t.title });
    if (t.description) texts.push({ where: `tool ${t.name} description`, text: t.description });
    for (const p of schemaTexts(t.inputSchema)) texts.push({ where: `tool ${t.name} parameter ${p.path}`, text: p.text });
  }
  for (const p of listing.prompts) {
    if (p.description) texts.push({ where: `prompt ${p.name} description`, text: p.description });
    for (const a of p.arguments ?? []) if (a.description) texts.push({ where: `prompt ${p.name} argument ${a.name}`, text: a.description });
  }
  for (const r of listing.resources) if (r.description) texts.push({ where: `resource ${r.name} description`, text: r.description });
  return texts;
}

/** Descriptions (and titles, defaults, enum values that are strings) anywhere in a JSON schema. */
function schemaTexts(schema: unknown, path = '', depth = 0): { path: string; text: string }[] {
  if (!schema || typeof schema !== 'object' || depth > 8) return [];
  const s = schema as Record<string, unknown>;
  const out: { path: string; text: string }[] = [];
  for (const key of ['description', 'title', 'default'] as const) {
    if (typeof s[key] === 'string' && path) out.push({ path, text: s[key] });
  }
  if (Array.isArray(s.enum)) for (const v of s.enum) if (typeof v === 'string' && path) out.push({ path, text: v });
  if (s.properties && typeof s.properties === 'object') {
    for (const [name, sub] of Object.entries(s.properties)) out.push(...schemaTexts(sub, path ? `${path}.${name}` : name, depth + 1));
  }
  for (const key of ['items', 'additionalProperties'] as const) out.push(...schemaTexts(s[key], path ? `${path}[]` : '[]', depth + 1));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    if (Array.isArray(s[key])) for (const sub of s[key]) out.push(...schemaTexts(sub, path, depth + 1));
  }
  return out;
}

/**
 * Findings on one server's texts. `otherTools` are tool names of the other servers scanned together:
 * naming one of them (and not one of this server's own) is how a tool shadows another server's tool.
 */
export function poisoningFindings(texts: ScanText[], ownTools: readonly string[], otherTools: ReadonlySet<string> = new Set()): PoisonFinding[] {
  const findings: PoisonFinding[] = [];
  const seen = new Set<string>();
  const add = (f: PoisonFinding) => {
    const k = `${f.id}\0${f.where}\0${f.message}`;
    if (!seen.has(k)) { seen.add(k); findings.push(f); }
  };
  const foreign = [...otherTools].filter((n) => !ownTools.includes(n) && distinctive(n));
  for (const { where, text } of texts) {
    for (const r of RULES) {
      const m = r.re.exec(text);
      if (m) add({ id: r.id, severity: r.severity, where, message: `${where} ${r.what}`, evidence: quote(text, m.index, m[0].length) });
    }
    for (const name of foreign) {
      const m = new RegExp(`(?<![\\w-])${escapeRe(name)}(?![\\w-])`).exec(text);
      if (m) add({ id: 'MCP-POISON-OTHER-TOOL', severity: 'medium', where, message: `${where} names "${name}", a tool of another server`, evidence: quote(text, m.index, m[0].length) });
    }
    const limit = where === 'instructions' ? MAX_LENGTH.instructions : where.includes(' parameter ') || where.includes(' argument ') ? MAX_LENGTH.parameter : MAX_LENGTH.description;
    if (text.length > limit) {
      add({ id: 'MCP-POISON-LONG-TEXT', severity: 'medium', where, message: `${where} is ${text.length} characters long (over ${limit}), room for hidden instructions`, evidence: quote(text, limit, 0) });
    }
  }
  return findings;
}

// Names like "echo" or "add" are ordinary words; only names with a separator or of some length count.
const distinctive = (name: string) => /[_-]/.test(name) || /[a-z][A-Z]/.test(name) || name.length >= 10;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
