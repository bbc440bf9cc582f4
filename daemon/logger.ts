// pino: JSON lines into the state dir's log file, and to stdout (pretty when it is a terminal).
// Observed data (commands, paths, tool input) is logged only after redaction, under `observed`.
// Logging never throws and never takes the daemon down: the file (daemon/log-file.ts) falls back to
// stderr while it cannot be written (a full disk) and is rotated at LOG_MAX_BYTES, keeping LOG_KEEP old files.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import { openNoFollow } from './state-dir.js';
import { LogFile } from './log-file.js';

export type { Logger };

export const LOG_MAX_BYTES = 10 * 1024 * 1024;
export const LOG_KEEP = 2;

const quietly = (write: (text: string) => void) => (text: string) => { try { write(text); } catch { /* nowhere left to say it */ } };

export function createLogger(opts: { file: string; level: string; stdout?: boolean; maxBytes?: number }): { log: Logger; file: LogFile } {
  const toStdout = opts.stdout !== false;
  // A broken stderr pipe (the terminal went away) is not worth an uncaught error.
  if (!process.stderr.listenerCount('error')) process.stderr.on('error', () => {});
  const file = new LogFile(opts.file, {
    maxBytes: opts.maxBytes ?? LOG_MAX_BYTES, keep: LOG_KEEP,
    open: (f) => {
      const fd = openNoFollow(f, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT);
      fs.fchmodSync(fd, 0o600);
      return fd;
    },
    // With stdout on, every line is there already; otherwise the file's lines go to stderr meanwhile.
    fallback: toStdout ? undefined : quietly((t) => process.stderr.write(t)),
    notice: quietly((t) => process.stderr.write(t)),
  });
  const streams: pino.StreamEntry[] = [{ level: opts.level as pino.Level, stream: file }];
  if (toStdout) {
    // pino-pretty only for a terminal: a service's daemon never pays for it (~1 MB of heap and its deps).
    const out = process.stdout.isTTY ? prettyStream() : pino.destination({ fd: 1, sync: false });
    out.on('error', () => {});
    streams.push({ level: opts.level as pino.Level, stream: out });
  }
  const log = pino({ level: opts.level, base: { pid: process.pid }, redact: { paths: ['token', '*.token', 'authorization', '*.authorization'], censor: '[REDACTED]' } }, pino.multistream(streams));
  return { log, file };
}

function prettyStream(): NodeJS.WritableStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pretty({ colorize: true, sync: true }) as NodeJS.WritableStream;
}
