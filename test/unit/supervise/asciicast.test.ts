import { describe, expect, it } from 'vitest';
import { CastFormatError, castEvent, castHeader, parseCast } from '../../../daemon/supervise/asciicast.js';

describe('asciicast v2 encoder', () => {
  it('writes the header as one JSON line with the v2 fields, leaving out unset env', () => {
    const line = castHeader({ width: 120, height: 40, timestamp: 1700000000.9, env: { TERM: 'xterm-256color', SHELL: undefined }, title: 'claude' });
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual({ version: 2, width: 120, height: 40, timestamp: 1700000000, env: { TERM: 'xterm-256color' }, title: 'claude' });
  });

  it('writes events as [seconds, code, data] with microsecond time and JSON-escaped terminal bytes', () => {
    expect(castEvent(1.23456789, 'o', 'hi\r\n\x1b[31mred\x1b[0m "q"')).toBe('[1.234568,"o","hi\\r\\n\\u001b[31mred\\u001b[0m \\"q\\""]\n');
    expect(castEvent(0.5, 'r', '100x30')).toBe('[0.5,"r","100x30"]\n');
    expect(castEvent(-0.001, 'o', 'x')).toBe('[0,"o","x"]\n');
  });

  it('round-trips through parseCast', () => {
    const text = castHeader({ width: 80, height: 24, timestamp: 1, env: {} }) + castEvent(0.1, 'o', 'a') + castEvent(0.2, 'o', 'b\n');
    const { header, events } = parseCast(text);
    expect(header).toMatchObject({ version: 2, width: 80, height: 24 });
    expect(events).toEqual([[0.1, 'o', 'a'], [0.2, 'o', 'b\n']]);
  });

  it('parseCast names the bad line', () => {
    expect(() => parseCast('{"version":1,"width":80,"height":24}')).toThrow(/line 1: not an asciicast v2 header/);
    expect(() => parseCast('{"version":2,"width":80,"height":24}\n[0.1,"o","a"]\nnope')).toThrow(/line 3: not JSON/);
    expect(() => parseCast('{"version":2,"width":80,"height":24}\n[0.1,"x","a"]')).toThrow(CastFormatError);
    expect(() => parseCast('{"version":2,"width":80,"height":24}\n[0.2,"o","a"]\n[0.1,"o","b"]')).toThrow(/line 3: time goes backwards/);
  });
});
