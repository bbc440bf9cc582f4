// The two command lines that run most, read without yargs: `agentwatch daemon` as a service unit passes
// it, and `agentwatch hook <agent>` as install writes it into an agent's config. The daemon runs for days
// and ESM modules are never unloaded: yargs (with yargs-parser, cliui, string-width, y18n …) would keep
// 1.5 MB of its heap for life to parse one command line (bench/footprint.ts). The hook forwarder is
// started by the agent for every tool call, and loading yargs was a third of its start-up. Anything
// these do not recognise — help, a typo, a bad value, a repeated option — returns undefined and goes to
// yargs, which says what is wrong exactly as for every other command.
import type { CommonArgs } from './options.js';

export type DaemonArgs = CommonArgs & { mode?: 'observe' | 'enforce' };
export type HookArgs = CommonArgs & { agent: string; timeoutMs?: number; secretFile?: string };

const PORT = /^\d{1,5}$/;
const port = (v: string | undefined) => (v !== undefined && PORT.test(v) && Number(v) <= 65535 ? Number(v) : undefined);
const set = (v: string | undefined) => (v !== undefined && v !== '' ? v : undefined);
const COMMON = ['port', 'config', 'state-dir'];

/** `--name value` or `--name=value` for each of `valued` (at most once), `--name` for each of `flags`; undefined for anything else. */
function options(argv: readonly string[], valued: readonly string[], flags: readonly string[]): Map<string, string | true> | undefined {
  const given = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(argv[i]!);
    if (!m || given.has(m[1]!)) return undefined;
    const name = m[1]!;
    if (flags.includes(name)) {
      if (m[2] !== undefined) return undefined;
      given.set(name, true);
      continue;
    }
    if (!valued.includes(name)) return undefined;
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('-'))) return undefined;
    given.set(name, value);
  }
  return given;
}

/** The common options (--port, --config, --state-dir, --json), flags first, then the AGENTWATCH_* environment. */
function common(given: Map<string, string | true>, env: NodeJS.ProcessEnv): CommonArgs | undefined {
  const str = (k: string) => given.get(k) as string | undefined;
  const args: CommonArgs = { stateDir: str('state-dir') ?? set(env.AGENTWATCH_STATE_DIR), config: str('config') ?? set(env.AGENTWATCH_CONFIG) };
  const portText = str('port') ?? set(env.AGENTWATCH_PORT);
  if (portText !== undefined) {
    args.port = port(portText);
    if (args.port === undefined) return undefined;
  }
  if (given.has('json')) args.json = true;
  return args;
}

/** `daemon [--port N] [--config F] [--state-dir D] [--mode observe|enforce] [--json]`. */
export function plainDaemonArgs(argv: readonly string[], env: NodeJS.ProcessEnv): DaemonArgs | undefined {
  if (argv[0] !== 'daemon') return undefined;
  const given = options(argv.slice(1), [...COMMON, 'mode'], ['json']);
  const args: DaemonArgs | undefined = given && common(given, env);
  if (!given || !args) return undefined;
  const mode = given.get('mode') as string | undefined;
  if (mode !== undefined) {
    if (mode !== 'observe' && mode !== 'enforce') return undefined;
    args.mode = mode;
  }
  return args;
}

/** `hook <agent> [--state-dir D] [--port N] [--secret-file F] [--timeout-ms N] [--config F]`, as core/agents/hook-command.ts writes it. */
export function plainHookArgs(argv: readonly string[], env: NodeJS.ProcessEnv): HookArgs | undefined {
  const [verb, agent, ...rest] = argv;
  if (verb !== 'hook' || agent === undefined || agent.startsWith('-')) return undefined;
  const given = options(rest, [...COMMON, 'secret-file', 'timeout-ms'], ['json']);
  const args = given && common(given, env);
  if (!given || !args) return undefined;
  const hook: HookArgs = { ...args, agent, timeoutMs: 3000 };
  const timeout = given.get('timeout-ms') as string | undefined;
  if (timeout !== undefined) {
    if (!/^\d{1,7}$/.test(timeout)) return undefined;
    hook.timeoutMs = Number(timeout);
  }
  const secretFile = given.get('secret-file') as string | undefined;
  if (secretFile !== undefined) hook.secretFile = secretFile;
  return hook;
}
