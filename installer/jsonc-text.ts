// JSON and JSON-with-comments config files edited in place: only the top-level keys whose value changes are
// rewritten (jsonc-parser's modify), so the user's comments, key order and formatting elsewhere survive an
// install and a later uninstall that has to take our hooks out of a file edited since.
import { applyEdits, modify, parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { AgentwatchError } from '../core/errors.js';
import type { HookFormat, HookTargets, TextHookFormat } from './hook-format.js';

type Json = Record<string, unknown>;

/** The object a JSON/JSONC file holds (an empty file is `{}`); anything else is a one-line error naming the file. */
export function parseJsonObject(text: string, file: string): Json {
  if (text.trim() === '') return {};
  const errors: ParseError[] = [];
  let json: unknown;
  try { json = parse(text, errors, { allowTrailingComma: true, disallowComments: false }); } catch {
    throw new AgentwatchError('AW_ERR_INSTALL', `${file} is not valid JSON (nested too deep); nothing was changed`);
  }
  const e = errors[0];
  if (e) throw new AgentwatchError('AW_ERR_INSTALL', `${file} is not valid JSON (${printParseErrorCode(e.error)} at offset ${e.offset}); fix it first, nothing was changed`);
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new AgentwatchError('AW_ERR_INSTALL', `${file} does not hold a JSON object; nothing was changed`);
  return json as Json;
}

/** The indent the file already uses (2 spaces when it has none). */
function indentOf(text: string): { insertSpaces: boolean; tabSize: number } {
  const m = /^([ \t]+)\S/m.exec(text);
  if (!m) return { insertSpaces: true, tabSize: 2 };
  return m[1]!.startsWith('\t') ? { insertSpaces: false, tabSize: 1 } : { insertSpaces: true, tabSize: m[1]!.length };
}

/** `text` with the top-level keys that differ between `before` and `after` rewritten; a new file is pretty-printed. */
export function rewriteKeys(text: string | null, before: Json, after: Json): string {
  if (text === null || text.trim() === '') return `${JSON.stringify(after, null, 2)}\n`;
  const formattingOptions = { ...indentOf(text), eol: text.includes('\r\n') ? '\r\n' : '\n' };
  let out = text;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) === JSON.stringify(after[key])) continue;
    out = applyEdits(out, modify(out, [key], after[key], { formattingOptions }));
  }
  return out;
}

/** A JSON format (pure object edits) as a text format for `file`. */
export function jsonTextFormat(format: HookFormat, file: string): TextHookFormat {
  return {
    has: (text: string, t: HookTargets, agent: string) => format.has(parseJsonObject(text, file), t, agent),
    add: (text: string, t: HookTargets, agent: string) => {
      const json = parseJsonObject(text, file);
      return rewriteKeys(text === '' ? null : text, json, format.add(json, t, agent));
    },
    remove: (text: string, agent: string) => {
      const json = parseJsonObject(text, file);
      return rewriteKeys(text, json, format.remove(json, agent));
    },
  };
}
