// Poll tier for processes (any user): reads /proc directly on Linux (ps-list would spawn `ps` twice and
// be ~3× slower), runs `ps` on macOS, every `intervalMs` and at once after each hook tool call.
// Only differences become events (diffProcesses). Processes that live and die between two scans are
// invisible to this tier — that is why the kernel tier exists; bench/poll-capture.ts measures the gap.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import type { Collector, CollectorContext, CollectorHealth, EventSink } from '../collector.js';
import type { PollConfig } from './config.js';
import { pacedTimer } from './paced-timer.js';
import { parsePsOutput } from './macos-parse.js';
import { diffProcesses, parseBootTime, parseCmdline, parseProcStat, type ProcInfo } from './proc-parse.js';

export interface ProcessPollCollector extends Collector {
  /** One scan now. */
  scanNow(): void;
  /** What ctx.onHookActivity triggers: a scan now and a burst of fast scans (burstMs). */
  hookActivity(): void;
  /** The processes seen by the last scan, by procKey (for a process tree / attribution). */
  processes(): ReadonlyMap<string, ProcInfo>;
}

// USER_HZ is 100 on every Linux ABI Node runs on; /proc start times are in these ticks.
const CLK_TCK = 100;
/** Burst scans re-read only processes younger than this (the regular scans re-read every one). */
const SETTLED_MS = 2_000;

function tryRead(path: string): string | undefined {
  try { return readFileSync(path, 'latin1'); } catch { return undefined; }
}
function tryLink(path: string): string | undefined {
  try { return readlinkSync(path); } catch { return undefined; }
}

/**
 * One pass over /proc. Known processes (same pid:starttime and comm) are reused without more reads.
 * `settledMs`: a burst scan also trusts a known pid seen longer ago than this without reading its stat —
 * most of a scan's cost, for processes that rarely change; young ones are re-read, since a fork is often
 * seen before its exec.
 */
export function readProcSnapshot(prev: ReadonlyMap<string, ProcInfo>, now: string, max: number, settledMs?: number): { next: Map<string, ProcInfo>; over: number } {
  const next = new Map<string, ProcInfo>();
  let over = 0;
  let names: string[];
  try { names = readdirSync('/proc'); } catch { return { next, over }; }
  const settled = settledMs === undefined ? undefined : settledByPid(prev, Date.parse(now) - settledMs);
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const known = settled?.get(Number(name));
    if (known) { next.set(known.procKey, known); continue; }
    const text = tryRead(`/proc/${name}/stat`);
    const st = text ? parseProcStat(text) : undefined;
    if (!st) continue; // gone between readdir and read
    const procKey = `${st.pid}:${st.startTicks}`;
    const old = prev.get(procKey);
    if (old && old.comm === st.comm) {
      next.set(procKey, old.ppid === st.ppid ? old : { ...old, ppid: st.ppid }); // reparented to init/subreaper
      continue;
    }
    if (!old && next.size >= max) { over++; continue; }
    const info: ProcInfo = { pid: st.pid, ppid: st.ppid, procKey, comm: st.comm, startTicks: st.startTicks, seenAt: old?.seenAt ?? now };
    if (st.state === 'Z') info.zombie = true;
    // Short-lived processes vanish mid-read: every field is best effort, others' exe/cwd need privilege.
    const cmd = tryRead(`/proc/${name}/cmdline`);
    if (cmd !== undefined) info.argv = parseCmdline(cmd);
    const exe = tryLink(`/proc/${name}/exe`);
    if (exe) info.exe = exe.replace(/ \(deleted\)$/, '');
    const cwd = tryLink(`/proc/${name}/cwd`);
    if (cwd) info.cwd = cwd;
    try { info.uid = statSync(`/proc/${name}`).uid; } catch { /* gone */ }
    next.set(procKey, info);
  }
  return { next, over };
}

function settledByPid(prev: ReadonlyMap<string, ProcInfo>, seenBeforeMs: number): Map<number, ProcInfo> {
  const byPid = new Map<number, ProcInfo>();
  for (const p of prev.values()) if (!p.zombie && p.seenAt !== undefined && Date.parse(p.seenAt) < seenBeforeMs) byPid.set(p.pid, p);
  return byPid;
}

