// The arguments of `agentwatch daemon` as a service unit passes them, read without yargs. The daemon runs
// for days and ESM modules are never unloaded: yargs (with yargs-parser, cliui, y18n …) would keep 1.5 MB
// of the daemon's heap for its whole life to parse one command line (bench/footprint.ts). Anything this
// does not recognise — help, a typo, a bad value, a repeated option — returns undefined and goes to yargs,
// which says what is wrong exactly as for every other command.
import type { CommonArgs } from './options.js';

export type DaemonArgs = CommonArgs & { mode?: 'observe' | 'enforce' };

const PORT = /^\d{1,5}$/;
const port = (v: string | undefined) => (v !== undefined && PORT.test(v) && Number(v) <= 65535 ? Number(v) : undefined);
const set = (v: string | undefined) => (v !== undefined && v !== '' ? v : undefined);

/** `daemon [--port N] [--config F] [--state-dir D] [--mode observe|enforce] [--json]`, `--opt=value` too. */
export function plainDaemonArgs(argv: readonly string[], env: NodeJS.ProcessEnv): DaemonArgs | undefined {
  if (argv[0] !== 'daemon') return undefined;
  const given = new Map<string, string | true>();
  for (let i = 1; i < argv.length; i++) {
    const m = /^--(port|config|state-dir|mode|json)(?:=(.*))?$/s.exec(argv[i]!);
    if (!m || given.has(m[1]!)) return undefined;
    if (m[1] === 'json') {
      if (m[2] !== undefined) return undefined;
      given.set('json', true);
      continue;
    }
    const value = m[2] ?? argv[++i];
    if (value === undefined || value === '' || (m[2] === undefined && value.startsWith('-'))) return undefined;
    given.set(m[1]!, value);
  }
  const str = (k: string) => given.get(k) as string | undefined;
  const args: DaemonArgs = { stateDir: str('state-dir') ?? set(env.AGENTWATCH_STATE_DIR), config: str('config') ?? set(env.AGENTWATCH_CONFIG) };
  const portText = str('port') ?? set(env.AGENTWATCH_PORT);
  if (portText !== undefined) {
    args.port = port(portText);
    if (args.port === undefined) return undefined;
  }
  const mode = str('mode');
  if (mode !== undefined) {
    if (mode !== 'observe' && mode !== 'enforce') return undefined;
    args.mode = mode;
  }
  if (given.has('json')) args.json = true;
  return args;
}
