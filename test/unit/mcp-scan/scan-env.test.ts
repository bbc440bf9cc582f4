import { describe, expect, it } from 'vitest';
import { expandVars, scanEnvironment } from '../../../collectors/mcp/scan/scan-env.js';
import { escapeInvisible, quote } from '../../../collectors/mcp/scan/quote.js';

describe('scan environment', () => {
  const parent = { PATH: '/usr/bin', HOME: '/home/u', LANG: 'C.UTF-8', AWS_SECRET_ACCESS_KEY: 'x', GITHUB_TOKEN: 'y', HTTPS_PROXY: 'http://p', BASH_FUNC_f: '() { :; }', TERM: '() { evil; }' };

  it('passes only the minimal set, never the user\'s secrets', () => {
    expect(scanEnvironment(parent, [])).toEqual({ PATH: '/usr/bin', HOME: '/home/u', LANG: 'C.UTF-8' });
  });

  it('adds passEnv variables and the entry\'s own env, which wins', () => {
    expect(scanEnvironment(parent, ['HTTPS_PROXY', 'NOT_SET'], { GITHUB_TOKEN: 'from-config', PATH: '/opt/bin' }))
      .toEqual({ PATH: '/opt/bin', HOME: '/home/u', LANG: 'C.UTF-8', HTTPS_PROXY: 'http://p', GITHUB_TOKEN: 'from-config' });
  });
});

describe('variable references in server configs', () => {
  it('expands ${VAR}, ${VAR:-default} and ${env:VAR} from the parent environment', () => {
    const env = { GITHUB_TOKEN: 'ghp_1', HOME: '/home/u' };
    expect(expandVars('Bearer ${GITHUB_TOKEN}', env)).toBe('Bearer ghp_1');
    expect(expandVars('${env:HOME}/data', env)).toBe('/home/u/data');
    expect(expandVars('${PORT:-8080} ${MISSING}!', env)).toBe('8080 !');
    expect(expandVars('$HOME and ${1BAD} stay', env)).toBe('$HOME and ${1BAD} stay');
  });
});

describe('quotes', () => {
  it('escapes invisible characters and keeps the context around the match', () => {
    expect(escapeInvisible('a\u200Bb\u001b[0m\u202Ec\n')).toBe('a\\u{200B}b\\x1b[0m\\u{202E}c\n');
    const text = `${'x'.repeat(100)}TRIGGER${'y'.repeat(100)}`;
    expect(quote(text, 100, 7)).toBe(`"…${'x'.repeat(60)}TRIGGER${'y'.repeat(60)}…"`);
  });

  it('never splits a surrogate pair at the edge of the quote', () => {
    const text = `${'😀'.repeat(40)}HIT`;
    expect(quote(text, 80, 3)).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
    expect(quote(text, 80, 3)).toContain('HIT');
  });

  it('masks secrets in the quote', () => {
    expect(quote('use token ghp_' + 'a'.repeat(36), 4, 5)).not.toContain('a'.repeat(36));
  });
});
