// The kernel tier's lines back in the order things happened: bpftrace prints one CPU's ring after another.
import { describe, expect, it } from 'vitest';
import { ReorderBuffer } from '../../../collectors/kernel/reorder.js';
import { peekRecord } from '../../../collectors/kernel/parse-line.js';

const line = (ns: number, rec: string) => `{"type": "printf", "data": "${ns}\\t${rec}"}`;
const plain = (rec: string) => `{"type": "printf", "data": "${rec}"}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ReorderBuffer', () => {
  it('lets lines out in clock order once held, without their stamp', async () => {
    const out: string[] = [];
    const buf = new ReorderBuffer({ holdMs: 15, emit: (l) => out.push(l) });
    // CPU 1's ring printed first: the cat's exec and read, then CPU 0's: the shell's exec before them.
    buf.push(line(300, 'E\\t12\\t11\\tcat'));
    buf.push(line(310, 'O\\t12\\t/root/.aws/credentials'));
    buf.push(line(100, 'A\\t10\\t0\\tbash'));
    buf.push(line(200, 'E\\t10\\t9\\tbash'));
    expect(out).toEqual([]);
    await sleep(40);
    expect(out).toEqual([plain('A\\t10\\t0\\tbash'), plain('E\\t10\\t9\\tbash'), plain('E\\t12\\t11\\tcat'), plain('O\\t12\\t/root/.aws/credentials')]);
    expect(buf.size).toBe(0);
  });

  it('holds an old line behind a younger one that happened before it', async () => {
    const out: string[] = [];
    const buf = new ReorderBuffer({ holdMs: 30, emit: (l) => out.push(l) });
    buf.push(line(500, 'X\\t7'));
    await sleep(20);
    buf.push(line(400, 'E\\t7')); // printed 20 ms late: still goes first
    await sleep(20);
    expect(out).toEqual([]); // the first is old enough, but the second happened before it and is not
    await sleep(40);
    expect(out).toEqual([plain('E\\t7'), plain('X\\t7')]);
  });

  it('passes unstamped lines (READY, lost events) at once, and flushes everything in order', () => {
    const out: string[] = [];
    const buf = new ReorderBuffer({ holdMs: 10_000, emit: (l) => out.push(l) });
    buf.push(line(2, 'E\\t2'));
    buf.push(plain('READY'));
    buf.push('{"type": "lost_events", "data": {"events": 3}}');
    buf.push(line(1, 'E\\t1'));
    expect(out).toEqual([plain('READY'), '{"type": "lost_events", "data": {"events": 3}}']);
    buf.flush();
    expect(out.slice(2)).toEqual([plain('E\\t1'), plain('E\\t2')]);
  });

  it('shows each line as it arrives (an exec: its process read while it is there), stamp off', () => {
    const arrived: string[] = [];
    const buf = new ReorderBuffer({ holdMs: 10_000, emit: () => {}, onArrive: (l) => arrived.push(l) });
    buf.push(line(9, 'E\\t31\\t30\\t0\\t777\\t1\\t2\\t3\\t4\\t/bin/cat'));
    expect(arrived).toEqual([plain('E\\t31\\t30\\t0\\t777\\t1\\t2\\t3\\t4\\t/bin/cat')]);
    expect(peekRecord(arrived[0]!)).toEqual({ pid: 31, procKey: '31:777', exec: true, cwd: { dev: 3, ino: 4 } });
    expect(peekRecord(plain('O\\t31\\t0\\t777\\t0\\t1\\t2\\t/x'))).toEqual({ pid: 31, procKey: '31:777', exec: false, cwd: { dev: 1, ino: 2 } });
    expect(peekRecord(plain('R\\t31\\t0\\t777\\t5\\t0\\told'))).toEqual({ pid: 31, procKey: '31:777', exec: false }); // no inode: no cwd
    expect(peekRecord(plain('X\\t31\\t777\\t0'))).toBeUndefined();
    expect(peekRecord('{"type": "lost_events", "data": {"events": 3}}')).toBeUndefined();
    buf.flush();
  });

  it('holds no more than maxHeld lines: a bigger burst goes out at once, in order', () => {
    const out: string[] = [];
    const buf = new ReorderBuffer({ holdMs: 10_000, emit: (l) => out.push(l), maxHeld: 3 });
    for (const ns of [4, 2, 3, 1]) buf.push(line(ns, `E\\t${ns}`));
    expect(out).toEqual([1, 2, 3, 4].map((n) => plain(`E\\t${n}`)));
    expect(buf.size).toBe(0);
  });
});
