// Pure parser of /proc/net/{tcp,tcp6,udp,udp6} and the "is this an outgoing connection" decision.
// Addresses in those tables are hex words in host byte order (little-endian on x86/arm64), so the
// caller may say otherwise for a big-endian host.

export type NetProto = 'tcp' | 'tcp6' | 'udp' | 'udp6';

export interface SocketRow {
  proto: NetProto;
  localAddr: string;
  localPort: number;
  remoteAddr: string;
  remotePort: number;
  /** Kernel state code as hex in the table ("01" ESTABLISHED, "02" SYN_SENT, "0A" LISTEN …). */
  state: string;
  uid: number;
  /** Socket inode: the key to /proc/<pid>/fd/* → "socket:[inode]". 0 once no process owns it. */
  inode: number;
}

export const TCP_STATES: Record<string, string> = {
  '01': 'ESTABLISHED', '02': 'SYN_SENT', '03': 'SYN_RECV', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2',
  '06': 'TIME_WAIT', '07': 'CLOSE', '08': 'CLOSE_WAIT', '09': 'LAST_ACK', '0A': 'LISTEN', '0B': 'CLOSING',
};

/** Parses one table; `proto` is which file it came from (the rows do not say). Bad lines are skipped. */
export function parseNetTable(text: string, proto: NetProto, littleEndian = true): SocketRow[] {
  const rows: SocketRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const local = parseEndpoint(f[1]!, littleEndian);
    const remote = parseEndpoint(f[2]!, littleEndian);
    const uid = Number(f[7]);
    const inode = Number(f[9]);
    if (!local || !remote || !Number.isInteger(uid) || !Number.isInteger(inode)) continue;
    rows.push({
      proto, localAddr: local.addr, localPort: local.port, remoteAddr: remote.addr, remotePort: remote.port,
      state: f[3]!.toUpperCase(), uid, inode,
    });
  }
  return rows;
}

function parseEndpoint(s: string, littleEndian: boolean): { addr: string; port: number } | undefined {
  const [hex, portHex] = s.split(':');
  if (!hex || !portHex || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const port = parseInt(portHex, 16);
  if (hex.length === 8) return { addr: ipv4FromWord(hex, littleEndian), port };
  if (hex.length === 32) return { addr: ipv6FromWords(hex, littleEndian), port };
  return undefined;
}

function wordBytes(hex8: string, littleEndian: boolean): number[] {
  const b = [0, 2, 4, 6].map((i) => parseInt(hex8.slice(i, i + 2), 16));
  return littleEndian ? b.reverse() : b;
}

function ipv4FromWord(hex8: string, littleEndian: boolean): string {
  return wordBytes(hex8, littleEndian).join('.');
}

/** IPv4-mapped addresses (::ffff:a.b.c.d, a v4 peer of a v6 socket) come back as plain IPv4. */
function ipv6FromWords(hex32: string, littleEndian: boolean): string {
  const bytes: number[] = [];
  for (let i = 0; i < 32; i += 8) bytes.push(...wordBytes(hex32.slice(i, i + 8), littleEndian));
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return bytes.slice(12).join('.');
  }
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i]! << 8) | bytes[i + 1]!);
  return formatIpv6(groups);
}

/** RFC 5952: lower case, the longest run (≥ 2) of zero groups becomes "::". */
export function formatIpv6(groups: number[]): string {
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

const UNSPECIFIED = new Set(['0.0.0.0', '::']);

/** A stable key for one connection; a new key means a new connection. */
export const socketKey = (r: SocketRow): string =>
  `${r.proto} ${r.localAddr}:${r.localPort}>${r.remoteAddr}:${r.remotePort} ${r.inode}`;

/**
 * Outgoing connections: TCP SYN_SENT or ESTABLISHED, and connected UDP sockets, with a real remote.
 * An ESTABLISHED socket whose local port is one we listen on was accepted (inbound), not made.
 */
export function selectOutgoing(rows: readonly SocketRow[]): SocketRow[] {
  const listening = new Set<number>();
  for (const r of rows) if (r.proto.startsWith('tcp') && r.state === '0A') listening.add(r.localPort);
  return rows.filter((r) => {
    if (UNSPECIFIED.has(r.remoteAddr) || r.remotePort === 0) return false;
    if (r.proto.startsWith('udp')) return r.state === '01';
    if (r.state === '02') return true;
    return r.state === '01' && !listening.has(r.localPort);
  });
}

/**
 * What changes when a process in this network namespace may have opened an outgoing connection:
 * /proc/net/snmp's Tcp ActiveOpens (every connect(), IPv4 and IPv6 share it) and Udp OutDatagrams, and
 * /proc/net/snmp6's Udp6OutDatagrams (a connected UDP socket shows in the tables once it sends). One string
 * to compare with the last; undefined when snmp lacks them.
 */
export function outgoingCounters(snmp: string, snmp6 = ''): string | undefined {
  const tcp = snmpField(snmp, 'Tcp', 'ActiveOpens');
  const udp = snmpField(snmp, 'Udp', 'OutDatagrams');
  if (tcp === undefined || udp === undefined) return undefined;
  const udp6 = /^Udp6OutDatagrams\s+(\d+)/m.exec(snmp6)?.[1] ?? '';
  return `${tcp} ${udp} ${udp6}`;
}

/** A counter of /proc/net/snmp: a "Proto: names…" line followed by a "Proto: values…" line. */
function snmpField(snmp: string, proto: string, name: string): string | undefined {
  const lines = snmp.split('\n').filter((l) => l.startsWith(`${proto}: `));
  const names = lines[0]?.split(/\s+/);
  const values = lines[1]?.split(/\s+/);
  const i = names?.indexOf(name) ?? -1;
  return i > 0 ? values?.[i] : undefined;
}
