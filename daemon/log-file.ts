// The daemon's log file as a pino destination that never throws and never spins: the lines of one turn
// of the event loop are appended with one write. A write that fails (ENOSPC on a full disk, EIO) sends
// the lines to the fallback (stderr) from then on, with one notice; the file is tried again every
// RETRY_MS and taken back, with a note in it, as soon as a write succeeds. Past maxBytes the file is
// rotated (agentwatch.log → .1 → .2 …, `keep` old files), so the log's size is bounded.
import fs from 'node:fs';
import type { ComponentHealth } from '../core/health.js';

const RETRY_MS = 2000;

export interface LogFileOptions {
  maxBytes: number;
  /** Old files kept on rotation (agentwatch.log.1 … .keep). */
  keep: number;
  /** Opens the file for appending (never through a link: openNoFollow). */
  open: (file: string) => number;
  /** Where lines go while the file cannot be written; absent: they are dropped (and counted). */
  fallback?: (text: string) => void;
  /** The one-line notices that the file stopped (and started again) being written. */
  notice: (text: string) => void;
}

const codeOf = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err)).split('\n')[0]!;

export class LogFile {
  private fd: number | undefined;
  private size = 0;
  private lines: string[] = [];
  private scheduled = false;
  /** A write stopped part-way: the file's last line is cut, the next write starts a fresh one. */
  private torn = false;
  private lastTry = 0;
  failingSince: number | undefined;
  lastError: string | undefined;
  /** Lines that did not reach the file (sent to the fallback or dropped). */
  diverted = 0;
  rotations = 0;

  constructor(readonly file: string, private readonly opts: LogFileOptions) {
    this.openFile(); // a file that cannot be opened at start fails the start (one line, from the caller)
  }

  /** pino's destination interface: queue the line, write once per loop turn. */
  write(line: string): boolean {
    this.lines.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => { this.scheduled = false; this.flushSync(); });
    }
    return true;
  }

  /** Writes what is queued now (shutdown, exit, a fatal error): never throws. */
  flushSync(): void {
    const lines = this.lines;
    this.lines = [];
    if (lines.length === 0) return;
    if (this.failingSince !== undefined && Date.now() - this.lastTry < RETRY_MS) return this.divert(lines);
    const recovering = this.failingSince !== undefined;
    try {
      if (this.fd === undefined) this.openFile();
      if (this.size > 0 && this.size + lines.reduce((n, l) => n + Buffer.byteLength(l), 0) > this.opts.maxBytes) this.rotate();
      const note = recovering ? this.note(`log file writable again; ${this.diverted} lines since ${new Date(this.failingSince!).toISOString()} went to stderr or were dropped`) : '';
      this.append((this.torn ? '\n' : '') + note + lines.join(''));
      if (recovering) {
        this.failingSince = undefined;
        this.lastError = undefined;
        this.opts.notice(`agentwatch: writing the log file ${this.file} again\n`);
      }
    } catch (err) {
      this.lastTry = Date.now();
      this.lastError = codeOf(err);
      if (!recovering) {
        this.failingSince = Date.now();
        this.opts.notice(`agentwatch: cannot write the log file ${this.file} (${this.lastError}); logging to stderr until it can\n`);
      }
      this.divert(lines);
    }
  }

  flush(cb?: (err?: Error) => void): void {
    this.flushSync();
    cb?.();
  }

  end(): void {
    this.flushSync();
    if (this.fd !== undefined) { try { fs.closeSync(this.fd); } catch { /* closing is best effort */ } }
    this.fd = undefined;
  }

  health(): ComponentHealth & { diverted: number; rotations: number } {
    const { diverted, rotations } = this;
    return this.failingSince === undefined
      ? { status: 'ok', diverted, rotations }
      : { status: 'degraded', reason: `log file not writable since ${new Date(this.failingSince).toISOString()} (${this.lastError}); logging to stderr`, diverted, rotations };
  }

  private divert(lines: string[]): void {
    this.diverted += lines.length;
    this.opts.fallback?.(lines.join(''));
  }

  private append(text: string): void {
    const buf = Buffer.from(text);
    let off = 0;
    try {
      while (off < buf.length) off += fs.writeSync(this.fd!, buf, off);
      this.torn = false;
    } catch (err) {
      if (off > 0) this.torn = true;
      throw err;
    } finally {
      this.size += off;
    }
  }

  private openFile(): void {
    const fd = this.opts.open(this.file);
    this.fd = fd;
    this.size = fs.fstatSync(fd).size;
  }

  /** agentwatch.log.(keep-1) → .keep, …, agentwatch.log → .1, and a new file. Renaming never follows a link. */
  private rotate(): void {
    if (this.fd !== undefined) { fs.closeSync(this.fd); this.fd = undefined; }
    for (let i = this.opts.keep - 1; i >= 1; i--) {
      try { fs.renameSync(`${this.file}.${i}`, `${this.file}.${i + 1}`); } catch (err) { if (codeOf(err) !== 'ENOENT') throw err; }
    }
    if (this.opts.keep > 0) fs.renameSync(this.file, `${this.file}.1`);
    else fs.rmSync(this.file, { force: true });
    this.rotations++;
    this.torn = false;
    this.openFile();
  }

  /** A line in pino's format, for what the file itself has to say. */
  private note(msg: string): string {
    return `${JSON.stringify({ level: 30, time: Date.now(), pid: process.pid, component: 'log', msg })}\n`;
  }
}
