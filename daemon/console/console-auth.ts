// Who may use the web console. `agentwatch console --web` (bearer token) asks for a one-time code; the
// browser exchanges it once, within a minute, for a session cookie (HttpOnly, SameSite=Strict). The token
// never reaches the page. Only hashes of codes and cookies are kept, in memory: a daemon restart logs out.
import crypto from 'node:crypto';
import type http from 'node:http';

export const COOKIE = 'agentwatch_console';
const CODE_TTL_MS = 60_000;
const SESSION_TTL_MS = 12 * 3600_000;
/** Codes and sessions at most (the oldest go first): a loop calling /v1/console/link cannot grow memory. */
const MAX_ENTRIES = 64;

const hash = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
const random = () => crypto.randomBytes(32).toString('base64url');

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export class ConsoleAuth {
  private readonly codes = new Map<string, number>(); // hash → expiry (ms epoch)
  private readonly sessions = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh one-time code, good for one exchange within a minute. */
  issueCode(): { code: string; expiresAt: string } {
    const code = random();
    const expiry = this.now() + CODE_TTL_MS;
    remember(this.codes, hash(code), expiry, this.now());
    return { code, expiresAt: new Date(expiry).toISOString() };
  }

  /** Spends a code: a session cookie value, or undefined when the code is unknown, used or expired. */
  exchange(code: string): string | undefined {
    const key = hash(code);
    const expiry = this.codes.get(key);
    this.codes.delete(key);
    if (expiry === undefined || expiry < this.now()) return undefined;
    const session = random();
    remember(this.sessions, hash(session), this.now() + SESSION_TTL_MS, this.now());
    return session;
  }

  /** Whether the request carries a live session cookie. */
  valid(req: http.IncomingMessage): boolean {
    const value = cookieValue(req.headers.cookie, COOKIE);
    if (value === undefined) return false;
    const expiry = this.sessions.get(hash(value));
    return expiry !== undefined && expiry >= this.now();
  }

  /** The Set-Cookie header of a session. */
  static setCookie(value: string): string {
    return `${COOKIE}=${value}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_MS / 1000}`;
  }
}

function remember(map: Map<string, number>, key: string, expiry: number, now: number): void {
  for (const [k, e] of map) if (e < now) map.delete(k);
  while (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
  map.set(key, expiry);
}
