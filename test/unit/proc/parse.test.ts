// The /proc parsers on literal text.
import { describe, expect, it } from 'vitest';
import { parseBootTime, parseCmdline, parseProcStat, parseStatusUid } from '../../../collectors/proc/parse.js';

const STAT = '16842 (cat) R 16840 16840 15110 0 -1 4194304 101 0 0 0 0 0 0 0 20 0 1 0 1245233 3133440 380 18446744073709551615 94837594435584 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0';

describe('parseProcStat', () => {
  it('reads pid, comm, state, ppid and starttime (field 22)', () => {
    expect(parseProcStat(STAT)).toEqual({ pid: 16842, comm: 'cat', state: 'R', ppid: 16840, startTicks: 1245233 });
  });
  it('keeps a comm with spaces and parentheses whole (the last ")" ends it)', () => {
    const text = '77 (tmux: server) (x) S 1 77 77 0 -1 4194624 0 0 0 0 0 0 0 0 20 0 1 0 999 0 0';
    expect(parseProcStat(text)).toMatchObject({ pid: 77, comm: 'tmux: server) (x', ppid: 1, startTicks: 999 });
  });
  it('refuses truncated text', () => {
    expect(parseProcStat('12 (x')).toBeUndefined();
    expect(parseProcStat('12 (x) S 1')).toBeUndefined();
  });
});

describe('small /proc parsers', () => {
  it('splits cmdline on NUL and reads uid and boot time', () => {
    expect(parseCmdline('bash\0-c\0sleep 1; true\0')).toEqual(['bash', '-c', 'sleep 1; true']);
    expect(parseCmdline('')).toEqual([]);
    expect(parseStatusUid('Name:\tcat\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\n')).toBe(1000);
    expect(parseBootTime('cpu  1 2 3\nbtime 1795428557\nprocesses 9\n')).toBe(1795428557);
  });
});

describe('/proc/<pid>/stat parser', () => {
  it('reads ppid and starttime after the last `)`, whatever the comm holds', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3)); // field 3 onwards
    fields[0] = 'S';
    fields[1] = '4242'; // ppid (field 4)
    fields[19] = '987654'; // starttime (field 22)
    // (attribution's stat parser, merged: ppid and starttime as it read them)
    const st = parseProcStat(`77 (we ird) (name) ${fields.join(' ')}`);
    expect({ ppid: st?.ppid, startTime: String(st?.startTicks) }).toEqual({ ppid: 4242, startTime: '987654' });
    expect(parseProcStat('garbage')).toBeUndefined();
  });
});
