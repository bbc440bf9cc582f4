// asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2/): a JSON header line, then one JSON array
// per event, `[seconds, code, data]` — "o" output, "i" input, "r" resize ("COLSxROWS"). Pure: text in, text out.

export interface CastHeader {
  width: number;
  height: number;
  /** Unix seconds when the recording started. */
  timestamp: number;
  env: { TERM?: string; SHELL?: string };
  title?: string;
}

export type CastCode = 'o' | 'i' | 'r';
export type CastEvent = [seconds: number, code: CastCode, data: string];

export function castHeader(h: CastHeader): string {
  const env = Object.fromEntries(Object.entries(h.env).filter(([, v]) => v !== undefined));
  return `${JSON.stringify({ version: 2, width: h.width, height: h.height, timestamp: Math.floor(h.timestamp), env, ...(h.title !== undefined ? { title: h.title } : {}) })}\n`;
}

/** One event line; time in seconds since the start, to the microsecond as asciinema writes it. */
export function castEvent(seconds: number, code: CastCode, data: string): string {
  return `${JSON.stringify([Math.round(Math.max(0, seconds) * 1e6) / 1e6, code, data])}\n`;
}

export class CastFormatError extends Error {}

/** Parses and checks a recording (for `agentwatch` readers and tests); throws CastFormatError naming the bad line. */
export function parseCast(text: string): { header: CastHeader & { version: 2 }; events: CastEvent[] } {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parse = (l: string, n: number): unknown => {
    try { return JSON.parse(l); } catch { throw new CastFormatError(`line ${n}: not JSON`); }
  };
  const header = parse(lines[0] ?? '', 1) as Record<string, unknown> | null;
  if (header === null || typeof header !== 'object' || header.version !== 2 || typeof header.width !== 'number' || typeof header.height !== 'number') {
    throw new CastFormatError('line 1: not an asciicast v2 header');
  }
  let last = 0;
  const events = lines.slice(1).map((l, i) => {
    const e = parse(l, i + 2);
    if (!Array.isArray(e) || e.length !== 3 || typeof e[0] !== 'number' || !['o', 'i', 'r'].includes(e[1] as string) || typeof e[2] !== 'string') {
      throw new CastFormatError(`line ${i + 2}: not a [seconds, code, data] event`);
    }
    if (e[0] < last) throw new CastFormatError(`line ${i + 2}: time goes backwards`);
    last = e[0];
    return e as CastEvent;
  });
  return { header: header as unknown as CastHeader & { version: 2 }, events };
}
