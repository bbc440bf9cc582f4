// Runs the real Gemini CLI headless (`gemini -p … --yolo`) against a scripted Gemini API server
// (../shared/reference/real-agents.md §2.1), with a temporary HOME and a scrubbed environment.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './daemon.js';
import { jsonLines, runCli, type CliRun } from './run-cli.js';

export interface GeminiRun extends CliRun {
  /** The `-o stream-json` events (init, message, tool_use, tool_result, result). */
  events: { type: string; [k: string]: unknown }[];
  /** init's session_id: Gemini CLI's session id, as its hooks send it. */
  sessionId?: string;
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

/** `args`: more gemini options (e.g. `--include-directories`). */
export async function runGemini(opts: { home: string; cwd: string; baseUrl: string; prompt: string; env?: Record<string, string>; args?: string[]; timeoutMs?: number }): Promise<GeminiRun> {
  const env = { HOME: opts.home, GEMINI_API_KEY: 'sk-test', GOOGLE_GEMINI_BASE_URL: opts.baseUrl, CI: 'true', ...opts.env };
  const args = ['-p', opts.prompt, '--yolo', '--skip-trust', '-m', 'gemini-2.5-flash', '-o', 'stream-json', ...(opts.args ?? [])];
  const run = await runCli({ name: 'runGemini', bin: geminiBinary(), args, cwd: opts.cwd, env, timeoutMs: opts.timeoutMs });
  const events = jsonLines<GeminiRun['events'][number]>(run.stdout);
  const id = events.find((e) => e.type === 'init')?.session_id;
  return { ...run, events, sessionId: typeof id === 'string' ? id : undefined };
}
