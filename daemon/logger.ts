// pino: JSON lines into the state dir's log file, and to stdout (pretty when it is a terminal).
// Observed data (commands, paths, tool input) is logged only after redaction, under `observed`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import { openNoFollow } from './state-dir.js';

export type { Logger };

export function createLogger(opts: { file: string; level: string; stdout?: boolean }): Logger {
  const fd = openNoFollow(opts.file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT);
  fs.fchmodSync(fd, 0o600);
  const streams: pino.StreamEntry[] = [{ level: opts.level as pino.Level, stream: pino.destination({ fd, sync: false }) }];
  if (opts.stdout !== false) {
    // pino-pretty only for a terminal: a service's daemon never pays for it (~1 MB of heap and its deps).
    const out = process.stdout.isTTY ? prettyStream() : pino.destination({ fd: 1, sync: false });
    streams.push({ level: opts.level as pino.Level, stream: out });
  }
  return pino({ level: opts.level, base: { pid: process.pid }, redact: { paths: ['token', '*.token', 'authorization', '*.authorization'], censor: '[REDACTED]' } }, pino.multistream(streams));
}

function prettyStream(): pino.DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  return pretty({ colorize: true, sync: true });
}
