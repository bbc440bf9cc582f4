// Runs the real Codex CLI (`codex exec`) headless against a scripted Responses server
// (../shared/reference/real-agents.md §1.1), with a temporary HOME and a scrubbed environment.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './daemon.js';
import { jsonLines, runCli, type CliRun } from './run-cli.js';

export interface CodexRun extends CliRun {
  /** The `--json` JSONL events (thread.started, item.completed …). */
  events: { type: string; [k: string]: unknown }[];
  /** thread.started's thread_id: Codex's session id, as its hooks send it. */
  threadId?: string;
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

/** `args`: more `codex exec` options (e.g. `-c key=value` overrides), before the prompt. */
export async function runCodex(opts: { home: string; cwd: string; prompt: string; env?: Record<string, string>; args?: string[]; timeoutMs?: number }): Promise<CodexRun> {
  const env = { HOME: opts.home, MOCK_API_KEY: 'sk-test', ...opts.env };
  const args = ['exec', '--json', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', '--dangerously-bypass-hook-trust', ...(opts.args ?? []), opts.prompt];
  const run = await runCli({ name: 'runCodex', bin: codexBinary(), args, cwd: opts.cwd, env, timeoutMs: opts.timeoutMs });
  const events = jsonLines<CodexRun['events'][number]>(run.stdout);
  const id = events.find((e) => e.type === 'thread.started')?.thread_id;
  return { ...run, events, threadId: typeof id === 'string' ? id : undefined };
}
