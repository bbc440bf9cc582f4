// Runs the real Codex CLI (`codex exec`) headless against a scripted Responses server
// (../shared/reference/real-agents.md §1.1), with a temporary HOME and a scrubbed environment.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cleanEnv } from './claude-cli.js';
import { repoRoot } from './daemon.js';

export interface CodexRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The `--json` JSONL events (thread.started, item.completed …). */
  events: { type: string; [k: string]: unknown }[];
  /** thread.started's thread_id: Codex's session id, as its hooks send it. */
  threadId?: string;
  ms: number;
}

export const codexBinary = (): string => path.join(repoRoot, 'node_modules', '.bin', 'codex');

/** Why the Codex CLI cannot run here, or undefined when it can. */
export function codexSkipReason(): string | undefined {
  return fs.existsSync(codexBinary()) ? undefined : `@openai/codex is not installed (${codexBinary()} missing; run npm ci)`;
}

/** ~/.codex/config.toml pointing Codex at the fake provider. `gpt-5.5` is a catalog slug, so apply_patch is offered. */
export function writeCodexConfig(home: string, baseUrl: string): string {
  const file = path.join(home, '.codex', 'config.toml');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, [
    'model = "gpt-5.5"',
    'model_provider = "mock"',
    '',
    '[model_providers.mock]',
    'name = "mock"',
    `base_url = "${baseUrl}"`,
    'wire_api = "responses"',
    'env_key = "MOCK_API_KEY"',
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n'));
  return file;
}

// The CLI is a node shim over a native binary (Codex) or a relaunched node (Gemini): kill its whole process group.
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}

export async function runCodex(opts: { home: string; cwd: string; prompt: string; env?: Record<string, string>; timeoutMs?: number }): Promise<CodexRun> {
  const env = cleanEnv({ HOME: opts.home, MOCK_API_KEY: 'sk-test', ...opts.env });
  const args = ['exec', '--json', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', '--dangerously-bypass-hook-trust', opts.prompt];
  const started = Date.now();
  const child = spawn(codexBinary(), args, { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const timer = setTimeout(() => { stderr += `\n[runCodex] killed after ${timeoutMs} ms`; killGroup(child.pid); }, timeoutMs);
  const code = await new Promise<number | null>((done) => {
    child.once('error', (err) => { stderr += `\n[runCodex] spawn failed: ${err.message}`; done(null); });
    child.once('close', (c) => done(c));
  });
  clearTimeout(timer);
  const events = stdout.split('\n').flatMap((l) => {
    if (!l.trim().startsWith('{')) return [];
    try { return [JSON.parse(l) as CodexRun['events'][number]]; } catch { return []; }
  });
  const threadId = events.find((e) => e.type === 'thread.started')?.thread_id;
  return { code, stdout, stderr, events, threadId: typeof threadId === 'string' ? threadId : undefined, ms: Date.now() - started };
}
