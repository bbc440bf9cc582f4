// Poll tier for network (any user): on Linux reads /proc/net/{tcp,tcp6,udp,udp6}, maps the socket inode
// of each new outgoing connection to its pid through /proc/*/fd, and reports it as net.connect. On macOS
// it runs `lsof -nP -i`. A connection shorter than the interval, and a refused attempt (RST before the
// next poll), never shows in a table we read: only the kernel tier sees those.
import { execFile } from 'node:child_process';
import type { Event } from '../../core/event.js';
import type { Collector, CollectorContext, CollectorHealth, EventSink } from '../collector.js';
import type { PollConfig } from './config.js';
import { pacedTimer } from './paced-timer.js';
import { coalesced } from './coalesce.js';
import { parseLsofOutput, selectLsofOutgoing } from '../proc/ps-parse.js';
import { parseNetTable, selectOutgoing, socketKey, TCP_STATES, type NetProto, type SocketRow } from '../proc/net-parse.js';
import { ProcessTable } from '../proc/process-table.js';

export interface NetworkPollCollector extends Collector { scanNow(): void }

const TABLES: NetProto[] = ['tcp', 'tcp6', 'udp', 'udp6'];
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The four tables, read off the event loop (ProcFs.netTableAsync), one after the other. */
async function readTables(procs: ProcessTable): Promise<SocketRow[]> {
  const rows: SocketRow[] = [];
  for (const proto of TABLES) {
    const text = await procs.fs.netTableAsync(proto); // undefined: no IPv6
    if (text !== undefined) rows.push(...parseNetTable(text, proto, LITTLE_ENDIAN));
  }
  return rows;
}

/** The owner's identity for the event: from the table, which reads the process if it has not seen it. */
function describePid(procs: ProcessTable, pid: number): Partial<Event> {
  const rec = procs.byPid(pid);
  if (!rec) return { pid };
  return { pid, ppid: rec.ppid, procKey: rec.procKey, ...(rec.exe ? { exe: rec.exe } : {}) };
}

