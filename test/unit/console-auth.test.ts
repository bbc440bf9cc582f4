// The web console's sign-in: a one-time code is spent once, within a minute, for a session cookie.
import { describe, expect, it } from 'vitest';
import type http from 'node:http';
import { ConsoleAuth, cookieValue } from '../../daemon/console/console-auth.js';

const withCookie = (value: string | undefined) => ({ headers: value === undefined ? {} : { cookie: `theme=dark; agentwatch_console=${value}` } }) as http.IncomingMessage;

describe('ConsoleAuth', () => {
  it('exchanges a code once for a session the cookie then carries', () => {
    const auth = new ConsoleAuth();
    const { code } = auth.issueCode();
    const session = auth.exchange(code);
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.valid(withCookie(session))).toBe(true);
    expect(auth.exchange(code)).toBeUndefined();
    expect(auth.valid(withCookie('forged'))).toBe(false);
    expect(auth.valid(withCookie(undefined))).toBe(false);
  });

  it('refuses a code older than 60 s, and a session past 12 h', () => {
    let now = 1_000_000;
    const auth = new ConsoleAuth(() => now);
    const late = auth.issueCode().code;
    now += 60_001;
    expect(auth.exchange(late)).toBeUndefined();
    const session = auth.exchange(auth.issueCode().code)!;
    now += 12 * 3600_000 + 1;
    expect(auth.valid(withCookie(session))).toBe(false);
  });

  it('sets an HttpOnly, SameSite=Strict cookie for the whole site', () => {
    expect(ConsoleAuth.setCookie('v')).toMatch(/^agentwatch_console=v; HttpOnly; SameSite=Strict; Path=\//);
    expect(cookieValue('a=1; agentwatch_console=xyz; b=2', 'agentwatch_console')).toBe('xyz');
  });
});
