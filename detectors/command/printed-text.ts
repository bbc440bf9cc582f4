// What a command prints when the line itself says: `echo`/`printf` of literal text, a heredoc through `cat`,
// and that text passed through the decoders and filters that hide a command from someone reading the line
// (`base64 -d`, `base32 -d`, `xxd -r -p`, `gunzip`, `rev`, `tr` rot13, printf's `\x` escapes). The parser runs such text when a shell
// or `eval` gets it (`echo … | base64 -d | sh`, `bash -c "$(… | rev)"`), so what it hides is judged as if typed.
// Pure, linear in the text, and bounded: a decoder's output that is not text is not a command.
import { gunzipSync } from 'node:zlib';
import { baseName } from './words.js';

/** What a stage prints: text, or bytes that are no text but the next filter may make text of (a gzip stream). */
export type Printed = string | Buffer;

/** Decoded text larger than this is not followed (a real one-liner's payload is a few hundred bytes). */
const MAX_TEXT = 64 * 1024;

/** The text a source command prints: echo/printf's arguments, or `cat`'s heredoc. */
export function sourceText(argv: readonly string[], heredoc: string | undefined): string | undefined {
  const prog = baseName(argv[0] ?? '');
  if (prog === 'echo' || prog === 'printf') return echoed(argv);
  if (prog === 'cat' && argv.length === 1) return heredoc;
  return undefined;
}

/** What a filter stage prints for `input` (its stdin), or undefined when it is no filter known here. */
export function filtered(argv: readonly string[], input: Printed | undefined): Printed | undefined {
  if (input === undefined || input.length > MAX_TEXT) return undefined;
  const prog = baseName(argv[0] ?? '');
  const args = argv.slice(1);
  const has = (re: RegExp) => args.some((a) => re.test(a));
  const decodes = has(/^(-[a-zA-Z]*[dD][a-zA-Z]*|--decode)$/);
  // gzip's output is the one binary followed: base64 of a gzip stream is how a long payload is shortened.
  if (typeof input !== 'string') return (prog === 'gunzip' || prog === 'zcat' || (prog === 'gzip' && decodes)) ? gunzipped(input) : undefined;
  const squeezed = () => input.replace(/\s+/g, '');
  if ((prog === 'base64' && decodes) || (prog === 'basenc' && has(/^--base64$/) && decodes)) return textOrGzip(Buffer.from(squeezed(), 'base64'));
  if (prog === 'openssl' && (args[0] === 'base64' || (args[0] === 'enc' && has(/^-(base64|a)$/))) && has(/^-d$/)) return textOrGzip(Buffer.from(squeezed(), 'base64'));
  if ((prog === 'base32' && decodes) || (prog === 'basenc' && has(/^--base32$/) && decodes)) { const b = base32(squeezed()); return b && textOrGzip(b); }
  if (prog === 'xxd' && has(/^-[a-z]*r/) && has(/^-(p|ps|plain|[a-z]*p[a-z]*)$/)) {
    const hex = squeezed();
    return /^(?:[0-9a-fA-F]{2})+$/.test(hex) ? textOrGzip(Buffer.from(hex, 'hex')) : undefined;
  }
  if (prog === 'rev' && args.length === 0) return input.split('\n').map((l) => [...l].reverse().join('')).join('\n');
  if (prog === 'tr' && args.length === 2) return translate(input, args[0]!, args[1]!);
  return undefined;
}

const textOrGzip = (b: Buffer): Printed | undefined => text(b) ?? (b[0] === 0x1f && b[1] === 0x8b ? b : undefined);

function gunzipped(b: Buffer): string | undefined {
  try { return text(gunzipSync(b, { maxOutputLength: MAX_TEXT })); } catch { return undefined; }
}

/** RFC 4648 base32 (what coreutils' `base32` writes); undefined when the text is not that. */
function base32(s: string): Buffer | undefined {
  const body = s.toUpperCase().replace(/=+$/, '');
  if (!/^[A-Z2-7]+$/.test(body)) return undefined;
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const c of body) {
    acc = (acc << 5) | 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(c);
    bits += 5;
    if (bits >= 8) { bits -= 8; out.push((acc >> bits) & 0xff); }
  }
  return Buffer.from(out);
}

/** What `echo a b` / `printf '%s\n' a b` print (printf's format is dropped when it is only placeholders); `\xHH`/octal escapes of printf and `echo -e` decoded. */
export function echoed(argv: readonly string[]): string {
  const prog = baseName(argv[0] ?? '');
  const flags = argv[1] !== undefined && /^-[neE]+$/.test(argv[1]) ? argv[1] : '';
  const args = argv.slice(flags ? 2 : 1);
  if (prog === 'printf' && args.length > 1 && /%[sbd]/.test(args[0]!)) return unescape(formatted(args[0]!, args.slice(1)));
  const joined = args.join(' ');
  return prog === 'printf' || flags.includes('e') ? unescape(joined) : joined.replace(/\\n/g, '\n');
}

/** printf's format applied to its arguments, `%s`/`%b`/`%d` each taking the next, the format again while any are left (as bash does). */
function formatted(format: string, args: readonly string[]): string {
  const slots = format.match(/%[sbd]/g)?.length ?? 0;
  let out = '';
  let next = 0;
  do out += format.replace(/%%|%[sbd]/g, (m) => (m === '%%' ? '%' : args[next++] ?? ''));
  while (next < args.length && out.length <= MAX_TEXT && slots > 0);
  return out;
}

/** Whether echoed() decodes `\x62`/octal escapes in these arguments: printf and `echo -e` do, and hide text as base64 does. */
export function escapesDecoded(argv: readonly string[]): boolean {
  const prog = baseName(argv[0] ?? '');
  const decodes = prog === 'printf' || (prog === 'echo' && argv[1] !== undefined && /^-[nE]*e[neE]*$/.test(argv[1]));
  return decodes && argv.slice(1).some((a) => /\\(x[0-9a-fA-F]|0?[0-7]{2,3})/.test(a));
}

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|0?[0-7]{1,3}|[ntr\\])/g, (_, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', t: '\t', r: '\r', '\\': '\\' } as Record<string, string>)[e]!;
  });
}

/** Bytes as text when they are text: a decoded command is printable UTF-8, a decoded binary is not one. */
function text(b: Buffer): string | undefined {
  const s = b.toString('utf8');
  // eslint-disable-next-line no-control-regex
  return s.length > 0 && !/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(s) ? s : undefined;
}

/** `tr SET1 SET2` with ranges (`a-z`, `N-ZA-M`): rot13 and other substitutions. Classes and options are not followed. */
function translate(input: string, from: string, to: string): string | undefined {
  const a = expandSet(from);
  const b = expandSet(to);
  if (a === undefined || b === undefined || a.length === 0 || b.length === 0) return undefined;
  const map = new Map<string, string>();
  a.forEach((c, i) => map.set(c, b[Math.min(i, b.length - 1)]!));
  return [...input].map((c) => map.get(c) ?? c).join('');
}

function expandSet(set: string): string[] | undefined {
  if (set.startsWith('-') || set.includes('[:') || set.length > 128) return undefined;
  const out: string[] = [];
  for (let i = 0; i < set.length; i++) {
    if (set[i + 1] === '-' && i + 2 < set.length) {
      const [lo, hi] = [set.charCodeAt(i), set.charCodeAt(i + 2)];
      if (hi < lo) return undefined;
      for (let c = lo; c <= hi; c++) out.push(String.fromCharCode(c));
      i += 2;
    } else out.push(set[i]!);
  }
  return out;
}
