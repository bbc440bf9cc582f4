// The kernel tier's lines back in the order things happened: bpftrace prints one CPU's ring after another.
import { describe, expect, it } from 'vitest';
import { ReorderBuffer } from '../../../collectors/kernel/reorder.js';
import { peekRecord } from '../../../collectors/kernel/parse-line.js';
import { wallTimeOf } from '../../../collectors/kernel/kernel-collector.js';

const line = (ns: number, cpu: number, rec: string) => `{"type": "printf", "data": "${ns}\\t${cpu}\\t${rec}"}`;
const beat = (ns: number, cpu: number) => line(ns, cpu, 'H\\n');
const plain = (rec: string) => `{"type": "printf", "data": "${rec}"}`;

function buffer(o: { cpus?: number; maxHeld?: number } = {}) {
  const out: string[] = [];
  const clock = { t: 0 };
  const buf = new ReorderBuffer({ ...o, emit: (l) => out.push(l), now: () => clock.t, maxHoldMs: 1000, staleMs: 500 });
  return { out, clock, buf };
}

describe('ReorderBuffer', () => {
  it('lets a line out once every CPU has printed past it, earliest first, without its stamp or the heartbeats', () => {
    const { out, buf } = buffer({ cpus: 2 });
    // CPU 1's ring printed first: the cat's exec and its read; then CPU 0's: the shell's argv and exec.
    buf.push(line(300, 1, 'E\\t12\\tcat'));
    buf.push(line(310, 1, 'O\\t12\\t/root/.aws/credentials'));
    expect(out).toEqual([]); // CPU 0 may still print something earlier
    buf.push(line(100, 0, 'A\\t10\\t0\\tbash'));
    buf.push(line(200, 0, 'E\\t10\\tbash'));
    expect(out).toEqual([plain('A\\t10\\t0\\tbash'), plain('E\\t10\\tbash')]); // both CPUs are past 200
    buf.push(beat(400, 0));
    expect(out.slice(2)).toEqual([plain('E\\t12\\tcat'), plain('O\\t12\\t/root/.aws/credentials')]);
    expect(buf.size).toBe(0);
  });

  it("lets the records of a process whose exec is out go at once; others wait behind its exec, or for every CPU", () => {
    const { out, buf } = buffer({ cpus: 2 });
    buf.push(line(50, 0, 'E\\t40\\t1\\t0\\t400\\t1\\t1\\t0\\t0\\tpython3'));
    buf.push(line(60, 0, 'O\\t41\\t0\\t410\\t577\\t0\\t0\\t/w/a')); // a process started before: its exec never seen
    buf.push(beat(70, 1));
    expect(out).toEqual([plain('E\\t40\\t1\\t0\\t400\\t1\\t1\\t0\\t0\\tpython3'), plain('O\\t41\\t0\\t410\\t577\\t0\\t0\\t/w/a')]);
    out.length = 0;
    buf.push(line(100, 0, 'E\\t12\\tcat')); // held: CPU 1 may still print its shell's exec
    buf.push(line(110, 0, 'O\\t12\\t/root/.aws/credentials')); // the cat's read: after its exec
    buf.push(line(120, 0, 'O\\t40\\t0\\t400\\t577\\t0\\t0\\t/w/out.txt')); // the writer whose exec is out: at once
    buf.push(line(125, 0, 'O\\t41\\t0\\t410\\t577\\t0\\t0\\t/w/b')); // one never seen exec'ing: waits
    buf.push(line(130, 0, 'X\\t11')); // cat's subshell's exit: held (read first, the subshell had no parent)
    expect(out).toEqual([plain('O\\t40\\t0\\t400\\t577\\t0\\t0\\t/w/out.txt')]);
    expect(buf.size).toBe(4);
    buf.push(beat(200, 1));
    expect(out.slice(1)).toEqual([plain('E\\t12\\tcat'), plain('O\\t12\\t/root/.aws/credentials'), plain('O\\t41\\t0\\t410\\t577\\t0\\t0\\t/w/b'), plain('X\\t11')]);
    buf.push(line(210, 0, 'O\\t40\\t0\\t400\\t577\\t0\\t0\\t/w/c'));
    expect(out.at(-1)).toEqual(plain('O\\t40\\t0\\t400\\t577\\t0\\t0\\t/w/c'));
  });

  it("lets a new process's held records follow its exec at once, up to its next start or end (a burst is not held for its length)", () => {
    const { out, buf } = buffer({ cpus: 2 });
    const open = (ns: number, name: string) => line(ns, 0, `O\\t40\\t0\\t400\\t577\\t0\\t0\\t${name}`);
    buf.push(line(100, 0, 'E\\t40\\t1\\t0\\t400\\t1\\t1\\t0\\t0\\tpython3'));
    for (let i = 1; i <= 3; i++) buf.push(open(100 + i * 100, `f${i}`));
    buf.push(line(450, 0, 'X\\t40\\t400\\t0'));
    buf.push(open(460, 'f4')); // behind its exit
    expect(out).toEqual([]);
    buf.push(beat(150, 1)); // CPU 1 past the exec only
    expect(out.map((l) => /\\t(f\d|python3|X\\t40)/.exec(l)?.[1])).toEqual(['python3', 'f1', 'f2', 'f3']);
    buf.push(beat(500, 1));
    expect(out.slice(4).map((l) => /(f\d|X\\t40)/.exec(l)?.[1])).toEqual(['X\\t40', 'f4']);
    expect(buf.size).toBe(0);
  });

  it('waits for a CPU it knows of before that CPU printed anything; a silent one stops counting after staleMs', () => {
    const { out, clock, buf } = buffer({ cpus: 2 });
    buf.push(line(100, 0, 'E\\t7'));
    buf.push(beat(200, 0));
    expect(out).toEqual([]); // CPU 1 has not printed yet
    clock.t = 600; // CPU 1 silent longer than staleMs (offline)
    buf.push(beat(300, 0));
    expect(out).toEqual([plain('E\\t7')]);
  });

  it('lets a line out after maxHoldMs though a CPU is behind (a ring bpftrace is slow to print)', () => {
    const { out, clock, buf } = buffer();
    buf.push(beat(50, 1));
    buf.push(line(100, 0, 'E\\t7'));
    clock.t = 400;
    buf.push(beat(60, 1)); // CPU 1 is heard from, but still before the line
    expect(out).toEqual([]);
    clock.t = 1000;
    buf.push(beat(70, 1));
    expect(out).toEqual([plain('E\\t7')]);
  });

  it('passes unstamped lines (READY, lost events) at once, and flushes everything in order', () => {
    const { out, buf } = buffer({ cpus: 3 });
    buf.push(line(2, 0, 'E\\t2'));
    buf.push(plain('READY'));
    buf.push('{"type": "lost_events", "data": {"events": 3}}');
    buf.push(line(1, 1, 'E\\t1'));
    expect(out).toEqual([plain('READY'), '{"type": "lost_events", "data": {"events": 3}}']); // CPU 2 not heard yet
    buf.flush();
    expect(out.slice(2)).toEqual([plain('E\\t1'), plain('E\\t2')]);
  });

  it('shows each held record as it arrives, stamp off (an exec: its process is read while it is there)', () => {
    const arrived: string[] = [];
    const buf = new ReorderBuffer({ cpus: 2, emit: () => {}, onArrive: (l) => arrived.push(l) });
    buf.push(line(9, 1, 'E\\t31\\t30\\t0\\t777\\t1\\t2\\t3\\t4\\t/bin/cat'));
    buf.push(beat(10, 1));
    expect(arrived).toEqual([plain('E\\t31\\t30\\t0\\t777\\t1\\t2\\t3\\t4\\t/bin/cat')]);
    expect(peekRecord(arrived[0]!)).toEqual({ tag: 'E', pid: 31, procKey: '31:777', cwd: { dev: 3, ino: 4 } });
    expect(peekRecord(plain('O\\t31\\t0\\t777\\t0\\t1\\t2\\t/x'))).toEqual({ tag: 'O', pid: 31, procKey: '31:777', cwd: { dev: 1, ino: 2 } });
    expect(peekRecord(plain('R\\t31\\t0\\t777\\t5\\t0\\told'))).toEqual({ tag: 'R', pid: 31, procKey: '31:777' }); // no inode: no cwd
    expect(peekRecord(plain('X\\t31\\t777\\t0'))).toEqual({ tag: 'X', pid: 31, procKey: '31:777' });
    expect(peekRecord(plain('C\\t31\\t0\\t777\\t2\\t443\\t0\\t10.0.0.1'))).toEqual({ tag: 'C', pid: 31, procKey: '31:777' });
    expect(peekRecord(plain('A\\t31\\t0\\tcat'))).toBeUndefined(); // argv slots name no start
    expect(peekRecord('{"type": "lost_events", "data": {"events": 3}}')).toBeUndefined();
    buf.flush();
  });

  it("gives each line the kernel's time of it: an event's time is when it happened, not when it was let out", () => {
    const times: (number | undefined)[] = [];
    const buf = new ReorderBuffer({ cpus: 1, emit: (_l, ns) => times.push(ns) });
    buf.push(line(1234, 0, 'E\\t5'));
    buf.push(plain('READY'));
    expect(times).toEqual([1234, undefined]);
    const fiveSecondsAgo = Date.parse(wallTimeOf(Number(process.hrtime.bigint()) - 5e9));
    expect(Math.abs(Date.now() - 5000 - fiveSecondsAgo)).toBeLessThan(1000);
  });

  it('holds no more than maxHeld lines: a bigger burst goes out at once, in order', () => {
    const { out, buf } = buffer({ cpus: 3, maxHeld: 3 }); // CPU 2 never prints: all would wait for it
    for (const [ns, cpu] of [[2, 0], [4, 0], [1, 1], [3, 1]] as const) buf.push(line(ns, cpu, `E\\t${ns}`));
    expect(out).toEqual([1, 2, 3, 4].map((n) => plain(`E\\t${n}`)));
    expect(buf.size).toBe(0);
  });
});
