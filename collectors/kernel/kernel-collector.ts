// The kernel tier (Linux, root): a supervised `bpftrace` child running program.ts, its output parsed
// by parse-line.ts in the order things happened (reorder.ts). This file only does I/O: find bpftrace, make
// sure tracefs is there, spawn, read lines, enrich them (cwd.ts names the cwd; relative paths resolved),
// feed the table its exec and exit events (so attribution knows a process the kernel reported), restart
// with bounded backoff, stop.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import type { Collector, CollectorContext, CollectorHealth, EventSink } from '../collector.js';
import type { Event } from '../../core/event.js';
import { KernelConfigSchema, type KernelConfig } from './config.js';
import { createParseState, parseBpftraceLine, type ParseState, type RecordPeek } from './parse-line.js';
import { generateProgram } from './program.js';
import { stampVariables } from '../../core/agents/stamp.js';
import { ReorderBuffer } from './reorder.js';
import { ProcessTable } from '../proc/process-table.js';
import { createCwdLookup, DirNames, secretDirIds, seedDirs } from './cwd.js';

export const TRACEFS = '/sys/kernel/tracing';
// bpftrace 0.17 prints this on every start on kernels that account BPF memory to cgroups; harmless.
const NOISE = /RLIMIT_MEMLOCK|available_filter_functions|Addrspace mismatch|Addrspace is not set/;

/** Why the kernel tier cannot run here, or undefined when it might (bpftrace itself has the last word). */
export function kernelTierUnavailable(cfg: KernelConfig): string | undefined {
  if (process.platform !== 'linux') return `kernel tier needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return `kernel tier needs root (running as uid ${process.getuid?.()})`;
  if (!findExecutable(cfg.bpftracePath)) return `bpftrace not found (${cfg.bpftracePath}); install it: apt-get install bpftrace`;
  return undefined;
}

function findExecutable(name: string): string | undefined {
  const candidates = name.includes('/') ? [name] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, name));
  for (const c of candidates) {
    try { accessSync(c, constants.X_OK); return c; } catch { /* next */ }
  }
  return undefined;
}

function ensureTracefs(cfg: KernelConfig): string | undefined {
  if (existsSync(`${TRACEFS}/events`) || existsSync('/sys/kernel/debug/tracing/events')) return undefined;
  if (!cfg.mountTracefs) return `tracefs is not mounted at ${TRACEFS} (mountTracefs is off)`;
  try {
    execFileSync('mount', ['-t', 'tracefs', 'tracefs', TRACEFS], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return `cannot mount tracefs at ${TRACEFS}: ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  }
}

function homesFor(ctx: CollectorContext, cfg: KernelConfig): string[] {
  const homes = new Set<string>([ctx.home, '/root', ...cfg.extraHomes]);
  try {
    for (const d of readdirSync('/home', { withFileTypes: true })) if (d.isDirectory()) homes.add(`/home/${d.name}`);
  } catch { /* no /home */ }
  return [...homes].filter((h) => isAbsolute(h));
}

/**
 * The wall-clock time of a kernel timestamp (bpftrace's nsecs and Node's hrtime are both CLOCK_MONOTONIC): an
 * event's time is when it happened, not when its line was let out (reorder.ts holds it a moment).
 */
export function wallTimeOf(ns: number): string {
  return new Date(Date.now() - Math.max(0, Number(process.hrtime.bigint()) - ns) / 1e6).toISOString();
}

export interface KernelCollector extends Collector {
  /** The running bpftrace's pid (tests and the CPU benchmark read its /proc/<pid>/stat). */
  bpftracePid(): number | undefined;
}

