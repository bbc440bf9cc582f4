// parseBpftraceLine on literal lines as `bpftrace -f json` prints them (copied from a real run).
import { describe, expect, it } from 'vitest';
import { createParseState, parseBpftraceLine, type ParseContext } from '../../../collectors/kernel/parse-line.js';

function ctx(): ParseContext {
  let n = 0;
  return { newId: () => `id-${++n}`, now: () => '2026-01-01T00:00:00.000Z', state: createParseState() };
}
const line = (data: string) => JSON.stringify({ type: 'printf', data: `${data}\n` });

describe('parseBpftraceLine', () => {
  it('records attached probes and lost events without emitting', () => {
    const c = ctx();
    expect(parseBpftraceLine('{"type": "attached_probes", "data": {"probes": 12}}', c)).toBeUndefined();
    expect(c.state.attachedProbes).toBe(12);
    expect(parseBpftraceLine('{"type": "lost_events", "data": {"events": 7}}', c)).toBeUndefined();
    expect(parseBpftraceLine('{"type": "lost_events", "data": {"events": 3}}', c)).toBeUndefined();
    expect(c.state.lost).toBe(10);
    expect(c.state.ready).toBe(false);
    expect(parseBpftraceLine('{"type": "printf", "data": "READY\\n"}', c)).toBeUndefined();
    expect(c.state.ready).toBe(true);
    expect(c.state.garbage).toBe(0);
  });

  it('joins argv slots to the exec that follows, with procKey pid:starttime and the parent\'s procKey and parent', () => {
    const c = ctx();
    expect(parseBpftraceLine('{"type": "printf", "data": "A\\t19704\\t0\\t/usr/bin/python3\\n"}', c)).toBeUndefined();
    parseBpftraceLine('{"type": "printf", "data": "A\\t19704\\t1\\t-c\\n"}', c);
    parseBpftraceLine('{"type": "printf", "data": "A\\t19704\\t2\\topen(\\"/tmp/h1/.aws/credentials\\").read()\\n"}', c);
    const ev = parseBpftraceLine('{"type": "printf", "data": "E\\t19704\\t19610\\t0\\t1270218\\t1270100\\t19500\\t265289728\\t1311\\t/usr/bin/python3\\n"}', c);
    expect(ev).toEqual({
      id: 'id-1', ts: '2026-01-01T00:00:00.000Z', source: 'process', kind: 'exec', agent: { kind: 'unknown' },
      pid: 19704, ppid: 19610, uid: 0, procKey: '19704:1270218', parentProcKey: '19610:1270100', grandparentPid: 19500, exe: '/usr/bin/python3',
      argv: ['/usr/bin/python3', '-c', 'open("/tmp/h1/.aws/credentials").read()'],
      command: '/usr/bin/python3 -c open("/tmp/h1/.aws/credentials").read()',
    });
    expect(c.state.argv.size).toBe(0);
    // The directory it was started in, as the kernel names it (the collector names the directory: cwd.ts).
    expect(c.state.cwdIds.get(ev!)).toEqual({ dev: 265289728, ino: 1311 });
  });

  it('flags truncated argv and starts over when the same pid execs again', () => {
    const c = ctx();
    parseBpftraceLine(line('A\t5\t0\tshim'), c);
    parseBpftraceLine(line('A\t5\t1\told'), c);
    parseBpftraceLine(line('A\t5\t0\treal'), c);
    parseBpftraceLine(line('M\t5'), c);
    const ev = parseBpftraceLine(line('E\t5\t1\t1000\t42\t1\t0\t0\t0\t/bin/real'), c);
    expect(ev?.argv).toEqual(['real']);
    expect(ev?.detail).toEqual({ argvTruncated: true });
    expect(ev?.uid).toBe(1000);
  });

  it("gives an exec the stamp variables of its own execve, and none of an earlier execve's", () => {
    const c = ctx();
    parseBpftraceLine(line('A\t7\t0\tsh'), c);
    parseBpftraceLine(line('V\t7\tCLAUDE_CODE_SESSION_ID=3f1c-9a'), c);
    parseBpftraceLine(line('V\t7\tCLAUDECODE=1'), c);
    parseBpftraceLine(line('V\t7\tHOME=/home/dev'), c);
    const sh = parseBpftraceLine(line('E\t7\t1\t1000\t42\t1\t0\t0\t0\t/bin/sh'), c)!;
    expect(Object.fromEntries(c.state.execEnv.get(sh)!)).toEqual({ CLAUDE_CODE_SESSION_ID: '3f1c-9a', CLAUDECODE: '1', HOME: '/home/dev' });
    // The same process execs again with its environment wiped: that exec has none.
    parseBpftraceLine(line('A\t7\t0\tenv'), c);
    parseBpftraceLine(line('V\t7\tCLAUDE_CODE_SESSION_ID=stale'), c); // a failed execve's, then the real one
    parseBpftraceLine(line('A\t7\t0\tcat'), c);
    const cat = parseBpftraceLine(line('E\t7\t1\t1000\t42\t1\t0\t0\t0\t/bin/cat'), c)!;
    expect(c.state.execEnv.get(cat)).toBeUndefined();
    expect(c.state.env.size).toBe(0);
    // A value may hold '=' and tabs; a record without a name is garbage.
    parseBpftraceLine(line('V\t8\tAGENTWATCH_SESSION_ID=a=b'), c);
    const next = parseBpftraceLine(line('E\t8\t1\t0\t1\t1\t0\t0\t0\t/bin/true'), c)!;
    expect(c.state.execEnv.get(next)?.get('AGENTWATCH_SESSION_ID')).toBe('a=b');
    expect(parseBpftraceLine(line('V\t8\t=x'), c)).toBeUndefined();
    expect(parseBpftraceLine(line('V\tx\tA=1'), c)).toBeUndefined();
    expect(c.state.garbage).toBe(2);
  });

  it('falls back to the filename when no argv slot arrived', () => {
    const ev = parseBpftraceLine(line('E\t9\t1\t0\t1\t1\t0\t0\t0\t/bin/true'), ctx());
    expect(ev?.argv).toEqual(['/bin/true']);
    expect(ev).toMatchObject({ parentProcKey: '1:1' });
    expect(ev).not.toHaveProperty('grandparentPid'); // init's parent: none
  });

  it('decodes exit status: code and signal', () => {
    expect(parseBpftraceLine(line('X\t10\t77\t256'), ctx())).toMatchObject({ kind: 'exit', source: 'process', pid: 10, procKey: '10:77', detail: { exitCode: 1 } });
    expect(parseBpftraceLine(line('X\t10\t77\t9'), ctx())?.detail).toEqual({ signal: 9 });
  });

  it('reads vs writes by open flags, keeping tabs and quotes in the path', () => {
    const c = ctx();
    expect(parseBpftraceLine(line('O\t19704\t0\t1270218\t524288\t0\t0\t/tmp/h1/.aws/credentials'), c)).toMatchObject({
      source: 'file', kind: 'file.read', pid: 19704, uid: 0, procKey: '19704:1270218', path: '/tmp/h1/.aws/credentials', detail: { flags: 524288 },
    });
    const w = parseBpftraceLine(line('O\t1\t0\t2\t577\t0\t0\t/tmp/a\tb"c'), c);
    expect(w).toMatchObject({ kind: 'file.write', path: '/tmp/a\tb"c', detail: { create: true, truncate: true } });
    expect(parseBpftraceLine(line('O\t1\t0\t2\t1089\t0\t0\t/tmp/log'), c)?.detail).toMatchObject({ append: true, create: true });
  });

  it('unlink, rmdir and rename (two adjacent records)', () => {
    const c = ctx();
    expect(parseBpftraceLine(line('U\t3\t0\t4\t0\t0\t0\t/tmp/x'), c)).toMatchObject({ kind: 'file.delete', path: '/tmp/x', detail: { dir: false } });
    expect(parseBpftraceLine(line('U\t3\t0\t4\t512\t0\t0\t/tmp/d'), c)?.detail).toEqual({ dir: true });
    expect(parseBpftraceLine(line('R\t3\t0\t4\t2049\t77\told'), c)).toBeUndefined();
    const renamed = parseBpftraceLine(line('r\t3\tnew'), c);
    expect(renamed).toMatchObject({ source: 'file', kind: 'file.rename', pid: 3, uid: 0, procKey: '3:4', path: 'new', detail: { from: 'old' } });
    expect(c.state.cwdIds.get(renamed!)).toEqual({ dev: 2049, ino: 77 }); // relative names: resolved in that cwd
    // The second half alone is garbage, not an event with a made-up source.
    expect(parseBpftraceLine(line('r\t3\t/tmp/other'), c)).toBeUndefined();
    expect(c.state.garbage).toBe(1);
  });

  it('connect: success, refusal, in-progress, IPv6', () => {
    const c = ctx();
    expect(parseBpftraceLine(line('C\t7\t0\t8\t2\t8080\t0\t10.9.0.2'), c)).toMatchObject({
      source: 'network', kind: 'net.connect', pid: 7, remote: { addr: '10.9.0.2', port: 8080 }, detail: { family: 'inet', result: 'connected' },
    });
    expect(parseBpftraceLine(line('C\t7\t0\t8\t2\t9\t-111\t10.9.0.2'), c)?.detail).toEqual({ family: 'inet', result: 'failed', errno: 111, error: 'ECONNREFUSED' });
    expect(parseBpftraceLine(line('C\t7\t0\t8\t2\t443\t-115\t1.2.3.4'), c)?.detail).toMatchObject({ result: 'in-progress', errno: 115, error: 'EINPROGRESS' });
    expect(parseBpftraceLine(line('C\t7\t0\t8\t2\t53\t0\t127.0.0.53'), c)?.detail).toEqual({ family: 'inet', result: 'connected', dns: true });
    expect(parseBpftraceLine(line('C\t7\t0\t8\t10\t9\t-111\t::1'), c)).toMatchObject({ remote: { addr: '::1', port: 9 }, detail: { family: 'inet6' } });
  });

  it('an asynchronous handshake failure carries the socket error', () => {
    expect(parseBpftraceLine(line('F\t7\t0\t8\t2\t18091\t111\t10.181.0.2'), ctx())).toMatchObject({
      source: 'network', kind: 'net.connect', pid: 7, procKey: '7:8', remote: { addr: '10.181.0.2', port: 18091 },
      detail: { family: 'inet', result: 'failed', async: true, errno: 111, error: 'ECONNREFUSED' },
    });
  });

  it('a UDP send to port 53 is a dns.query', () => {
    expect(parseBpftraceLine(line('D\t7\t0\t8\t53\t40\t10.0.0.53'), ctx())).toMatchObject({
      source: 'network', kind: 'dns.query', pid: 7, remote: { addr: '10.0.0.53', port: 53 }, detail: { bytes: 40 },
    });
  });

  it('counts garbage and truncated lines instead of throwing', () => {
    const c = ctx();
    const bad = [
      'not json', '{"type": "printf", "data": "E\\t12', '{"type": "printf"}', '[]', 'null', '{"type":"printf","data":"Z\\t1\\t2\\n"}',
      line('E\t1\t2'), line('E\tx\t1\t0\t1\t1\t0\t/bin/sh'), line('E\t3\t1\t0\t1\t/bin/sh'), line('C\t7\t0\t8\t2'), line('X\t1'), line('A\t1'),
      '{"type": "map", "data": {}}',
    ];
    for (const l of bad) expect(parseBpftraceLine(l, c)).toBeUndefined();
    expect(parseBpftraceLine('', c)).toBeUndefined();
    expect(c.state.garbage).toBe(bad.length);
    // An open or unlink whose path the probe could not read is counted as such, not as garbage.
    expect(parseBpftraceLine(line('O\t1\t0\t2\t2050\t0\t0\t'), c)).toBeUndefined();
    expect(parseBpftraceLine(line('U\t1\t0\t2\t0\t0\t0\t'), c)).toBeUndefined();
    expect(c.state).toMatchObject({ garbage: bad.length, unreadablePaths: 2 });
  });

  it('bounds pending argv for execs that never complete', () => {
    const c = ctx();
    for (let pid = 1; pid <= 5000; pid++) parseBpftraceLine(line(`A\t${pid}\t0\tx`), c);
    expect(c.state.argv.size).toBe(4096);
  });
});
