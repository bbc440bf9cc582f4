// A bounded queue on disk for an output that cannot deliver now (the syslog receiver is down): records
// are appended as lines to segment files in their own 0700 directory (files 0600), read from a head
// kept in `head.json`, and deleted once sent. It survives a daemon restart. Past `maxBytes` the oldest
// segment is dropped and its unsent records counted: never silently.
//
// Every operation runs in turn on one promise chain, so an append, a read and an acknowledgement never
// see each other half done.
import fs from 'node:fs';
import { appendFile, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writePrivateAsync } from '../../core/state-files.js';

/** Lines read from the head: acknowledge them (ack) once delivered. */
export interface SpoolBatch { seg: number; offset: number; bytes: number; lines: string[] }

/** The first `n` records of a batch, as a batch of their own (its ack moves the head past them only). */
export function firstOf(b: SpoolBatch, n: number): SpoolBatch {
  const lines = b.lines.slice(0, n);
  return { seg: b.seg, offset: b.offset, lines, bytes: lines.reduce((t, l) => t + Buffer.byteLength(l) + 1, 0) };
}

interface Segment { n: number; size: number }

const SEGMENT = /^(\d{12})\.spool$/;
const segName = (n: number) => `${String(n).padStart(12, '0')}.spool`;

function countLines(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) n++;
  return n;
}

export class Spool {
  private readonly segs: Segment[] = [];
  private head = { seg: 0, offset: 0 };
  private chain: Promise<unknown> = Promise.resolve();
  private readonly segmentBytes: number;
  /** Records waiting (appended, not yet acknowledged or dropped). */
  depth = 0;
  /** Records dropped because the spool was full (oldest first). */
  dropped = 0;
  /** Records ever appended. */
  spooled = 0;

  constructor(private readonly dir: string, private readonly maxBytes: number, private readonly onDrop: (records: number) => void = () => undefined) {
    this.segmentBytes = Math.max(64 * 1024, Math.floor(maxBytes / 8));
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    for (const f of fs.readdirSync(dir).sort()) {
      const m = SEGMENT.exec(f);
      if (m) this.segs.push({ n: Number(m[1]), size: fs.statSync(path.join(dir, f)).size });
    }
    this.head = this.readHead();
    // Segments before the head were sent (a crash came between moving the head and deleting them).
    while (this.segs.length > 1 && this.segs[0]!.n < this.head.seg) fs.rmSync(this.file(this.segs.shift()!.n), { force: true });
    for (const s of this.segs) this.depth += countLines(fs.readFileSync(this.file(s.n)).subarray(s.n === this.head.seg ? this.head.offset : 0));
  }

  /** Bytes on disk. */
  get bytes(): number {
    return this.segs.reduce((t, s) => t + s.size, 0);
  }

  /** Appends records (each one line, no newline inside); the oldest are dropped past maxBytes. */
  append(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return Promise.resolve();
    return this.serial(async () => {
      const text = Buffer.from(lines.map((l) => `${l}\n`).join(''));
      let tail = this.segs.at(-1);
      if (!tail || tail.size >= this.segmentBytes) {
        tail = { n: (tail?.n ?? this.head.seg) + 1, size: 0 };
        this.segs.push(tail);
      }
      await appendFile(this.file(tail.n), text, { mode: 0o600 });
      tail.size += text.length;
      this.depth += lines.length;
      this.spooled += lines.length;
      while (this.bytes > this.maxBytes && this.segs.length > 1) await this.dropOldest();
    });
  }

  /** The next records from the head, about `maxBytes` of them (at least one); undefined when none wait. */
  next(maxBytes = 64 * 1024): Promise<SpoolBatch | undefined> {
    return this.serial(async () => {
      for (;;) {
        const seg = this.segs.find((s) => s.n === this.head.seg);
        const left = seg ? seg.size - this.head.offset : 0;
        if (seg && left > 0) return this.read(seg, left, maxBytes);
        const later = this.segs.find((s) => s.n > this.head.seg);
        if (!later) return undefined;
        if (seg) await this.remove(seg);
        this.head = { seg: later.n, offset: 0 };
      }
    });
  }