function runPs(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ps', ['-axo', 'pid,ppid,uid,lstart,command'], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

export function createProcessPollCollector(cfg: PollConfig): ProcessPollCollector {
  const { intervalMs, idleIntervalMs, maxProcesses, burstMs, burstIntervalMs } = cfg.process;
  const linux = process.platform === 'linux';
  let sink: EventSink | undefined;
  let ctx: CollectorContext | undefined;
  let burst: NodeJS.Timeout | undefined;
  let burstUntil = 0;
  let table = new Map<string, ProcInfo>();
  let primed = false; // the first scan only learns what already runs
  let psRunning = false;
  let bootTime: number | undefined;
  let emitted = 0, dropped = 0, scans = 0, scanMsTotal = 0;
  let lastError: string | undefined;
  const timer = pacedTimer(() => scan(), intervalMs, idleIntervalMs);

  const apply = (next: Map<string, ProcInfo>, now: string): void => {
    if (primed && sink && ctx) {
      const c = ctx;
      for (const e of diffProcesses(table, next, now, { newId: () => c.newId(), selfPid: c.selfPid, bootTime, clkTck: CLK_TCK })) {
        sink.emit(e);
        emitted++;
      }
    }
    table = next;
    primed = true;
  };

  const scan = (quick = false): void => {
    if (!ctx || !sink) return;
    const t0 = performance.now();
    const now = ctx.now();
    if (linux) {
      const { next, over } = readProcSnapshot(table, now, maxProcesses, quick ? SETTLED_MS : undefined);
      dropped += over;
      apply(next, now);
    } else {
      if (psRunning) return; // a scan is in flight; it will see what this one would have
      psRunning = true;
      void runPs().then((text) => {
        lastError = undefined;
        const next = new Map<string, ProcInfo>();
        for (const p of parsePsOutput(text)) {
          if (next.size >= maxProcesses) { dropped++; continue; }
          const old = table.get(p.procKey);
          next.set(p.procKey, old && old.comm === p.comm ? old : { ...p, seenAt: now });
        }
        apply(next, ctx?.now() ?? now);
      }, (err: unknown) => { lastError = String(err); }).finally(() => { psRunning = false; });
    }
    scans++;
    scanMsTotal += performance.now() - t0;
  };

  // Scan now, then fast for a while: the tool's processes start right after the hook that announced them.
  const onHook = (): void => {
    scan();
    if (burstMs <= 0 || !timer.running) return;
    burstUntil = Date.now() + burstMs;
    if (burst) return;
    burst = setInterval(() => {
      if (Date.now() > burstUntil || !timer.running) { clearInterval(burst); burst = undefined; return; }
      scan(true);
    }, burstIntervalMs);
    burst.unref();
  };

  return {
    name: 'process-poll',
    scanNow: () => scan(),
    hookActivity: onHook,
    processes: () => table,
    async start(s, c) {
      if (timer.running) return;
      if (!linux && process.platform !== 'darwin') throw new Error(`process poll tier: unsupported platform ${process.platform}`);
      sink = s;
      ctx = c;
      if (linux) bootTime = parseBootTime(tryRead('/proc/stat') ?? '');
      c.onHookActivity(onHook);
      scan();
      timer.start(c);
    },
    async stop() {
      timer.stop();
      if (burst) clearInterval(burst);
      burst = undefined;
      sink = undefined;
    },
    health(): CollectorHealth {
      const avg = scans ? (scanMsTotal / scans).toFixed(1) : '0';
      return {
        ok: timer.running && !lastError,
        tier: `poll (${linux ? '/proc' : 'ps'} every ${intervalMs} ms${timer.periodMs() !== intervalMs ? `; ${idleIntervalMs} ms while no agent is at work` : ''})`,
        detail: `${table.size} processes tracked, ${scans} scans, avg ${avg} ms/scan; processes that start and end `
          + 'between two scans are missed (a scan also runs after each hook tool call); exit codes are not known',
        ...(lastError ? { lastError } : {}),
        emitted, dropped,
      };
    },
  };
}
