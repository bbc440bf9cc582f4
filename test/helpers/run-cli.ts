// Runs a real agent CLI headless for a test: a scrubbed environment, stdout and stderr captured,
// and a timeout that kills the CLI's whole process group (the CLIs are node shims over a native
// binary or a relaunched node, and run tool commands as further children).
import { spawn } from 'node:child_process';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to close. */
  ms: number;
}

// A stray CLAUDE_CODE_SESSION_ID etc. from an outer agent would mis-attribute the test's processes;
// AGENTWATCH_*, GIT_* and npm_* from an outer `npm test` would steer the daemon, git or npm under test.
const INHERITED_AGENT_VAR = /^(CLAUDECODE$|CLAUDE_CODE_|ANTHROPIC_|CODEX_|GEMINI_|AI_AGENT$|AGENTWATCH_|GIT_|NPM_CONFIG_|npm_)/;

/** This process's environment without agent-related variables, plus `extra`. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!INHERITED_AGENT_VAR.test(k)) env[k] = v;
  return { ...env, ...extra };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try { process.kill(-pid, 'SIGKILL'); } catch { /* already gone */ }
}

/**
 * Spawns `bin args` in `cwd` with cleanEnv(env) and waits for it to close. A spawn failure or the
 * timeout (default 90 s) is noted at the end of stderr, prefixed with `[name]`; a spawn failure gives code null.
 */
export async function runCli(opts: {
  name: string; bin: string; args: string[]; cwd: string; env: Record<string, string>; timeoutMs?: number;
}): Promise<CliRun> {
  const started = Date.now();
  // detached: the CLI leads its own process group, so the timeout can kill all of it.
  const child = spawn(opts.bin, opts.args, { cwd: opts.cwd, env: cleanEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const timer = setTimeout(() => { stderr += `\n[${opts.name}] killed after ${timeoutMs} ms`; killGroup(child.pid); }, timeoutMs);
  const code = await new Promise<number | null>((done) => {
    child.once('error', (err) => { stderr += `\n[${opts.name}] spawn failed: ${err.message}`; done(null); });
    child.once('close', (c) => done(c));
  });
  clearTimeout(timer);
  return { code, stdout, stderr, ms: Date.now() - started };
}

/** The JSON objects among stdout's lines (JSONL event streams), skipping anything else. */
export function jsonLines<T>(stdout: string): T[] {
  return stdout.split('\n').flatMap((l) => {
    if (!l.trim().startsWith('{')) return [];
    try { return [JSON.parse(l) as T]; } catch { return []; }
  });
}