  /** The batch was delivered: the head moves past it (unless the spool dropped it meanwhile). */
  ack(b: SpoolBatch): Promise<void> {
    return this.serial(async () => {
      if (this.head.seg !== b.seg || this.head.offset !== b.offset) return;
      await this.advance(b.bytes, b.lines.length);
    });
  }

  /**
   * The first `lines` records at `at` were delivered before a crash that came before their ack: the head
   * moves past them if it is still there (an ack that did happen, or a drop, moved it already).
   */
  skip(at: { seg: number; offset: number }, lines: number): Promise<void> {
    return this.serial(async () => {
      const seg = this.segs.find((s) => s.n === at.seg);
      if (lines <= 0 || !seg || this.head.seg !== at.seg || this.head.offset !== at.offset) return;
      const taken = firstOf(await this.read(seg, seg.size - at.offset, Number.MAX_SAFE_INTEGER), lines);
      await this.advance(taken.bytes, taken.lines.length);
    });
  }

  /** Resolves once every operation queued so far is done. */
  settled(): Promise<void> {
    return this.serial(async () => undefined);
  }

  private async read(seg: Segment, left: number, maxBytes: number): Promise<SpoolBatch> {
    const fh = await open(this.file(seg.n), 'r');
    try {
      const take = async (n: number) => { const b = Buffer.alloc(n); await fh.read(b, 0, n, this.head.offset); return b; };
      // Whole lines only, and at least the first however long it is.
      let buf = await take(Math.min(left, maxBytes));
      if (buf.lastIndexOf(0x0a) === -1) buf = await take(left);
      const bytes = buf.lastIndexOf(0x0a) + 1;
      return { seg: seg.n, offset: this.head.offset, bytes, lines: buf.subarray(0, bytes).toString('utf8').split('\n').slice(0, -1) };
    } finally { await fh.close(); }
  }

  private async dropOldest(): Promise<void> {
    const oldest = this.segs[0]!;
    const from = oldest.n === this.head.seg ? this.head.offset : 0;
    const lost = countLines(fs.readFileSync(this.file(oldest.n)).subarray(from));
    await this.remove(oldest);
    this.head = { seg: this.segs[0]!.n, offset: 0 };
    await this.saveHead();
    this.depth -= lost;
    this.dropped += lost;
    this.onDrop(lost);
  }

  /** The head moves past `bytes` of delivered records (`lines` of them), and is saved. */
  private async advance(bytes: number, lines: number): Promise<void> {
    this.head.offset += bytes;
    this.depth -= lines;
    await this.saveHead();
  }

  private saveHead(): Promise<void> {
    return writePrivateAsync(path.join(this.dir, 'head.json'), `${JSON.stringify(this.head)}\n`);
  }

  private async remove(seg: Segment): Promise<void> {
    this.segs.splice(this.segs.indexOf(seg), 1);
    await unlink(this.file(seg.n)).catch(() => undefined);
  }

  private readHead(): { seg: number; offset: number } {
    const first = { seg: this.segs[0]?.n ?? 0, offset: 0 };
    try {
      const h = JSON.parse(fs.readFileSync(path.join(this.dir, 'head.json'), 'utf8')) as { seg: unknown; offset: unknown };
      const seg = this.segs.find((s) => s.n === h.seg);
      // A head in a segment that is gone (or past its end) starts at the oldest segment there is.
      if (seg && typeof h.offset === 'number' && Number.isInteger(h.offset) && h.offset >= 0 && h.offset <= seg.size) return { seg: seg.n, offset: h.offset };
    } catch { /* no head yet */ }
    return first;
  }

  private file(n: number): string {
    return path.join(this.dir, segName(n));
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
