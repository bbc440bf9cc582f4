// tokenMatches: the one comparison behind every token and hook-secret check (stream, API, console, fleet, hooks).
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tokenMatches } from '../../daemon/listen.js';

const secret = crypto.randomBytes(32).toString('base64url'); // the form state-dir.ts gives them

describe('tokenMatches', () => {
  it('accepts the token itself and nothing else', () => {
    expect(tokenMatches(secret, secret)).toBe(true);
    expect(tokenMatches(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`, secret)).toBe(false);
    expect(tokenMatches(secret.slice(1), secret)).toBe(false);
    expect(tokenMatches(`${secret}x`, secret)).toBe(false);
    expect(tokenMatches('', secret)).toBe(false);
    expect(tokenMatches(undefined, secret)).toBe(false);
  });

  it('refuses a value of as many characters but other bytes (multi-byte), without throwing', () => {
    expect(tokenMatches('é'.repeat(secret.length), secret)).toBe(false);
  });
});
