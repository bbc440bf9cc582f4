// Pure parsers for where there is no /proc: `ps -axo pid,ppid,uid,lstart,command` and `lsof -nP -i`
// (macOS), ps-list rows (Windows). The ps and lsof tests use literal output captured from macOS.
import type { ProcRecord } from './record.js';

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

// lstart is ctime-like and fixed-format under LC_ALL=C: "Mon Nov 23 13:35:45 2026" (day padded with a space).
const PS_LINE = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+\w{3}\s+(\w{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})\s+(.*)$/;

/**
 * One ProcRecord per process. procKey is `pid:<start epoch seconds>` (lstart has one-second resolution,
 * enough against pid reuse, which on macOS cycles through 99999 pids). Local time, as ps prints it.
 * argv is the command split on spaces: ps does not keep argument boundaries, so it is approximate.
 */
export function parsePsOutput(text: string): ProcRecord[] {
  const out: ProcRecord[] = [];
  for (const line of text.split('\n')) {
    const m = PS_LINE.exec(line);
    if (!m) continue; // header, blank
    const month = MONTHS[m[4]!];
    if (month === undefined) continue;
    const start = new Date(Number(m[9]), month, Number(m[5]), Number(m[6]), Number(m[7]), Number(m[8]));
    const startSec = Math.floor(start.getTime() / 1000);
    const command = m[10]!.trim();
    const argv = command.split(/\s+/).filter(Boolean);
    const exe = argv[0];
    out.push({
      pid: Number(m[1]), ppid: Number(m[2]), uid: Number(m[3]), procKey: `${m[1]}:${startSec}`,
      // comm stands for "the program": a change under the same key means exec.
      comm: exe ?? '', startTicks: startSec, argv, ...(exe?.startsWith('/') ? { exe } : {}),
    });
  }
  return out;
}

export interface LsofSocket {
  command: string;
  pid: number;
  user: string;
  /** "TCP" or "UDP". */
  proto: 'TCP' | 'UDP';
  family: 'IPv4' | 'IPv6';
  localAddr: string;
  localPort: number;
  remoteAddr?: string;
  remotePort?: number;
  /** e.g. ESTABLISHED, SYN_SENT, LISTEN; absent for UDP. */
  state?: string;
}

function splitHostPort(s: string): { addr: string; port: number } | undefined {
  const m = /^\[?([^\]]*?)\]?:(\d+|\*)$/.exec(s);
  if (!m) return undefined;
  return { addr: m[1] === '*' ? (s.startsWith('[') ? '::' : '0.0.0.0') : m[1]!, port: m[2] === '*' ? 0 : Number(m[2]) };
}

/**
 * Parses `lsof -nP -i` (COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME). NAME is
 * "local->remote (STATE)" or "local (LISTEN)"; IPv6 hosts are bracketed. An IPv4-mapped peer
 * ("[::ffff:1.2.3.4]") becomes plain IPv4, as on Linux.
 */
export function parseLsofOutput(text: string): LsofSocket[] {
  const out: LsofSocket[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 9 || f[0] === 'COMMAND') continue;
    const pid = Number(f[1]);
    const family = f[4];
    const protoIdx = f.findIndex((x, i) => i >= 5 && (x === 'TCP' || x === 'UDP'));
    if (!Number.isInteger(pid) || (family !== 'IPv4' && family !== 'IPv6') || protoIdx < 0) continue;
    const name = f[protoIdx + 1];
    if (!name) continue;
    const stateM = /^\((\w+)\)$/.exec(f[protoIdx + 2] ?? '');
    const [localS, remoteS] = name.split('->');
    const local = splitHostPort(localS!);
    if (!local) continue;
    const remote = remoteS ? splitHostPort(remoteS) : undefined;
    out.push({
      command: f[0]!, pid, user: f[2]!, proto: f[protoIdx] as 'TCP' | 'UDP', family,
      localAddr: unmap(local.addr), localPort: local.port,
      ...(remote ? { remoteAddr: unmap(remote.addr), remotePort: remote.port } : {}),
      ...(stateM ? { state: stateM[1]! } : {}),
    });
  }
  return out;
}

const unmap = (addr: string): string => addr.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');

/** Outgoing on macOS: a remote end and (TCP) SYN_SENT/ESTABLISHED; lsof shows no accepted-vs-made bit. */
export function selectLsofOutgoing(rows: readonly LsofSocket[]): LsofSocket[] {
  const listening = new Set(rows.filter((r) => r.state === 'LISTEN').map((r) => r.localPort));
  return rows.filter((r) => r.remoteAddr !== undefined && r.remotePort
    && (r.proto === 'UDP' || r.state === 'SYN_SENT' || (r.state === 'ESTABLISHED' && !listening.has(r.localPort))));
}

/** What ps-list gives (macOS, Windows; it also runs on Linux, which is how that path is tested). */
export interface PsListProcess { pid: number; ppid: number; name: string; cmd?: string; uid?: number; path?: string; startTime?: Date }

/** ps-list rows → records keyed by pid and start ms. argv is the command line split on spaces (ps does not keep the boundaries). */
export function recordsFromPsList(rows: readonly PsListProcess[]): ProcRecord[] {
  return rows.map((r) => {
    const start = r.startTime && !Number.isNaN(r.startTime.getTime()) ? r.startTime : undefined;
    const rec: ProcRecord = { pid: r.pid, ppid: r.ppid, procKey: `${r.pid}:${start ? start.getTime() : '?'}`, comm: r.name };
    if (start) rec.startedAt = start.toISOString();
    if (r.uid !== undefined) rec.uid = r.uid;
    if (r.path && r.path.includes('/')) rec.exe = r.path;
    if (r.cmd) rec.argv = r.cmd.split(' ').filter(Boolean);
    return rec;
  });
}
