// Runs the real Claude Code CLI headless against a fake model server, with an environment
// scrubbed of anything agent-related the developer's own shell might carry.
import { join } from 'node:path';
import { realpathSync } from 'node:fs';
import { cleanEnv, runCli } from './run-cli.js';
import { repoRoot } from './repo-root.js';

export { cleanEnv };

export interface ClaudeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  result?: { session_id: string; num_turns?: number; is_error?: boolean; result?: string; [k: string]: unknown };
}


export function claudeBinary(): string {
  return join(repoRoot, 'node_modules', '.bin', 'claude');
}

// Claude Code names a project directory after the cwd as the process sees it (symlinks resolved),
// replacing every non-alphanumeric UTF-16 unit with '-' ('/tmp/aw.x_y' -> '-tmp-aw-x-y'); names over
// 200 chars are cut and suffixed with a 32-bit string hash. Mirrors 2.1.197's bundled code, and the
// short form was checked against the directory a real run wrote.
export function transcriptPath(home: string, cwd: string, sessionId: string): string {
  let real = cwd;
  try { real = realpathSync(cwd); } catch { /* cwd may be gone already; use it as given */ }
  return join(home, '.claude', 'projects', projectDirName(real), `${sessionId}.jsonl`);
}

function projectDirName(cwd: string): string {
  const name = cwd.replace(/[^a-zA-Z0-9]/g, '-');
  if (name.length <= 200) return name;
  let h = 0;
  for (let i = 0; i < cwd.length; i++) h = ((h << 5) - h + cwd.charCodeAt(i)) | 0;
  return `${name.slice(0, 200)}-${Math.abs(h).toString(36)}`;
}

export async function runClaude(opts: {
  home: string; cwd: string; baseUrl: string; prompt: string; env?: Record<string, string>; timeoutMs?: number;
  /** A command that runs claude (its argv follows), e.g. one that gives it a mount namespace. */
  prefix?: string[];
}): Promise<ClaudeRun> {
  const env = {
    HOME: opts.home,
    IS_SANDBOX: '1', // root may only skip permissions inside a declared sandbox
    ANTHROPIC_BASE_URL: opts.baseUrl,
    ANTHROPIC_API_KEY: 'sk-test',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    CI: 'true',
    ...opts.env,
  };
  const args = ['-p', opts.prompt, '--dangerously-skip-permissions', '--output-format', 'json'];
  const [bin, ...argv] = [...(opts.prefix ?? []), claudeBinary(), ...args];
  const { code, stdout, stderr } = await runCli({ name: 'runClaude', bin: bin!, args: argv, cwd: opts.cwd, env, timeoutMs: opts.timeoutMs });
  return { code, stdout, stderr, result: parseResult(stdout) };
}

// --output-format json prints one JSON object; be lenient in case warnings precede it.
function parseResult(stdout: string): ClaudeRun['result'] {
  const start = stdout.indexOf('{');
  if (start < 0) return undefined;
  try {
    const value: unknown = JSON.parse(stdout.slice(start));
    if (value && typeof value === 'object' && typeof (value as { session_id?: unknown }).session_id === 'string') {
      return value as NonNullable<ClaudeRun['result']>;
    }
  } catch { /* not JSON: leave result undefined, callers see stdout */ }
  return undefined;
}
