// parseNetTable and selectOutgoing on literal /proc/net text (x86 little-endian hex words).
import { describe, expect, it } from 'vitest';
import { formatIpv6, parseNetTable, selectOutgoing } from '../../../collectors/proc/net-parse.js';
import { parseSocketLink } from '../../../collectors/proc/parse.js';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1049 1 000000001d1c9eeb 100 0 0 10 0
   1: 0100007F:8631 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 24494 1 000000007890937c 100 0 0 10 0
   2: 0F02000A:C35A 2200D50A:1F90 01 00000000:00000000 02:000AF3E5 00000000  1000        0 51234 2 0000000011112222 20 4 30 10 -1
   3: 0F02000A:C35C 2200D50A:01BB 02 00000000:00000001 01:00000064 00000002  1000        0 51240 2 0000000011113333 20 4 30 10 -1
   4: 0100007F:07E8 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 61000 1 0000000011114444 20 4 30 10 -1
   5: 0F02000A:C35E 2200D50A:1F90 06 00000000:00000000 03:00001771 00000000     0        0 0 3 0000000011115555
garbage line
`;

const TCP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 7001 1 0000000000000000 100 0 0 10 0
   1: 00000000000000000000000001000000:A1B2 00000000000000000000000001000000:1F91 01 00000000:00000000 00:00000000 00000000  1000        0 7002 1 0000000000000000 20 4 30 10 -1
   2: 0000000000000000FFFF00000F02000A:A1B4 0000000000000000FFFF00000200D50A:0050 02 00000000:00000000 00:00000000 00000000  1000        0 7003 1 0000000000000000 20 4 30 10 -1
   3: B80D0120000000000000000002000000:A1B6 B80D0120000000000000000001000000:01BB 01 00000000:00000000 00:00000000 00000000  1000        0 7004 1 0000000000000000 20 4 30 10 -1
`;

const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  100: 3500007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 3100 2 0000000000000000 0
  101: 0F02000A:E1F0 0100A8C0:0035 01 00000000:00000000 00:00000000 00000000  1000        0 3101 2 0000000000000000 0
`;

describe('parseNetTable', () => {
  it('decodes IPv4 addresses, ports, state, uid and inode and skips bad lines', () => {
    const rows = parseNetTable(TCP, 'tcp');
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({ proto: 'tcp', localAddr: '0.0.0.0', localPort: 2024, remoteAddr: '0.0.0.0', remotePort: 0, state: '0A', uid: 0, inode: 1049 });
    expect(rows[2]).toMatchObject({ localAddr: '10.0.2.15', localPort: 50010, remoteAddr: '10.213.0.34', remotePort: 8080, state: '01', uid: 1000, inode: 51234 });
  });

  it('decodes IPv6, loopback ::1, and IPv4-mapped peers as plain IPv4', () => {
    const rows = parseNetTable(TCP6, 'tcp6');
    expect(rows.map((r) => [r.localAddr, r.remoteAddr, r.remotePort])).toEqual([
      ['::', '::', 0],
      ['::1', '::1', 8081],
      ['10.0.2.15', '10.213.0.2', 80],
      ['2001:db8::2', '2001:db8::1', 443],
    ]);
  });

  it('reads big-endian words when told', () => {
    const [row] = parseNetTable('hdr\n 0: 0A00020F:0050 0AD50002:01BB 01 0:0 0:0 0 5 0 9\n', 'tcp', false);
    expect(row).toMatchObject({ localAddr: '10.0.2.15', remoteAddr: '10.213.0.2', remotePort: 443 });
  });
});

describe('selectOutgoing', () => {
  it('keeps SYN_SENT and made ESTABLISHED connections and connected UDP, not listeners, accepted or TIME_WAIT', () => {
    const rows = [...parseNetTable(TCP, 'tcp'), ...parseNetTable(TCP6, 'tcp6'), ...parseNetTable(UDP, 'udp')];
    const out = selectOutgoing(rows).map((r) => `${r.proto} ${r.remoteAddr}:${r.remotePort} ${r.inode}`);
    expect(out).toEqual([
      'tcp 10.213.0.34:8080 51234',
      'tcp 10.213.0.34:443 51240',
      // 127.0.0.1:2024 ← :53999 is accepted on a listening port (inbound), so it is not here.
      'tcp6 ::1:8081 7002',
      'tcp6 10.213.0.2:80 7003',
      'tcp6 2001:db8::1:443 7004',
      'udp 192.168.0.1:53 3101',
    ]);
  });
});

describe('helpers', () => {
  it('formats IPv6 per RFC 5952', () => {
    expect(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6([0xfe80, 0, 0, 0, 0, 0, 0, 1])).toBe('fe80::1');
    expect(formatIpv6([1, 0, 2, 0, 3, 0, 4, 0])).toBe('1:0:2:0:3:0:4:0');
  });
  it('reads socket inodes from fd links', () => {
    expect(parseSocketLink('socket:[51234]')).toBe(51234);
    expect(parseSocketLink('pipe:[51234]')).toBeUndefined();
    expect(parseSocketLink('/dev/null')).toBeUndefined();
  });
});
