// Poll tier for network (any user): on Linux reads /proc/net/{tcp,tcp6,udp,udp6}, maps the socket inode
// of each new outgoing connection to its pid through /proc/*/fd, and reports it as net.connect. On macOS
// it runs `lsof -nP -i`. A connection shorter than the interval, and a refused attempt (RST before the
// next poll), never shows in a table we read: only the kernel tier sees those.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import type { Event } from '../../core/event.js';
import type { Collector, CollectorContext, CollectorHealth, EventSink } from '../collector.js';
import type { PollConfig } from './config.js';
import { pacedTimer } from './paced-timer.js';
import { parseLsofOutput, selectLsofOutgoing } from './macos-parse.js';
import { parseNetTable, parseSocketLink, selectOutgoing, socketKey, TCP_STATES, type NetProto, type SocketRow } from './net-parse.js';
import { parseProcStat } from './proc-parse.js';

export interface NetworkPollCollector extends Collector { scanNow(): void }

const TABLES: NetProto[] = ['tcp', 'tcp6', 'udp', 'udp6'];
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function readTables(): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const proto of TABLES) {
    try { rows.push(...parseNetTable(readFileSync(`/proc/net/${proto}`, 'latin1'), proto, LITTLE_ENDIAN)); } catch { /* no IPv6 */ }
  }
  return rows;
}

/** Walks /proc/*\/fd until every wanted inode is found; other users' fds need privilege (skipped). */
export function findSocketOwners(inodes: ReadonlySet<number>): Map<number, number> {
  const owners = new Map<number, number>();
  if (inodes.size === 0) return owners;
  let pids: string[] = [];
  try { pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n)); } catch { return owners; }
  for (const pid of pids) {
    let fds: string[];
    try { fds = readdirSync(`/proc/${pid}/fd`); } catch { continue; }
    for (const fd of fds) {
      let target: string;
      try { target = readlinkSync(`/proc/${pid}/fd/${fd}`); } catch { continue; }
      const inode = parseSocketLink(target);
      // Shared sockets (fork without close) belong to several pids; the first found stands.
      if (inode !== undefined && inodes.has(inode) && !owners.has(inode)) owners.set(inode, Number(pid));
    }
    if (owners.size === inodes.size) break;
  }
  return owners;
}

function describePid(pid: number): Partial<Event> {
  const out: Partial<Event> = { pid };
  try {
    const st = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
    if (st) { out.ppid = st.ppid; out.procKey = `${pid}:${st.startTicks}`; }
  } catch { /* gone */ }
  try { out.exe = readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, ''); } catch { /* gone or not ours */ }
  return out;
}

export function createNetworkPollCollector(cfg: PollConfig): NetworkPollCollector {
  const { intervalMs, idleIntervalMs, maxConnections } = cfg.network;
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
    const mine = new Set<number>();
    try {
      for (const fd of readdirSync(`/proc/${selfPid}/fd`)) {
        try { const i = parseSocketLink(readlinkSync(`/proc/${selfPid}/fd/${fd}`)); if (i !== undefined) mine.add(i); } catch { /* closed */ }
      }
    } catch { /* not ours to read */ }
    return new Set(all.filter((r) => r.state === '0A' && mine.has(r.inode)).map((r) => r.localPort));
  };

  const scanLinux = (c: CollectorContext): void => {
    const all = readTables();
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
    const owners = findSocketOwners(new Set(fresh.map((r) => r.inode).filter((i) => i > 0)));
    const now = c.now();
    for (const r of fresh) {
      const pid = owners.get(r.inode);
      if (pid === c.selfPid) continue;
      if (pid === undefined) unowned++;
      emit({
        id: c.newId(), ts: now, source: 'network', kind: 'net.connect', agent: { kind: 'unknown' },
        ...(pid !== undefined ? describePid(pid) : {}), uid: r.uid,
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

  return {
    name: 'network-poll',
    scanNow: () => scan(),
    async start(s, c) {
      if (timer.running) return;
      if (!linux && process.platform !== 'darwin') throw new Error(`network poll tier: unsupported platform ${process.platform}`);
      sink = s;
      ctx = c;
      c.onHookActivity(() => scan());
      scan();
      timer.start(c);
    },
    async stop() {
      timer.stop();
      sink = undefined;
    },
    health(): CollectorHealth {
      return {
        ok: timer.running && !lastError,
        tier: `poll (${linux ? '/proc/net' : 'lsof'} every ${intervalMs} ms${timer.periodMs() !== intervalMs ? `; ${idleIntervalMs} ms while no agent is at work` : ''})`,
        detail: `${seen.size} outgoing connections open; ${unowned} seen without an owning pid (closed before the fd walk `
          + 'or not readable); connections shorter than the interval and refused attempts (RST before a poll) '
          + 'never reach the socket table and are invisible to polling',
        ...(lastError ? { lastError } : {}),
        emitted, dropped,
      };
    },
  };
}
