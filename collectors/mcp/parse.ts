// Config text → a plain document, or a one-line error with the line the parser points at. Pure: callers
// read the file. JSONC is what VS Code, Zed, Gemini and OpenCode accept (comments, trailing commas).
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import YAML from 'yaml';
import type { ConfigFormat } from './types.js';

export type ParseResult = { ok: true; doc: unknown } | { ok: false; line?: number; error: string };

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;
const firstLine = (s: string) => s.split('\n')[0]!.trim();

export function parseConfigText(text: string, format: ConfigFormat): ParseResult {
  // A byte-order mark is legal in files Windows editors save; the parsers below do not all accept it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { ok: true, doc: undefined };
  switch (format) {
    case 'json': return parseJson(body);
    case 'jsonc': return parseJsoncText(body);
    case 'toml': return parseTomlText(body);
    case 'yaml': return parseYamlText(body);
  }
}

function parseJson(text: string): ParseResult {
  try {
    return { ok: true, doc: JSON.parse(text) };
  } catch (err) {
    const msg = firstLine((err as Error).message);
    const pos = /position (\d+)/.exec(msg);
    const line = pos ? lineAt(text, Number(pos[1])) : undefined;
    return { ok: false, line, error: `not valid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}` };
  }
}

function parseJsoncText(text: string): ParseResult {
  const errors: ParseError[] = [];
  let doc: unknown;
  // jsonc-parser recurses once per nesting level: a file nested some thousands deep overflows the stack.
  try { doc = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false }); } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    return { ok: false, error: 'not valid JSON (with comments): nested too deep' };
  }
  const e = errors[0];
  if (!e) return { ok: true, doc };
  return { ok: false, line: lineAt(text, e.offset), error: `not valid JSON (with comments): ${printParseErrorCode(e.error)}` };
}

function parseTomlText(text: string): ParseResult {
  try {
    return { ok: true, doc: parseToml(text) };
  } catch (err) {
    const e = err as Error & { line?: number };
    return { ok: false, line: e.line, error: `not valid TOML: ${firstLine(e.message).replace(/^Invalid TOML document: /, '')}` };
  }
}

function parseYamlText(text: string): ParseResult {
  try {
    const doc = YAML.parseDocument(text, { logLevel: 'error' });
    const e = doc.errors[0];
    if (e) return { ok: false, line: e.linePos?.[0].line, error: `not valid YAML: ${firstLine(e.message).replace(/ at line \d+, column \d+:?$/, '')}` };
    return { ok: true, doc: doc.toJS({ maxAliasCount: 100 }) };
  } catch (err) {
    // Nesting some thousands deep overflows the parser's stack; an alias bomb trips maxAliasCount.
    if (!(err instanceof RangeError) && !(err instanceof ReferenceError)) throw err;
    return { ok: false, error: `not valid YAML: ${err instanceof RangeError ? 'nested too deep' : firstLine((err as Error).message)}` };
  }
}
