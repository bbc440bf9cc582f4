// `agentwatch hook <agent>`: for hooks that can only run a command (Claude Code's SessionStart, every
// Codex and Gemini CLI hook). Forwards stdin to the daemon and prints exactly the daemon's JSON answer,
// the agent's native decision. Fails open: if the daemon is down, slow or answers badly, it says why on
// stderr and exits 0 with an empty answer (`{}`), so the agent goes on. Gemini CLI parses stdout as
// JSON only, so nothing but the answer is ever printed there. The post carries the hooks' install secret,
// read from the state dir on every call, so the agent's config never holds it and a rotation applies at once.
// Every call that fails open is counted in the state dir (core/hook-misses.ts); the daemon reports them.
// A call the daemon holds for the developer (policy `hold`) is waited for until its deadline, not the timeout.
// The post goes through node:http, not fetch: undici's start-up (with its WebAssembly parser) was a fifth
// of this process's time, paid on every tool call (bench/hook-latency.ts, "command hook").
import fs from 'node:fs';
import http from 'node:http';
import { HOOK_SECRET_HEADER } from '../../core/agents/hook-marks.js';
import { recordMiss } from '../../core/hook-misses.js';
import { readDaemonInfo, readHookSecret } from '../state-dir.js';
import { HELD_UNTIL_HEADER } from '../hold/held-header.js';
import { stateDirOf, type CommonArgs } from './options.js';

async function readStdin(limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    size += (c as Buffer).length;
    if (size > limit) break;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The daemon's answer when it is a JSON object, else undefined. */
function jsonAnswer(text: string): string | undefined {
  const trimmed = text.trim();
  try {
    const v: unknown = JSON.parse(trimmed);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? trimmed : undefined;
  } catch { return undefined; }
}

/** The agent's session id in the hook body, if it has one (every hook dialect names it session_id). */
function sessionOf(body: Buffer): { sessionId?: string } {
  try {
    const id = (JSON.parse(body.toString('utf8')) as { session_id?: unknown }).session_id;
    return typeof id === 'string' && id.length <= 200 ? { sessionId: id } : {};
  } catch { return {}; }
}

// Claude Code reads an empty stdout as "no decision"; its fail-open answer has always been empty.
const failOpenAnswer = (agent: string) => (agent === 'claude-code' ? '' : '{}');

/** `--secret-file` (install --system's copy every user may read), else the state dir's own. */
function secretOf(file: string | undefined, dir: string): string | undefined {
  if (file === undefined) return readHookSecret(dir);
  try { return fs.readFileSync(file, 'utf8').trim() || undefined; } catch { return undefined; }
}

interface Answer { status: number; text: string }

/**
 * POSTs the body; resolves with the status and text, rejects (one-line message) on a connection error or
 * when no answer came within timeoutMs — a call held for the developer (HELD_UNTIL_HEADER) gets until its
 * deadline plus timeoutMs.
 */
function post(port: number, agent: string, body: Buffer, secret: string | undefined, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': body.length };
    if (secret !== undefined) headers[HOOK_SECRET_HEADER] = secret;
    const req = http.request({ host: '127.0.0.1', port, path: `/v1/hooks/${encodeURIComponent(agent)}`, method: 'POST', headers, agent: false }, (res) => {
      // Held for the developer (policy `hold`): the answer comes when they decide, or at the deadline.
      const heldUntil = Date.parse(String(res.headers[HELD_UNTIL_HEADER.toLowerCase()] ?? ''));
      if (Number.isFinite(heldUntil)) arm(Math.max(0, heldUntil - Date.now()) + timeoutMs, 'no answer by the hold deadline');
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => { clearTimeout(timer); resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }); });
      res.on('error', (err) => { clearTimeout(timer); reject(err); });
    });
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number, why: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => { req.destroy(new Error(why)); reject(new Error(why)); }, ms);
    };
    arm(timeoutMs, `no answer within ${timeoutMs} ms`);
    req.on('error', (err) => { clearTimeout(timer); reject(err); });
    req.end(body);
  });
}

export async function hookCommand(args: CommonArgs & { agent: string; timeoutMs?: number; secretFile?: string }): Promise<void> {
  const dir = stateDirOf(args);
  const info = readDaemonInfo(dir);
  const secret = secretOf(args.secretFile, dir);
  const body = await readStdin(2 * 1024 * 1024);
  const port = args.port ?? info?.port;
  const allow = (why: string) => {
    process.stderr.write(`agentwatch hook: ${why}; allowing (fail open)\n`);
    recordMiss(dir, { ts: new Date().toISOString(), agent: args.agent, why, ...sessionOf(body) });
    process.stdout.write(failOpenAnswer(args.agent));
  };
  if (port === undefined) return allow('daemon not running');
  try {
    const { status, text } = await post(port, args.agent, body, secret, args.timeoutMs ?? 3000);
    if (status < 200 || status > 299) return allow(`daemon answered ${status}: ${text.slice(0, 200)}`);
    const answer = jsonAnswer(text);
    if (answer === undefined) return allow(`daemon answer is not a JSON object: ${text.slice(0, 200)}`);
    process.stdout.write(answer);
  } catch (err) {
    allow((err as Error).message.split('\n')[0]!);
  }
}
