// Tool-poisoning heuristics on what a server tells the model: tool and parameter descriptions,
// prompts, resources and the server instructions. Each finding quotes the text that triggered it
// (hidden characters written as escapes). Pure: no I/O.
import type { Finding } from '../types.js';
import type { Listing } from './listing.js';
import { quote } from './quote.js';

export interface PoisonFinding extends Finding {
  /** Where the text is: `tool add description`, `tool add parameter sidenote`, `instructions` … */
  where: string;
}

export interface ScanText { where: string; text: string }

interface Rule { id: string; severity: Finding['severity']; what: string; re: RegExp }

// Phrases that address the model rather than describe a tool.
const RULES: Rule[] = [
  { id: 'MCP-POISON-MODEL-INSTRUCTION', severity: 'high', what: 'tells the model to ignore its instructions', re: /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:of\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier|other|system|original)\s+(?:instructions|prompts?|rules|directions|guidelines)/i },
  { id: 'MCP-POISON-MODEL-INSTRUCTION', severity: 'high', what: 'has a tag addressed to the model', re: /<\s*(?:important|system|instructions?|admin|critical|secret|hidden)\s*>/i },
  { id: 'MCP-POISON-MODEL-INSTRUCTION', severity: 'high', what: 'asks the model to hide something from the user', re: /\b(?:do\s+not|don'?t|never|must\s+not)\s+(?:tell|mention|inform|reveal|show|notify|alert|disclose)\b[^.\n]{0,40}?\buser\b|\bwithout\s+(?:telling|asking|informing|notifying)\s+the\s+user/i },
  { id: 'MCP-POISON-MODEL-INSTRUCTION', severity: 'high', what: 'asks the model to do something else before using the tool', re: /\bbefore\s+(?:using|calling|invoking|running)\s+(?:this|any|the)\s+tool\b[^.\n]{0,80}?\b(?:read|open|cat|fetch|load|send|call|include|pass)\b/i },
  { id: 'MCP-POISON-SHADOWING', severity: 'high', what: 'tries to change how another tool is used', re: /\b(?:instead\s+of|rather\s+than)\s+(?:using\s+|calling\s+|showing\s+)?(?:the\s+)?[`'"]?[\w.-]+[`'"]?\s+tool\b|\bwhen(?:ever)?\s+(?:the\s+)?[`'"]?[\w.-]+[`'"]?\s+tool\s+is\s+(?:called|used|invoked|run)/i },
  { id: 'MCP-POISON-SENSITIVE-PATH', severity: 'high', what: 'names a file that holds secrets', re: /(?:~|\$HOME)?\/?\.ssh\/[\w.-]*|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\.aws\/(?:credentials|config)\b|\.(?:netrc|npmrc|pypirc|git-credentials|pgpass)\b|\.docker\/config\.json|\.kube\/config|\/etc\/(?:shadow|sudoers)\b|\.gnupg\b|(?<![\w/.-])\.env\b(?![\w-])|\bwallet\.dat\b/i },
  { id: 'MCP-POISON-SECRET-REQUEST', severity: 'medium', what: 'mentions secrets', re: /\b(?:api[\s_-]?keys?|passwords?|passphrases?|private[\s_-]?keys?|secret[\s_-]?keys?|access[\s_-]?tokens?|seed\s+phrases?|mnemonic)\b/i },
  // ESC starts terminal control sequences: text that can hide itself or rewrite what a terminal shows.
  { id: 'MCP-POISON-ANSI-ESCAPE', severity: 'high', what: 'contains terminal escape sequences', re: /\u001b/ },
  { id: 'MCP-POISON-CONTROL-CHARS', severity: 'medium', what: 'contains control characters', re: /[\u0000-\u0008\u000b\u000c\u000e-\u001a\u001c-\u001f\u007f]/ },
  // Tag characters spell invisible ASCII; bidi controls reorder what people see.
  { id: 'MCP-POISON-HIDDEN-UNICODE', severity: 'high', what: 'contains invisible Unicode tag characters', re: /[\u{E0000}-\u{E007F}]/u },
  { id: 'MCP-POISON-HIDDEN-UNICODE', severity: 'high', what: 'contains bidirectional text controls', re: /[\u202A-\u202E\u2066-\u2069]/ },
  // A zero-width joiner between two emoji is how emoji are built, not hiding.
  { id: 'MCP-POISON-HIDDEN-UNICODE', severity: 'medium', what: 'contains zero-width characters', re: /[\u200B\u200C\u200E\u200F\u2060\u180E\u061C]|(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})|(?<!^)\uFEFF/u },
];

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
