// Proof that a hook post comes from an agent the user runs: the install secret (state dir `hook-secret`,
// 0600) in the X-Agentwatch-Hook-Secret header. Claude Code's http hooks carry it from settings.json (which
// install makes 0600); `agentwatch hook` reads it from the state dir. A local process that can read
// neither cannot plant events into a session — a fake secret read that gets the session's next real
// `curl` denied, or a flood of alerts. Refused posts are counted (health `hook-auth`, `agentwatch
// status`) and logged at most once a minute, so a flood of them cannot flood the log either.
import type http from 'node:http';
import type { Logger } from 'pino';
import type { ComponentHealth } from '../core/health.js';
import { HOOK_SECRET_HEADER } from '../core/agents/hook-marks.js';
import { tokenMatches } from './listen.js';

const HEADER = HOOK_SECRET_HEADER.toLowerCase();
const LOG_EVERY_MS = 60_000;

export const NO_SECRET = `hook post without the agentwatch hook secret (${HOOK_SECRET_HEADER}): hooks installed by an older agentwatch send none; re-run agentwatch install`;
export const WRONG_SECRET = 'hook post with a wrong agentwatch hook secret: forged, or a hook config `agentwatch token rotate` did not rewrite (re-run agentwatch install)';

export interface HookAuthHealth extends ComponentHealth {
  refused: { noSecret: number; wrongSecret: number };
  /** Posts without a secret let through because hooks.requireSecret is off. */
  acceptedWithoutSecret: number;
  lastRefused?: { at: string; agent: string; reason: string };
}

export class HookAuth {
  private previous: { secret: string; until: number } | undefined;
  private readonly refused = { noSecret: 0, wrongSecret: 0 };
  private acceptedWithoutSecret = 0;
  private lastRefused: HookAuthHealth['lastRefused'];
  private lastLogAt = -Infinity;
  private unlogged = 0;

  constructor(private secret: string, private readonly opts: { requireSecret: boolean; log: Logger; now?: () => number }) {}

  private now(): number { return (this.opts.now ?? Date.now)(); }

  /** Why this post is refused (one line, for the 401), or undefined when it may go on. */
  refusal(req: http.IncomingMessage, agent: string): string | undefined {
    // An empty value is no secret: what Claude Code sends for a header whose variable it may not expand.
    const given = req.headers[HEADER] || undefined;
    if (given === undefined && !this.opts.requireSecret) { this.acceptedWithoutSecret++; return undefined; }
    if (typeof given === 'string' && this.matches(given)) return undefined;
    const reason = given === undefined ? NO_SECRET : WRONG_SECRET;
    this.refused[given === undefined ? 'noSecret' : 'wrongSecret']++;
    this.lastRefused = { at: new Date(this.now()).toISOString(), agent, reason };
    this.logRefusal(agent, reason);
    return reason;
  }

  private matches(given: string): boolean {
    if (tokenMatches(given, this.secret)) return true;
    if (this.previous && this.now() > this.previous.until) this.previous = undefined;
    return this.previous !== undefined && tokenMatches(given, this.previous.secret);
  }

  /** One line now, then at most one a minute with how many were refused meanwhile. */
  private logRefusal(agent: string, reason: string): void {
    this.unlogged++;
    const now = this.now();
    if (now - this.lastLogAt < LOG_EVERY_MS) return;
    this.opts.log.warn({ component: 'hook-auth', agent, refused: this.unlogged, total: this.refused }, reason);
    this.lastLogAt = now;
    this.unlogged = 0;
  }

  /** A new secret; the old one is still accepted for `graceMs`, for hooks in flight or an agent re-reading its config. */
  rotate(secret: string, graceMs: number): void {
    this.previous = graceMs > 0 ? { secret: this.secret, until: this.now() + graceMs } : undefined;
    this.secret = secret;
  }

  health(): HookAuthHealth {
    const { noSecret, wrongSecret } = this.refused;
    const counts = { refused: { ...this.refused }, acceptedWithoutSecret: this.acceptedWithoutSecret, ...(this.lastRefused ? { lastRefused: this.lastRefused } : {}) };
    if (noSecret + wrongSecret === 0) return { status: 'ok', ...counts };
    // Refusals stay visible until restart: either hooks that need re-installing or someone forging posts.
    const parts = [noSecret > 0 ? `${noSecret} without the secret (re-run agentwatch install)` : '', wrongSecret > 0 ? `${wrongSecret} with a wrong secret (forged?)` : ''];
    return { status: 'degraded', reason: `hook posts refused: ${parts.filter(Boolean).join(', ')}; last ${this.lastRefused!.at} (${this.lastRefused!.agent})`, ...counts };
  }
}
