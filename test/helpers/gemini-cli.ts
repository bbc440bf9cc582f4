// Runs the real Gemini CLI headless (`gemini -p … --yolo`) against a scripted Gemini API server
// (../shared/reference/real-agents.md §2.1), with a temporary HOME and a scrubbed environment.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cleanEnv } from './claude-cli.js';
import { repoRoot } from './daemon.js';

export interface GeminiRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The `-o stream-json` events (init, message, tool_use, tool_result, result). */
  events: { type: string; [k: string]: unknown }[];
  /** init's session_id: Gemini CLI's session id, as its hooks send it. */
  sessionId?: string;
  ms: number;
}

export const geminiBinary = (): string => path.join(repoRoot, 'node_modules', '.bin', 'gemini');

/** Why the Gemini CLI cannot run here, or undefined when it can. */
export function geminiSkipReason(): string | undefined {
  return fs.existsSync(geminiBinary()) ? undefined : `@google/gemini-cli is not installed (${geminiBinary()} missing; run npm ci)`;
}

/**
 * ~/.gemini/settings.json for an offline run: API-key auth (else GOOGLE_GEMINI_BASE_URL selects the
 * "gateway" auth that headless mode rejects), no telemetry, no update checks. Write it before
 * `agentwatch install`, which merges its hooks into this file.
 */
export function writeGeminiSettings(home: string): string {
  const file = path.join(home, '.gemini', 'settings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({
    security: { auth: { selectedType: 'gemini-api-key' } },
    privacy: { usageStatisticsEnabled: false },
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
  }, null, 2)}\n`);
  return file;
}

// The CLI is a node shim over a native binary (Codex) or a relaunched node (Gemini): kill its whole process group.
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}

export async function runGemini(opts: { home: string; cwd: string; baseUrl: string; prompt: string; env?: Record<string, string>; timeoutMs?: number }): Promise<GeminiRun> {
  const env = cleanEnv({ HOME: opts.home, GEMINI_API_KEY: 'sk-test', GOOGLE_GEMINI_BASE_URL: opts.baseUrl, CI: 'true', ...opts.env });
  const args = ['-p', opts.prompt, '--yolo', '--skip-trust', '-m', 'gemini-2.5-flash', '-o', 'stream-json'];
  const started = Date.now();
  const child = spawn(geminiBinary(), args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const timer = setTimeout(() => { stderr += `\n[runGemini] killed after ${timeoutMs} ms`; killGroup(child.pid); }, timeoutMs);
  const code = await new Promise<number | null>((done) => {
    child.once('error', (err) => { stderr += `\n[runGemini] spawn failed: ${err.message}`; done(null); });
    child.once('close', (c) => done(c));
  });
  clearTimeout(timer);
  const events = stdout.split('\n').flatMap((l) => {
    if (!l.trim().startsWith('{')) return [];
    try { return [JSON.parse(l) as GeminiRun['events'][number]]; } catch { return []; }
  });
  const sid = events.find((e) => e.type === 'init')?.session_id;
  return { code, stdout, stderr, events, sessionId: typeof sid === 'string' ? sid : undefined, ms: Date.now() - started };
}