/** `table`: the daemon's shared process table, fed with the exec and exit events; one of its own when not given. */
export function createKernelCollector(input: Partial<KernelConfig> = {}, table?: ProcessTable): KernelCollector {
  const cfg = KernelConfigSchema.parse(input);
  const procs = table ?? new ProcessTable();
  let child: ChildProcess | undefined;
  let state: ParseState = createParseState();
  let stopping = false;
  let restarts = 0;
  let failuresInRow = 0;
  let restartTimer: NodeJS.Timeout | undefined;
  let emitted = 0;
  let lostBefore = 0; // lost events of earlier bpftrace runs
  let lastError: string | undefined;
  let running = false;
  let sink: EventSink | undefined;
  let context: CollectorContext | undefined;
  const dirs = new DirNames();
  let seededHomes: string[] = [];
  const cwdOf = createCwdLookup(procs, dirs, () => seedDirs(dirs, seededHomes, true));

  const enrich = (ev: Event, self: CollectorContext): Event | undefined => {
    if (ev.pid === child?.pid) return undefined; // bpftrace's own activity
    if (ev.path && self.selfPaths.includes(ev.path)) return undefined;
    if (ev.kind === 'exit') { if (ev.pid !== undefined) procs.noteExit(ev.pid, ev.procKey); return ev; }
    const cwd = ev.pid !== undefined ? cwdOf(ev.pid, ev.procKey, state.cwdIds.get(ev)) : undefined;
    if (cwd) ev.cwd = cwd;
    if (ev.kind === 'exec' && ev.pid !== undefined) procs.noteExec({ ...ev, pid: ev.pid }, state.execEnv.get(ev));
    // Relative to the cwd only when the syscall used AT_FDCWD; we do not see the dirfd, so a path made
    // relative to another directory fd is resolved wrongly — rare in agents' tools, and marked.
    if (ev.path && !isAbsolute(ev.path) && cwd) {
      ev.detail = { ...ev.detail, relative: ev.path };
      ev.path = resolve(cwd, ev.path);
    }
    const from = ev.detail?.from;
    if (typeof from === 'string' && !isAbsolute(from) && cwd) ev.detail = { ...ev.detail, from: resolve(cwd, from) };
    return ev;
  };

  const launch = (self: CollectorContext): Promise<void> => new Promise((resolveStart, rejectStart) => {
    const bin = findExecutable(cfg.bpftracePath);
    if (!bin) { rejectStart(new Error(`bpftrace not found (${cfg.bpftracePath}); install it: apt-get install bpftrace`)); return; }
    const homes = homesFor(self, cfg);
    seededHomes = homes;
    seedDirs(dirs, homes);
    const program = generateProgram({ selfPid: self.selfPid, homes, cfg, dirs: secretDirIds(homes, cfg.sensitiveHomeNames), stampEnv: stampVariables() });
    lostBefore += state.lost;
    state = createParseState();
    const proc = spawn(bin, ['-B', 'line', '-f', 'json', '-e', program], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BPFTRACE_STRLEN: String(cfg.strlen), BPFTRACE_PERF_RB_PAGES: String(cfg.perfRingPages) },
    });
    child = proc;
    const started = Date.now();
    const stderr: string[] = [];
    let attached = false;
    const timer = setTimeout(() => {
      if (attached) return;
      proc.kill('SIGKILL');
      rejectStart(new Error(`bpftrace did not attach within ${cfg.attachTimeoutMs} ms`));
    }, cfg.attachTimeoutMs);
    timer.unref();

    createInterface({ input: proc.stderr! }).on('line', (l) => {
      if (NOISE.test(l) || !l.trim()) return;
      stderr.push(l.trim());
      if (stderr.length > 20) stderr.shift();
    });
    // A command's process may be gone before its line is let out: what only /proc can say of it (the session
    // stamp in its environment, a cwd no directory we know names) is read on arrival; both are kept for then.
    const onArrive = (_line: string, rec: RecordPeek | undefined) => {
      if (!rec || rec.pid === proc.pid) return;
      if (rec.tag === 'E') procs.readEnvironEarly(rec.pid, rec.procKey);
      if (rec.tag !== 'X') cwdOf(rec.pid, rec.procKey, rec.cwd);
    };
    const ordered = new ReorderBuffer({ cpus: cpus().length, maxHoldMs: cfg.reorderMaxHoldMs, staleMs: cfg.reorderMaxHoldMs, onArrive, emit: (line, ns) => {
      const ev = parseBpftraceLine(line, { newId: self.newId, now: ns === undefined ? self.now : () => wallTimeOf(ns), state });
      if (!attached && state.ready) {
        attached = true;
        running = true;
        clearTimeout(timer);
        self.log.info({ probes: state.attachedProbes, pid: proc.pid, ms: Date.now() - started }, 'bpftrace attached');
        resolveStart();
      }
      if (!ev || !sink) return;
      const out = enrich(ev, self);
      if (!out) return;
      emitted++;
      sink.emit(out);
    } });
    // What bpftrace printed before it exited still goes out, in order.
    createInterface({ input: proc.stdout! }).on('line', (line) => ordered.push(line)).on('close', () => ordered.flush());
    proc.once('error', (err) => { clearTimeout(timer); rejectStart(new Error(`cannot run bpftrace: ${err.message}`)); });
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      running = false;
      if (child === proc) child = undefined;
      const why = stderr.filter((l) => /error|denied|not permitted/i.test(l)).pop() ?? stderr.pop() ?? '';
      const reason = `bpftrace exited (${signal ?? `code ${code}`})${why ? `: ${why}` : ''}`;
      if (!attached) { rejectStart(new Error(reason)); return; }
      if (stopping) return;
      lastError = reason;
      // A run that lasted a while was healthy: start the backoff over.
      failuresInRow = Date.now() - started > cfg.restartResetMs ? 0 : failuresInRow;
      scheduleRestart(self);
    });
  });

  const scheduleRestart = (self: CollectorContext) => {
    const delay = Math.min(cfg.restartMaxMs, cfg.restartMinMs * 2 ** failuresInRow);
    failuresInRow++;
    self.log.warn({ delayMs: delay, lastError }, 'bpftrace died; restarting');
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (stopping) return;
      restarts++;
      launch(self).catch((err: Error) => { lastError = err.message; if (!stopping) scheduleRestart(self); });
    }, delay);
    restartTimer.unref();
  };

  return {
    name: 'kernel',
    bpftracePid: () => child?.pid,
    async start(s, ctx) {
      if (!cfg.enabled) throw new Error('kernel tier disabled in config (collectors.kernel.enabled: false)');
      const why = kernelTierUnavailable(cfg) ?? ensureTracefs(cfg);
      if (why) { lastError = why; throw new Error(why); }
      sink = s;
      if (context !== ctx) ctx.onWorkspace((cwd) => dirs.learnWorkDir(cwd)); // an agent's project: where its one-liners run
      context = ctx;
      stopping = false;
      try { await launch(ctx); } catch (err) { lastError = (err as Error).message; throw err; }
    },
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      restartTimer = undefined;
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM'); // bpftrace detaches its probes on SIGTERM/SIGINT
      const kill = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(kill);
      context?.log.info({ emitted, lost: lostBefore + state.lost }, 'bpftrace stopped');
    },
    health(): CollectorHealth {
      const lost = lostBefore + state.lost;
      return {
        ok: running,
        tier: 'kernel (bpftrace)',
        detail: running
          ? `bpftrace pid ${child?.pid}, ${state.attachedProbes ?? 0} probes, ${restarts} restarts, ${state.garbage} unparsed lines${state.unreadablePaths ? `, ${state.unreadablePaths} paths unreadable at the syscall` : ''}`
          : stopping ? 'stopped' : `not running${restartTimer ? ' (restart pending)' : ''}`,
        ...(lastError ? { lastError } : {}),
        emitted,
        dropped: lost,
      };
    },
  };
}
