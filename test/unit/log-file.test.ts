// The log file destination: rotation bounds its size; a write that fails (ENOSPC: /dev/full) falls back
// without throwing or retrying in a loop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogFile } from '../../daemon/log-file.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });
const line = (i: number) => `${JSON.stringify({ level: 30, msg: `line ${i}`, pad: 'x'.repeat(80) })}\n`;

describe('log file', () => {
  it('rotates at maxBytes, keeping `keep` old files, the newest line in the current one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-logfile-'));
    dirs.push(dir);
    const file = path.join(dir, 'agentwatch.log');
    const log = new LogFile(file, { maxBytes: 1000, keep: 2, open: (f) => fs.openSync(f, 'a', 0o600), notice: () => {} });
    for (let i = 0; i < 60; i++) { log.write(line(i)); log.flushSync(); }
    log.end();
    expect(fs.readdirSync(dir).sort()).toEqual(['agentwatch.log', 'agentwatch.log.1', 'agentwatch.log.2']);
    for (const f of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, f)).size).toBeLessThanOrEqual(1000);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n').at(-1)).toContain('line 59');
    expect(log.rotations).toBeGreaterThan(2);
  });

  it.skipIf(!fs.existsSync('/dev/full'))('on ENOSPC sends lines to the fallback with one notice, and never throws', () => {
    const fallback: string[] = [];
    const notices: string[] = [];
    const log = new LogFile('/dev/full', { maxBytes: 1e9, keep: 0, open: () => fs.openSync('/dev/full', 'w'), fallback: (t) => fallback.push(t), notice: (t) => notices.push(t) });
    for (let i = 0; i < 5; i++) { log.write(line(i)); log.flushSync(); }
    log.end();
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/cannot write the log file \/dev\/full \(ENOSPC\)/);
    expect(fallback.join('')).toBe([0, 1, 2, 3, 4].map(line).join(''));
    expect(log.health()).toMatchObject({ status: 'degraded', reason: expect.stringContaining('ENOSPC'), diverted: 5 });
  });
});
