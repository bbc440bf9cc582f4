// The on-disk spool: records come out in order, once acknowledged they are gone, they survive a reopen,
// and past its size the oldest are dropped and counted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool } from '../../../daemon/outputs/spool.js';

let dir: string;
beforeEach(() => { dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aw-spool-')), 'syslog'); });
afterEach(() => { fs.rmSync(path.dirname(dir), { recursive: true, force: true }); });

async function drain(s: Spool, maxBytes?: number): Promise<string[]> {
  const got: string[] = [];
  for (let b = await s.next(maxBytes); b; b = await s.next(maxBytes)) { got.push(...b.lines); await s.ack(b); }
  return got;
}

describe('spool', () => {
  it('gives records back in order, in whole lines, until acknowledged; files 0600 in a 0700 directory', async () => {
    const s = new Spool(dir, 1024 * 1024);
    await s.append(['a', 'b']);
    await s.append(['c']);
    const first = (await s.next(3))!;
    expect(first.lines).toEqual(['a']); // 3 bytes fit "a\n" only
    expect((await s.next())!.lines).toEqual(['a', 'b', 'c']); // not acknowledged: still there
    await s.ack(first);
    expect(await drain(s)).toEqual(['b', 'c']);
    expect(s.depth).toBe(0);
    expect(await s.next()).toBeUndefined();
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
  });

  it('keeps unsent records across a reopen (a daemon restart), and only those', async () => {
    const s = new Spool(dir, 1024 * 1024);
    await s.append(['one', 'two', 'three']);
    const b = (await s.next(4))!;
    await s.ack(b);
    await s.settled();
    const again = new Spool(dir, 1024 * 1024);
    expect(again.depth).toBe(2);
    expect(await drain(again)).toEqual(['two', 'three']);
  });

  it('drops the oldest records past its size, counts them, and keeps the newest in order', async () => {
    const dropped: number[] = [];
    const s = new Spool(dir, 1024 * 1024, (n) => dropped.push(n)); // segments of 128 KiB
    const line = (i: number) => `${String(i).padStart(6, '0')}:${'x'.repeat(1000)}`;
    for (let i = 0; i < 2000; i++) await s.append([line(i)]); // ~2 MB into 1 MiB
    expect(s.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(s.dropped).toBeGreaterThan(0);
    expect(dropped.reduce((a, b) => a + b, 0)).toBe(s.dropped);
    const got = await drain(s);
    expect(got.length + s.dropped).toBe(2000);
    expect(got.at(-1)).toBe(line(1999));
    expect(got.map((l) => Number(l.slice(0, 6)))).toEqual(got.map((_, i) => s.dropped + i));
  });
});
