// Quotes the part of a text that triggered a finding, so a person can see it: some context around
// the match, whitespace flattened, invisible and control characters written as escapes, secrets masked.
import { redactString } from '../../../core/redact.js';

const CONTEXT = 60;
const MAX = 240;

/** `…context [match] context…` with escapes; tag characters are also decoded, since they spell ASCII. */
export function quote(text: string, index: number, length: number): string {
  let from = Math.max(0, index - CONTEXT);
  let to = Math.min(text.length, index + Math.max(length, 1) + CONTEXT);
  // Never cut a surrogate pair (tag characters and emoji are two UTF-16 units).
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;
  let body = escapeInvisible(text.slice(from, to)).replace(/\s+/g, ' ');
  if (body.length > MAX) body = `${body.slice(0, MAX)}…`;
  const hidden = decodeTags(text);
  return redactString(`"${from > 0 ? '…' : ''}${body}${to < text.length ? '…' : ''}"${hidden ? ` (hidden tag text: "${hidden}")` : ''}`);
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Characters people cannot see, as \u{…} / \x.. escapes; everything else as is. A run of tag
 * characters (which can be hundreds long) is shown by its first one and its length.
 */
export function escapeInvisible(s: string): string {
  const collapsed = s.replace(/[\u{E0000}-\u{E007F}]+/gu, (run) => {
    const n = [...run].length;
    return n === 1 ? run : `${[...run][0]}<${n} tag characters>`;
  });
  let out = '';
  for (const ch of collapsed) {
    const cp = ch.codePointAt(0)!;
    if ((cp < 0x20 && ch !== '\n' && ch !== '\t' && ch !== '\r') || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (invisible(cp)) out += `\\u{${cp.toString(16).toUpperCase()}}`;
    else out += ch;
  }
  return out;
}

function invisible(cp: number): boolean {
  return (cp >= 0xe0000 && cp <= 0xe007f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0x202a && cp <= 0x202e)
    || (cp >= 0x2066 && cp <= 0x2069) || cp === 0x2060 || cp === 0xfeff || cp === 0x180e || cp === 0x061c;
}

/** The ASCII that Unicode tag characters (U+E0020–E007E) spell, if any. */
export function decodeTags(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xe0020 && cp <= 0xe007e) out += String.fromCharCode(cp - 0xe0000);
  }
  return out;
}
