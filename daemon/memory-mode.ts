// Small while idle, fast while busy. The daemon runs V8 with --optimize-for-size (set at start by
// `agentwatch daemon`): it keeps RSS under the 80 MB goal, but under it every major GC compacts the
// whole heap (5–19 ms pauses at concurrency 16, each stalling every hook in flight) and the JIT makes
// slower code. So when hooked tool calls arrive in a burst the flag is turned off; once they stop for a while it is
// turned back on and one compacting full GC gives the burst's memory back (bench/footprint.ts: RSS 10 s after
// load 75–77 MB with this, 91 MB with the flag simply off; bench/hook-latency.ts at concurrency 16: p99
// 9.2–10.8 ms against 10.5–18.1 ms with the flag always on; docs/performance.md). After that GC, glibc's
// malloc_trim gives the C heap's free pages back (daemon/native-heap.ts): RSS 10 s after load 78.6–79.3 MB
// against 80.9–86.4 without it.
import vm from 'node:vm';
import { setV8Flag } from './v8-flags.js';
import { trimNativeHeap } from './native-heap.js';

/**
 * What the mode changes in V8 and the C heap (tests give fakes). `collect` returns how long the GC took, in
 * ms; `trimNative` how long giving the C heap's free pages back took, or undefined where it cannot.
 */
export interface V8Knobs {
  setFlags(flags: string): void;
  collect(): number;
  trimNative?(): number | undefined;
}

export interface MemoryModeOptions {
  /** Hooked tool calls within one second that make a burst. */
  burstPerSecond: number;
  /** Quiet this long (no hooked tool call) ends a burst. */
  quietMs: number;
}

/** A developer's agents post a few hooks a second; this many is load (several sessions, a flood, a bench). */
export const MEMORY_MODE_DEFAULTS: MemoryModeOptions = { burstPerSecond: 20, quietMs: 5000 };

export type MemoryModeName = 'small' | 'fast';

export class MemoryMode {
  mode: MemoryModeName = 'small';
  bursts = 0;
  idleCollections = 0;
  lastCollectionMs: number | undefined;
  nativeTrims = 0;
  lastTrimMs: number | undefined;
  /** Set once a trim could not run (no addon, not glibc): health says so. */
  trimUnavailable = false;
  private windowStart = -Infinity;
  private inWindow = 0;
  private lastHook = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly knobs: V8Knobs = realKnobs(),
    private readonly opts: MemoryModeOptions = MEMORY_MODE_DEFAULTS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Called for every hooked tool call (the hook-activity signal): cheap (a counter) unless it starts a burst. */
  noteHook(): void {
    const t = this.now();
    this.lastHook = t;
    if (this.mode === 'fast') return;
    if (t - this.windowStart >= 1000) { this.windowStart = t; this.inWindow = 0; }
    if (++this.inWindow < this.opts.burstPerSecond) return;
    this.mode = 'fast';
    this.bursts++;
    this.knobs.setFlags('--no-optimize-for-size');
    this.wakeIn(this.opts.quietMs);
  }

  health(): { status: 'ok'; mode: MemoryModeName; bursts: number; idleCollections: number; lastCollectionMs?: number; nativeTrims?: number; lastTrimMs?: number; nativeTrim?: 'unavailable' } {
    return {
      status: 'ok', mode: this.mode, bursts: this.bursts, idleCollections: this.idleCollections,
      ...(this.lastCollectionMs !== undefined ? { lastCollectionMs: this.lastCollectionMs } : {}),
      ...(this.nativeTrims > 0 ? { nativeTrims: this.nativeTrims } : {}),
      ...(this.lastTrimMs !== undefined ? { lastTrimMs: this.lastTrimMs } : {}),
      ...(this.trimUnavailable ? { nativeTrim: 'unavailable' as const } : {}),
    };
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private wakeIn(ms: number): void {
    this.timer = setTimeout(() => this.endBurstIfQuiet(), ms).unref();
  }

  private endBurstIfQuiet(): void {
    const quiet = this.now() - this.lastHook;
    if (quiet < this.opts.quietMs) return this.wakeIn(this.opts.quietMs - quiet);
    this.timer = undefined;
    this.mode = 'small';
    this.windowStart = -Infinity;
    this.inWindow = 0;
    this.knobs.setFlags('--optimize-for-size');
    // A GC that cannot run (V8 refused to expose it) leaves the memory to V8's own reducer, which mostly
    // gives it back as well; never an error out of a timer.
    try {
      this.lastCollectionMs = Math.round(this.knobs.collect() * 10) / 10;
      this.idleCollections++;
    } catch { this.lastCollectionMs = undefined; }
    // After the GC: what it freed outside the JS heap (buffers, parsers, compiler zones) is free() by now.
    this.trimNativeHeap();
  }

  private trimNativeHeap(): void {
    if (!this.knobs.trimNative || this.trimUnavailable) return;
    let ms: number | undefined;
    try { ms = this.knobs.trimNative(); } catch { ms = undefined; }
    if (ms === undefined) { this.trimUnavailable = true; return; }
    this.lastTrimMs = Math.round(ms * 10) / 10;
    this.nativeTrims++;
  }
}

/**
 * What the idle collection sets for itself: it compacts (without that, after a load spread over many
 * sessions the old generation stayed committed at 34 MB with 21 MB in use, RSS 92 MB, bench/session-memory.ts;
 * with it, 22 MB and RSS 79 MB), and it drops the compiled code (bytecode, baseline code, and the optimised
 * code built on them) of every function not run since the full GC before it, which V8 otherwise keeps until
 * a function sits unused over 5 full GCs: a burst leaves ~3 MB of code behind. The hook path ran since, so it
 * stays compiled. Dropping every function not running at that moment (--stress-flush-code) gave back as
 * much, but the next hook then compiled the whole hook path again: at an agent's pace, 13–27 ms (once 61)
 * instead of 2–8, enough to miss an enforce-mode decision budget (docs/performance.md).
 */
const IDLE_COLLECTION_FLAGS = ['--compact-on-every-full-gc', '--bytecode-old-age=1', '--flush-baseline-code'];
/** V8's own value (Node 20), set back after the idle collection. */
const DEFAULT_BYTECODE_OLD_AGE = 5;
/** How a flag of IDLE_COLLECTION_FLAGS is set back: a switch off, a number to V8's default. */
const unset = (flag: string) => (flag.startsWith('--bytecode-old-age=') ? `--bytecode-old-age=${DEFAULT_BYTECODE_OLD_AGE}` : flag.replace(/^--/, '--no-'));

/**
 * V8 itself. The GC is V8's own `gc`, exposed lazily in a context of its own (the daemon's globals stay as
 * they are). Called plainly: a full collection. (Node 20's V8 takes an options object too, but with one it
 * ran a young-generation collection only, whatever the options said.) With IDLE_COLLECTION_FLAGS it costs
 * a longer pause: 44–90 ms instead of 22–40 ms, once, 5 s after a burst (a hook that arrives meanwhile
 * waits; its decision budget starts when it is read).
 */
export function realKnobs(): V8Knobs {
  let gc: (() => void) | undefined;
  return {
    setFlags: setV8Flag,
    trimNative: trimNativeHeap,
    collect: () => {
      if (!gc) {
        setV8Flag('--expose-gc');
        gc = vm.runInNewContext('gc') as () => void;
      }
      const t0 = performance.now();
      for (const flag of IDLE_COLLECTION_FLAGS) setV8Flag(flag);
      try { gc(); } finally {
        for (const flag of IDLE_COLLECTION_FLAGS) setV8Flag(unset(flag));
      }
      return performance.now() - t0;
    },
  };
}
