// bpftrace 0.17 prints from one ring buffer per CPU, one ring after the other, so its lines are not in the
// order things happened: a program's exec (execve moves a process to another CPU) can be printed before the
// exec of the shell that started it, and before its own argv slots (read at execve's entry, on the CPU it
// came from). Attribution then finds no parent for the program, and the exec no command line. Measured
// on this 2-core VM (1,504 exec, argv and open records of 300 `bash -c '(cat f; true); true'`): 3 out of
// order with the reader keeping up; 136–435 when the reader was busy a moment (the pipe full, bpftrace
// waiting, then printing each ring whole), up to 100 execs before their argv; each printed within 3 ms of
// the record it belongs after.
//
// So each record starts with the kernel's clock (nsecs, program.ts), and a line is let out only once it has
// been held `holdMs`, in clock order with everything held: whatever was printed late, within that time,
// goes out before what it happened before. Lines without a stamp (READY, bpftrace's own messages) go
// through at once.

// The record as bpftrace's JSON prints it: `{"type": "printf", "data": "<ns>\t<tag>\t…"}` (the tab escaped).
const STAMPED = /^(\{"type": ?"printf", ?"data": ?")(\d+)\\t/;

interface Held { ns: number; at: number; line: string }

export interface ReorderOptions {
  holdMs: number;
  /** Each line without its stamp, as parse-line.ts reads it, in order. */
  emit: (line: string) => void;
  /** Each line without its stamp, as it arrives: what must be read before the process is gone is read here. */
  onArrive?: (line: string) => void;
  /** More lines held than this (a burst far bigger than a ring's worth) go out at once, in order. */
  maxHeld?: number;
  now?: () => number;
}

export class ReorderBuffer {
  private held: Held[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly holdMs: number;
  private readonly emit: (line: string) => void;
  private readonly maxHeld: number;
  private readonly now: () => number;

  constructor(private readonly opts: ReorderOptions) {
    this.holdMs = opts.holdMs;
    this.emit = opts.emit;
    this.maxHeld = opts.maxHeld ?? 20_000;
    this.now = opts.now ?? (() => performance.now());
  }

  get size(): number { return this.held.length; }

  push(line: string): void {
    const m = STAMPED.exec(line);
    if (!m) { this.emit(line); return; }
    const record = m[1] + line.slice(m[0].length);
    this.opts.onArrive?.(record);
    // ns since boot: exact in a double for 104 days of uptime, and still in order to 16 ns after years.
    this.held.push({ ns: Number(m[2]), at: this.now(), line: record });
    if (this.held.length > this.maxHeld) this.release(Infinity);
    else this.schedule(this.holdMs);
  }

  /** Everything held, in order (bpftrace exited or the collector stops: nothing more can come before it). */
  flush(): void {
    this.release(Infinity);
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined || this.held.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.release(this.now() - this.holdMs);
    }, Math.max(1, Math.ceil(ms)));
    this.timer.unref();
  }

  /** Lets out, in clock order, the lines that came by `arrivedBy`; the first younger one stops it. */
  private release(arrivedBy: number): void {
    if (this.timer !== undefined && arrivedBy === Infinity) { clearTimeout(this.timer); this.timer = undefined; }
    const held = this.held.sort((a, b) => a.ns - b.ns); // stable: one CPU's records of the same ns keep their order
    let i = 0;
    while (i < held.length && held[i]!.at <= arrivedBy) i++;
    this.held = held.slice(i);
    for (const h of held.slice(0, i)) this.emit(h.line);
    if (this.held.length > 0) {
      const oldest = this.held.reduce((min, h) => Math.min(min, h.at), Infinity);
      this.schedule(oldest + this.holdMs - this.now());
    }
  }
}
