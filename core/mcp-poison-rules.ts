// Tool-poisoning heuristics: phrases that address the model rather than describe a tool or carry data,
// and characters that hide text. Used by the live MCP scan on what a server tells the model
// (collectors/mcp/scan/poisoning.ts) and by the detectors on what an MCP tool returns (detectors/mcp-result.ts).
import type { Severity } from './event.js';

export interface PoisonRule { id: string; severity: Severity; what: string; re: RegExp }

// Phrases that address the model rather than describe a tool.
export const MCP_POISON_RULES: readonly PoisonRule[] = [
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
