import { describe, expect, it } from 'vitest';
import { LineRedactor } from '../../../daemon/supervise/line-redactor.js';

const KEY = 'AKIAIOSFODNN7EXAMPLE';

/** Feeds the chunks, then flushes; returns everything emitted. */
function feed(chunks: string[], r = new LineRedactor()): string {
  return chunks.map((c) => r.push(c)).join('') + r.flush();
}

describe('LineRedactor', () => {
  it('emits complete lines at once and holds the unfinished one', () => {
    const r = new LineRedactor();
    expect(r.push('one\r\ntw')).toBe('one\r\n');
    expect(r.held).toBe(2);
    expect(r.push('o\r\n')).toBe('two\r\n');
    expect(r.held).toBe(0);
  });

  it('catches a key split across chunks', () => {
    const out = feed(['key: AKIAIOSF', 'ODNN7EX', 'AMPLE\r\nnext\r\n']);
    expect(out).toBe('key: [REDACTED]\r\nnext\r\n');
  });

  it('redacts what an idle flush releases (a prompt with no newline)', () => {
    const r = new LineRedactor();
    expect(r.push(`token=${KEY}`)).toBe('');
    expect(r.flush()).not.toContain(KEY);
  });

  it('drops a private key block printed over many lines, keeping the line breaks', () => {
    const out = feed(['-----BEGIN OPENSSH PRIVATE KEY-----\r\n', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\r\n',
      'QyNTUxOQAAACDx\r\n-----END OPENSSH PRIVATE KEY-----\r\n', 'after\r\n']);
    expect(out).not.toContain('b3BlbnNzaC1rZXkt');
    expect(out).not.toContain('QyNTUxOQ');
    expect(out).toContain('after\r\n');
    expect(out.split('\r\n').length).toBe(6);
  });

  it('cuts an overlong line at a space, never inside a token, and still redacts', () => {
    const r = new LineRedactor(64);
    const first = r.push(`${'x '.repeat(300)}${KEY} tail`);
    expect(first.length).toBeGreaterThan(0);
    expect(first.endsWith(' ')).toBe(true);
    expect(first + r.flush()).not.toContain(KEY);
  });

  it('leaves ordinary output alone', () => {
    expect(feed(['\x1b[32m✓\x1b[0m 12 tests passed\r\n', '$ '])).toBe('\x1b[32m✓\x1b[0m 12 tests passed\r\n$ ');
  });
});

describe('LineRedactor after a BEGIN line with no key', () => {
  it('records again once a key could no longer be going on', () => {
    const r = new LineRedactor();
    const out = feed(['$ grep -r "BEGIN RSA PRIVATE KEY" .\r\n', './docs/x.md: -----BEGIN RSA PRIVATE KEY-----\r\n', ...Array.from({ length: 130 }, (_, i) => `line ${i}\r\n`)], r);
    expect(out).not.toContain('line 100\r\n');
    expect(out).toContain('line 129\r\n');
  });
});
