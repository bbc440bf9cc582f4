// The recorder on real files: private modes, never overwriting, what it holds flushed after an idle.
import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CastWriter, castPathOf } from '../../../daemon/supervise/cast-writer.js';
import { parseCast } from '../../../daemon/supervise/asciicast.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function newFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-cast-'));
  dirs.push(dir);
  return castPathOf(dir, 'run-1');
}
const header = { width: 80, height: 24, timestamp: 1, env: { TERM: 'xterm' } };

describe('CastWriter', () => {
  it('creates sessions/ 0700 and the file 0600 even under a permissive umask, and never overwrites', () => {
    const file = newFile();
    const old = process.umask(0);
    try {
      CastWriter.open(file, header).close();
    } finally { process.umask(old); }
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(() => CastWriter.open(file, header)).toThrow(/EEXIST/);
  });

  it('writes a line at once, flushes a held prompt after an idle, and records resizes', async () => {
    const file = newFile();
    const w = CastWriter.open(file, header);
    w.output('line one\r\n$ ');
    const now = parseCast(fs.readFileSync(file, 'utf8')).events;
    expect(now.map((e) => e[2])).toEqual(['line one\r\n']);
    await new Promise((r) => setTimeout(r, 400));
    expect(parseCast(fs.readFileSync(file, 'utf8')).events.map((e) => e[2])).toEqual(['line one\r\n', '$ ']);
    w.output('AKIAIOSF');
    w.output('ODNN7EXAMPLE');
    w.resize(100, 30);
    w.close();
    const { events } = parseCast(fs.readFileSync(file, 'utf8'));
    expect(events.slice(2).map((e) => [e[1], e[2]])).toEqual([['o', '[REDACTED]'], ['r', '100x30']]);
  });
});
