// bpftrace 0.17 prints from one ring buffer per CPU, one ring after the other, so its lines are not in the
// order things happened: a program's exec (execve moves a process to another CPU) can be printed before the
// exec of the shell that started it, and before its own argv slots (read at execve's entry, on the CPU it
// came from). Attribution then finds no parent for the program, and the exec no command line. Measured
// on this 2-core VM (1,504 exec, argv and open records of 300 `bash -c '(cat f; true); true'`): 3 out of
// order with the reader keeping up; 136–435 when the reader was busy a moment (the pipe full, bpftrace
// waiting, then printing each ring whole), up to 100 execs before their argv.
//
// A fixed hold (20 ms after a line arrived) was not enough: on a loaded CI machine bpftrace drains one
// ring for longer than that before it starts the next. So every record starts with the kernel's clock and
// its CPU (program.ts), each CPU also prints a heartbeat a few times a second, and a held line is let out
// once every CPU has printed something at or after its time: one CPU's ring is in time order, so nothing
// earlier can still come from it. A CPU not heard from for `staleMs` (taken offline) stops counting, and no
// line waits longer than `maxHoldMs`.
//
// What is held: the records of a process's start and end (argv slots, stamp variables, exec, exit); every
// record of a process whose exec has not been let out (it may be in another CPU's ring: a program moved
// between its exec and its first read), or that has a record of its own held. Order matters there: a
// program under its shell, its command line, its reads after its exec, a subshell's exit after the exec of
// the program it started (read first, the subshell was a process of its own with no parent, and the
// program under it no session's). A process whose exec is out goes on at once: held too, a burst of 100,000
// file writes kept hundreds of milliseconds of lines in memory, and the reader's collections took the CPU
// bpftrace needed to keep up (4–8× the lost events). Lines without a stamp (READY, bpftrace's own
// messages) go through at once.

import { BoundedMap } from '../../core/bounded-map.js';
import { peekRecord, type RecordPeek } from './parse-line.js';

