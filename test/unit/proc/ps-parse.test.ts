// The macOS parsers on literal `ps` and `lsof` output (they cannot run on the Linux CI host).
import { describe, expect, it } from 'vitest';
import { parseLsofOutput, parsePsOutput, selectLsofOutgoing } from '../../../collectors/proc/ps-parse.js';

const PS = `  PID  PPID   UID STARTED                      COMMAND
    1     0     0 Mon Nov  2 08:01:12 2026     /sbin/launchd
  512     1   501 Mon Nov 23 13:35:45 2026     /Applications/iTerm.app/Contents/MacOS/iTerm2
 4242   512   501 Mon Nov 23 14:02:03 2026     node /usr/local/bin/claude --resume
 4250  4242   501 Mon Nov 23 14:02:09 2026     /bin/bash -c git status; true
`;

describe('parsePsOutput', () => {
  it('reads pid, ppid, uid, start (local time) and command, skipping the header', () => {
    const rows = parsePsOutput(PS);
    expect(rows).toHaveLength(4);
    const start = Math.floor(new Date(2026, 10, 23, 14, 2, 3).getTime() / 1000);
    expect(rows[2]).toEqual({
      pid: 4242, ppid: 512, uid: 501, procKey: `4242:${start}`, comm: 'node', startTicks: start,
      argv: ['node', '/usr/local/bin/claude', '--resume'],
    });
    expect(rows[0]).toMatchObject({ pid: 1, ppid: 0, exe: '/sbin/launchd', procKey: `1:${Math.floor(new Date(2026, 10, 2, 8, 1, 12).getTime() / 1000)}` });
    expect(rows[3]).toMatchObject({ exe: '/bin/bash', argv: ['/bin/bash', '-c', 'git', 'status;', 'true'] });
  });
});

const LSOF = `COMMAND     PID  USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME
mDNSRespo   201 _mdns    8u  IPv4 0x1a2b3c4d5e6f7a81      0t0  UDP *:5353
node       4242   dev   22u  IPv6 0x1a2b3c4d5e6f7a82      0t0  TCP [::1]:3000 (LISTEN)
node       4242   dev   23u  IPv6 0x1a2b3c4d5e6f7a83      0t0  TCP [::1]:3000->[::1]:50514 (ESTABLISHED)
curl       4300   dev    5u  IPv4 0x1a2b3c4d5e6f7a84      0t0  TCP 192.168.1.5:52344->93.184.216.34:443 (ESTABLISHED)
nc         4301   dev    3u  IPv4 0x1a2b3c4d5e6f7a85      0t0  TCP 192.168.1.5:52350->10.213.0.2:9 (SYN_SENT)
python3    4302   dev    4u  IPv6 0x1a2b3c4d5e6f7a86      0t0  TCP [2001:db8::5]:52360->[2001:db8::1]:8443 (ESTABLISHED)
node       4303   dev   30u  IPv6 0x1a2b3c4d5e6f7a87      0t0  TCP [::ffff:192.168.1.5]:52370->[::ffff:10.0.0.7]:80 (ESTABLISHED)
dig        4304   dev    6u  IPv4 0x1a2b3c4d5e6f7a88      0t0  UDP 192.168.1.5:61000->192.168.1.1:53
`;

describe('parseLsofOutput', () => {
  it('reads IPv4, bracketed IPv6 and IPv4-mapped endpoints, states and wildcards', () => {
    const rows = parseLsofOutput(LSOF);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({ command: 'mDNSRespo', pid: 201, user: '_mdns', proto: 'UDP', family: 'IPv4', localAddr: '0.0.0.0', localPort: 5353 });
    expect(rows[3]).toMatchObject({ pid: 4300, proto: 'TCP', localAddr: '192.168.1.5', localPort: 52344, remoteAddr: '93.184.216.34', remotePort: 443, state: 'ESTABLISHED' });
    expect(rows[5]).toMatchObject({ family: 'IPv6', localAddr: '2001:db8::5', remoteAddr: '2001:db8::1', remotePort: 8443 });
    expect(rows[6]).toMatchObject({ localAddr: '192.168.1.5', remoteAddr: '10.0.0.7', remotePort: 80 });
  });

  it('selects outgoing connections: not listeners, not accepted ones, not unconnected UDP', () => {
    const out = selectLsofOutgoing(parseLsofOutput(LSOF)).map((r) => `${r.pid} ${r.remoteAddr}:${r.remotePort}`);
    expect(out).toEqual(['4300 93.184.216.34:443', '4301 10.213.0.2:9', '4302 2001:db8::1:8443', '4303 10.0.0.7:80', '4304 192.168.1.1:53']);
  });
});
