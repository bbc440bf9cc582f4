// Redacts a terminal's output stream before it is recorded. A secret can arrive split across two
// chunks (`AKIAIOSF` then `ODNN7EXAMPLE`), so text is held back until the end of its line and
// redacted a line at a time; the recorder flushes what is held after a short idle (a prompt with no
// newline). Limits: a secret split by an idle flush, by a line longer than `maxPending`, or broken up
// by escape sequences (colours inside a token) is not recognised — the recording is best effort,
// the event log is where redaction is guaranteed.
import { redactString } from '../../core/redact.js';

const PEM_BEGIN = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/g;
const PEM_END = /-----END [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/;
// Where a held-back overlong line may be cut: after a space, CR or ESC (never inside a token).
const CUT = /[ \r\x1b][^ \r\x1b]*$/;
const MAX_PEM_LINES = 120;

export class LineRedactor {
  private pending = '';
  /** Inside a private key block printed across lines: its body is dropped until the END line. */
  private inPem = false;
  private pemLines = 0;

  constructor(private readonly maxPending = 8192) {}

  get held(): number {
    return this.pending.length;
  }

  /** Takes a chunk; returns the redacted text that is ready (complete lines), possibly ''. */
  push(chunk: string): string {
    this.pending += chunk;
    const nl = this.pending.lastIndexOf('\n');
    let cut = nl + 1;
    if (cut === 0 && this.pending.length > this.maxPending) {
      const head = this.pending.slice(0, this.pending.length - 512);
      const m = CUT.exec(head);
      cut = m ? m.index + 1 : head.length;
    }
    if (cut === 0) return '';
    const ready = this.pending.slice(0, cut);
    this.pending = this.pending.slice(cut);
    return this.redact(ready);
  }

  /** Everything still held, redacted (idle timer, or the end of the session). */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest === '' ? '' : this.redact(rest);
  }

  private redact(text: string): string {
    let out = '';
    if (this.inPem) {
      const end = PEM_END.exec(text);
      // A BEGIN line with no key after it (`grep BEGIN`) must not blank the rest of the session: an
      // 8192-bit RSA key is ~100 lines.
      this.pemLines += (text.match(/\n/g) ?? []).length;
      if (!end && this.pemLines <= MAX_PEM_LINES) return breaksOf(text);
      this.inPem = false;
      if (!end) return redactString(text);
      out = `${breaksOf(text.slice(0, end.index))}[REDACTED]`;
      text = text.slice(end.index + end[0].length);
    }
    const last = [...text.matchAll(PEM_BEGIN)].pop();
    if (last && !PEM_END.test(text.slice(last.index))) {
      this.inPem = true;
      this.pemLines = 0;
      return `${out}${redactString(text.slice(0, last.index))}-----BEGIN PRIVATE KEY----- [REDACTED]${breaksOf(text.slice(last.index))}`;
    }
    return out + redactString(text);
  }
}

/** Only the line breaks of a text, so a replay keeps its shape where the text is dropped. */
const breaksOf = (text: string) => text.replace(/[^\r\n]/g, '');