// The record as bpftrace's JSON prints it: `{"type": "printf", "data": "<ns>\t<cpu>\t<tag>\t<pid>\t…"}`
// (tabs escaped). Every record's first field is its pid.
const STAMPED = /^(\{"type": ?"printf", ?"data": ?")(\d+)\\t(\d+)\\t(?:(H)\\n|([A-Za-z])\\t(\d+))/;
/** A process's start and end: these wait for every CPU. */
const LIFECYCLE = new Set(['A', 'M', 'V', 'E', 'X']);
/** Processes whose exec was let out, by procKey: the most recent ones (a process exec'd longer ago waits). */
const KNOWN_MAX = 16_384;

interface Held {
  ns: number; at: number; pid: number; line: string;
  /** A start or end record (argv, exec, exit): always waits for every CPU. */
  life: boolean;
  /** An exec's procKey: its process is known once it is out. */
  exec?: string;
  /** Let out already (taken out of turn, with its process's exec): skipped where it still sits in a queue. */
  out?: boolean;
}
/** A pid's held records in arrival order, from `head` on. */
interface PidQueue { held: Held[]; head: number }
// `held` from `head` on: a queue taken from the front, where Array.shift would copy a burst's worth each time.
interface Cpu { ns: number; at: number; held: Held[]; head: number }

export interface ReorderOptions {
  /** Each line without its stamp, as parse-line.ts reads it, in order, with the kernel's time of it (ns since boot). */
  emit: (line: string, ns?: number) => void;
  /**
   * Each record that is held, without its stamp, as it arrives, and what it says of its process: what must be
   * read before the process is gone is read here (a record let out at once is read as it goes).
   */
  onArrive?: (line: string, peek: RecordPeek | undefined) => void;
  /**
   * How many CPUs there are (ids 0 to cpus-1): each is waited for from the start, before its first heartbeat
   * (a CPU among them that is offline stops counting after staleMs).
   */
  cpus?: number;
  /** The longest a line waits for the other CPUs (a stalled ring); then it goes out in order with the rest. */
  maxHoldMs?: number;
  /** A CPU silent this long (heartbeats included) holds nothing back any more. */
  staleMs?: number;
  /** More lines held than this go out at once, in order, rather than held without bound. */
  maxHeld?: number;
  now?: () => number;
}

export class ReorderBuffer {
  private readonly cpus = new Map<number, Cpu>();
  /** Each pid's held records: its later records wait behind them. */
  private readonly pending = new Map<number, PidQueue>();
  private readonly known = new BoundedMap<string, true>(KNOWN_MAX);
  private count = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxHoldMs: number;
  private readonly staleMs: number;
  private readonly maxHeld: number;
  private readonly now: () => number;

  constructor(private readonly opts: ReorderOptions) {
    this.maxHoldMs = opts.maxHoldMs ?? 2000;
    this.staleMs = opts.staleMs ?? 2000;
    this.maxHeld = opts.maxHeld ?? 20_000;
    this.now = opts.now ?? (() => performance.now());
    const at = this.now();
    for (let id = 0; id < (opts.cpus ?? 0); id++) this.cpus.set(id, { ns: 0, at, held: [], head: 0 });
  }

  get size(): number { return this.count; }

  push(line: string): void {
    const m = STAMPED.exec(line);
    if (!m) { this.opts.emit(line); return; }
    // ns since boot: exact in a double for 104 days of uptime, and still in order to 16 ns after years.
    const ns = Number(m[2]);
    const at = this.now();
    const cpu = this.cpuOf(Number(m[3]));
    cpu.ns = Math.max(cpu.ns, ns);
    cpu.at = at;
    if (m[4] === undefined) {
      const record = m[1] + line.slice(m[0].length - m[5]!.length - m[6]!.length - 2);
      const pid = Number(m[6]);
      const peek = peekRecord(record);
      const life = LIFECYCLE.has(m[5]!);
      if (life || this.pending.has(pid) || (peek !== undefined && !this.known.has(peek.procKey))) {
        this.opts.onArrive?.(record, peek);
        const h: Held = { ns, at, pid, line: record, life, ...(peek?.tag === 'E' ? { exec: peek.procKey } : {}) };
        cpu.held.push(h);
        let q = this.pending.get(pid);
        if (!q) this.pending.set(pid, (q = { held: [], head: 0 }));
        q.held.push(h);
        this.count++;
      } else {
        this.opts.emit(record, ns);
      }
    }
    if (this.count > 0) this.release(this.count > this.maxHeld);
  }

  /** Everything held, in order (bpftrace exited or the collector stops: nothing more can come before it). */
  flush(): void {
    this.release(true);
  }

  private cpuOf(id: number): Cpu {
    let cpu = this.cpus.get(id);
    if (!cpu) this.cpus.set(id, (cpu = { ns: 0, at: 0, held: [], head: 0 }));
    return cpu;
  }

  private advance(cpu: Cpu): void {
    if (++cpu.head === cpu.held.length) { cpu.held = []; cpu.head = 0; }
  }

  private letOut(h: Held): void {
    h.out = true;
    this.count--;
    const q = this.pending.get(h.pid);
    if (q) {
      while (q.held[q.head]?.out) q.head++;
      if (q.head === q.held.length) this.pending.delete(h.pid);
      else if (q.head > 1024 && q.head * 2 > q.held.length) { q.held = q.held.slice(q.head); q.head = 0; }
    }
    this.opts.emit(h.line, h.ns);
  }

  /**
   * A process's exec is out: what it did since (held because it was not known yet) follows at once, in its own
   * order, up to its next start or end record (those wait for every CPU), rather than waiting on the CPUs:
   * a burst of its writes would otherwise keep its records held for as long as the burst lasts.
   */
  private drainAfterExec(pid: number): void {
    const q = this.pending.get(pid);
    if (!q) return;
    const rest = q.held.slice(q.head).filter((h) => !h.out).sort((a, b) => a.ns - b.ns);
    for (const h of rest) {
      if (h.life) break;
      this.letOut(h);
    }
  }

  /** The time every CPU still heard from has printed up to: nothing before it can come any more. */
  private watermark(now: number): number {
    let mark = Infinity;
    for (const cpu of this.cpus.values()) if (now - cpu.at < this.staleMs) mark = Math.min(mark, cpu.ns);
    return mark;
  }

  /** Lets out, earliest first, each held line no CPU can still print anything before (all of them when `all`). */
  private release(all: boolean): void {
    const now = this.now();
    const mark = this.watermark(now);
    for (;;) {
      let next: Held | undefined;
      let from: Cpu | undefined;
      for (const cpu of this.cpus.values()) {
        while (cpu.held[cpu.head]?.out) this.advance(cpu);
        const h = cpu.held[cpu.head];
        if (h && (!next || h.ns < next.ns)) { next = h; from = cpu; }
      }
      if (!next || !from || (!all && next.ns > mark && now - next.at < this.maxHoldMs)) break;
      this.advance(from);
      this.letOut(next);
      if (next.exec !== undefined) {
        this.known.set(next.exec, true);
        this.drainAfterExec(next.pid);
      }
    }
    for (const cpu of this.cpus.values()) {
      if (cpu.head > 1024 && cpu.head * 2 > cpu.held.length) { cpu.held = cpu.held.slice(cpu.head); cpu.head = 0; }
    }
    // Heartbeats move the watermark; this timer only lets out what a silent CPU or a stalled ring holds back.
    if (this.count > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => { this.timer = undefined; this.release(false); }, Math.min(this.maxHoldMs, this.staleMs) / 4);
      this.timer.unref();
    } else if (this.count === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}
