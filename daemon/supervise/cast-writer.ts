// Writes a supervised session's terminal output to `<stateDir>/sessions/<id>.cast` (asciicast v2):
// the directory 0700, the file 0600, output redacted a line at a time (line-redactor.ts) with what is
// held back flushed after a short idle. Input is never recorded: keystrokes arrive one at a time, so a
// typed password or pasted token cannot be recognised, and would be stored as is.
import fs from 'node:fs';
import path from 'node:path';
import { castEvent, castHeader, type CastHeader } from './asciicast.js';
import { LineRedactor } from './line-redactor.js';

const IDLE_FLUSH_MS = 200;

export function castPathOf(stateDir: string, sessionId: string): string {
  return path.join(stateDir, 'sessions', `${sessionId}.cast`);
}

export class CastWriter {
  private readonly redactor = new LineRedactor();
  private readonly started = process.hrtime.bigint();
  private timer: NodeJS.Timeout | undefined;
  private fd: number | undefined;
  /** First write error (disk full …): recording stops, the session goes on. */
  error: Error | undefined;

  private constructor(readonly file: string, fd: number) {
    this.fd = fd;
  }

  /** Creates the file (never overwrites one) and writes the header. Throws when it cannot. */
  static open(file: string, header: CastHeader): CastWriter {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chmodSync(dir, 0o700);
    const fd = fs.openSync(file, 'wx', 0o600);
    fs.fchmodSync(fd, 0o600); // whatever the umask
    const w = new CastWriter(file, fd);
    w.write(castHeader(header));
    return w;
  }

  output(data: string): void {
    this.emit('o', this.redactor.push(data));
    clearTimeout(this.timer);
    if (this.redactor.held > 0) this.timer = setTimeout(() => this.emit('o', this.redactor.flush()), IDLE_FLUSH_MS).unref();
  }

  resize(cols: number, rows: number): void {
    this.emit('o', this.redactor.flush());
    this.emit('r', `${cols}x${rows}`);
  }

  close(): void {
    clearTimeout(this.timer);
    this.emit('o', this.redactor.flush());
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private emit(code: 'o' | 'r', data: string): void {
    if (data === '') return;
    this.write(castEvent(Number(process.hrtime.bigint() - this.started) / 1e9, code, data));
  }

  private write(line: string): void {
    if (this.fd === undefined || this.error) return;
    try { fs.writeSync(this.fd, line); } catch (err) { this.error = err as Error; }
  }
}