/** `table`: the daemon's shared process table; one of its own when not given (tests). */
export function createNetworkPollCollector(cfg: PollConfig, table?: ProcessTable): NetworkPollCollector {
  const { intervalMs, idleIntervalMs, maxConnections } = cfg.network;
  const procs = table ?? new ProcessTable({ maxProcesses: cfg.process.maxProcesses });
  const linux = process.platform === 'linux';
  let sink: EventSink | undefined;
  let ctx: CollectorContext | undefined;
  let seen = new Set<string>(); // the keys present in the last scan: new key = new connection
  let primed = false;           // connections open before start are not "new"
  let lsofRunning = false;
  let emitted = 0, dropped = 0, unowned = 0;
  let lastError: string | undefined;

  const emit = (e: Event): void => { sink?.emit(e); emitted++; };

  // Ports the daemon itself listens on: `agentwatch hook` calling the daemon is not egress worth a row.
  const selfListenPorts = (all: readonly SocketRow[], selfPid: number): Set<number> => {
    const mine = procs.socketInodes(selfPid);
    return new Set(all.filter((r) => r.state === '0A' && mine.has(r.inode)).map((r) => r.localPort));
  };

  let reading = false;
  // The outgoing counters when the tables were last read: while they stay, no process connected or sent a
  // datagram, so no row the tables would show is new. Reading them takes the kernel ~1 ms a table (it
  // walks every bucket of the hash) and four trips through the thread pool; the counters, a few µs.
  let countersAtRead: string | undefined;
  let reads = 0, skipped = 0;
  const scanLinux = (c: CollectorContext): void => {
    if (reading) return; // the tables being read now are as fresh as this scan would read
    // Before the tables: a connection made while they are read moves the counters for the next scan.
    const counters = procs.fs.outgoingCounters();
    if (counters !== undefined && counters === countersAtRead) { skipped++; return; }
    countersAtRead = counters;
    reading = true;
    reads++;
    readTables(procs).then((all) => (ctx === c && sink ? judgeTables(c, all) : undefined))
      .catch((err: unknown) => { lastError = String(err); countersAtRead = undefined; })
      .finally(() => { reading = false; });
  };

  const judgeTables = async (c: CollectorContext, all: readonly SocketRow[]): Promise<void> => {
    const rows = selectOutgoing(all);
    const next = new Set<string>();
    const fresh: SocketRow[] = [];
    for (const r of rows) {
      const k = socketKey(r);
      if (next.size >= maxConnections) { dropped++; continue; }
      next.add(k);
      if (primed && !seen.has(k)) fresh.push(r);
    }
    seen = next;
    primed = true;
    if (fresh.length === 0) return;
    const ownPorts = selfListenPorts(all, c.selfPid);
    const toSelf = (r: SocketRow) => ownPorts.has(r.remotePort) && /^(127\.|::1$)/.test(r.remoteAddr);
    fresh.splice(0, fresh.length, ...fresh.filter((r) => !toSelf(r)));
    if (fresh.length === 0) return;
    const owners = await procs.socketOwnersSliced(new Set(fresh.map((r) => r.inode).filter((i) => i > 0)));
    if (ctx !== c || !sink) return; // stopped meanwhile
    const now = c.now();
    for (const r of fresh) {
      const pid = owners.get(r.inode);
      if (pid === c.selfPid) continue;
      if (pid === undefined) unowned++;
      emit({
        id: c.newId(), ts: now, source: 'network', kind: 'net.connect', agent: { kind: 'unknown' },
        ...(pid !== undefined ? describePid(procs, pid) : {}), uid: r.uid,
        remote: { addr: r.remoteAddr, port: r.remotePort },
        detail: {
          tier: 'poll', proto: r.proto, state: TCP_STATES[r.state] ?? r.state, localAddr: r.localAddr,
          localPort: r.localPort, inode: r.inode, ...(pid === undefined ? { pidUnknown: true } : {}),
        },
      });
    }
  };

  const scanDarwin = (c: CollectorContext): void => {
    if (lsofRunning) return;
    lsofRunning = true;
    execFile('lsof', ['-nP', '-i'], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      lsofRunning = false;
      // lsof exits 1 when some of its output is partial; use what it printed.
      if (err && !stdout) { lastError = String(err); return; }
      const next = new Set<string>();
      const now = c.now();
      for (const r of selectLsofOutgoing(parseLsofOutput(stdout))) {
        const k = `${r.pid} ${r.proto} ${r.localAddr}:${r.localPort}>${r.remoteAddr}:${r.remotePort}`;
        if (next.size >= maxConnections) { dropped++; continue; }
        next.add(k);
        if (!primed || seen.has(k) || r.pid === c.selfPid) continue;
        emit({
          id: c.newId(), ts: now, source: 'network', kind: 'net.connect', agent: { kind: 'unknown' }, pid: r.pid,
          remote: { addr: r.remoteAddr!, port: r.remotePort! },
          detail: { tier: 'poll', proto: r.proto.toLowerCase(), ...(r.state ? { state: r.state } : {}), localAddr: r.localAddr, localPort: r.localPort, command: r.command },
        });
      }
      seen = next;
      primed = true;
    });
  };

  const scan = (): void => {
    if (!ctx || !sink) return;
    try { if (linux) scanLinux(ctx); else scanDarwin(ctx); } catch (err) { lastError = String(err); }
  };
  const timer = pacedTimer(scan, intervalMs, idleIntervalMs);
  // Off the hook's request path, and at most one hook-triggered read of the socket tables per intervalMs
  // however many hooks come: on a busy machine the four tables are hundreds of KB to read and parse.
  const hookScan = coalesced(scan, intervalMs);

  return {
    name: 'network-poll',
    scanNow: () => scan(),
    async start(s, c) {
      if (timer.running) return;
      if (!linux && process.platform !== 'darwin') throw new Error(`network poll tier: unsupported platform ${process.platform}`);
      sink = s;
      ctx = c;
      c.onHookActivity(hookScan.trigger);
      scan();
      timer.start(c);
    },
    async stop() {
      timer.stop();
      hookScan.cancel();
      sink = undefined;
    },
    health(): CollectorHealth {
      return {
        ok: timer.running && !lastError,
        tier: `poll (${linux ? '/proc/net' : 'lsof'} every ${intervalMs} ms${timer.periodMs() !== intervalMs ? `; ${idleIntervalMs} ms while no agent is at work` : ''})`,
        detail: `${seen.size} outgoing connections open; ${linux ? `tables read ${reads} times, ${skipped} scans skipped (no connection or datagram since); ` : ''}`
          + `${unowned} seen without an owning pid (closed before the fd walk `
          + 'or not readable); connections shorter than the interval and refused attempts (RST before a poll) '
          + 'never reach the socket table and are invisible to polling',
        ...(lastError ? { lastError } : {}),
        emitted, dropped,
      };
    },
  };
}
