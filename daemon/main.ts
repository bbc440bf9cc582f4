#!/usr/bin/env node
// The `agentwatch` command line: parses arguments with yargs and hands off to commands.ts.
import type { Argv } from 'yargs';
import { AgentwatchError } from '../core/errors.js';
import { plainDaemonArgs, plainHookArgs, type DaemonArgs, type HookArgs } from './cli/plain-args.js';
import { VERSION } from './version.js';

// Commands load their modules when they run: `agentwatch hook` is started by the agent on every hook
// event, so it must not pay for the rule engine, SQLite or zod it never uses.
const commands = () => import('./cli/commands.js');
const lazy = <A>(load: () => Promise<(args: A) => unknown>) => (args: A) => load().then((fn) => fn(args));

const query = (y: Argv) => y
  .option('since', { type: 'string', describe: 'only newer than a duration (10m, 2h, 7d) or a date' })
  .option('session', { type: 'string', describe: "only this agent session id" })
  .option('follow', { type: 'boolean', alias: 'f', describe: 'keep printing new ones as they happen' })
  .option('limit', { type: 'number', default: 1000, describe: 'at most this many stored ones' });

const install = (y: Argv) => y
  .option('user', { type: 'boolean', default: true, describe: "the current user: a user service and the user's own agent settings" })
  .option('system', { type: 'boolean', describe: "the machine: a system service running as root, and each agent's managed settings users cannot switch off" })
  .option('agents', { type: 'array', string: true, describe: 'agents to configure, comma-separated (default: those found; an unknown name lists the supported ones)' })
  .option('dry-run', { type: 'boolean', describe: 'print the plan as a diff, write nothing' })
  .option('root', { type: 'string', describe: 'write every file under this directory (tests, packaging); the service is not started' })
  .option('platform', { choices: ['linux', 'darwin'] as const, describe: "with --root: lay files out for this OS (default: this machine's)" });

function fail(msg: string | undefined, err: Error | undefined): never {
  const text = err instanceof AgentwatchError ? err.message : (msg ?? err?.message ?? 'failed');
  process.stderr.write(`agentwatch: ${text.split('\n')[0]}\n`);
  // Bad input (ours, or yargs' own validation and coerce errors, which it wraps in a YError) exits 2.
  process.exit(err instanceof AgentwatchError || err === undefined || err.name === 'YError' ? 2 : 1);
}

// `agentwatch events --json | head`: the reader went away; that is the end of the output, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => { if (err.code === 'EPIPE') process.exit(0); throw err; });

/** Every handler's error becomes the one-line message, whether it was thrown or rejected. */
const safe = <A>(fn: (args: A) => unknown) => async (args: A) => {
  try { await fn(args); } catch (err) { fail(undefined, err as Error); }
};

/** For the commands that name agents: the configured extra catalog files first (daemon/cli/agent-catalog.ts). */
const withCatalog = <A extends { config?: string }>(fn: (args: A) => unknown) => async (args: A) => {
  await (await import('./cli/agent-catalog.js')).applyConfiguredCatalog(args.config);
  return fn(args);
};

// Only the common options come from the environment (SPEC). Not yargs' .env('AGENTWATCH'): with .strict() any
// other AGENTWATCH_* variable — the AGENTWATCH_SESSION_ID that `agentwatch run` stamps on a supervised agent,
// and so on every `agentwatch hook` it runs — would become an unknown option and fail the command.
const fromEnv = (name: string) => (process.env[name] !== undefined && process.env[name] !== '' ? process.env[name] : undefined);
const envPort = fromEnv('AGENTWATCH_PORT');
const portNumber = (v: number | undefined) => {
  if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= 65535)) throw new AgentwatchError('AW_ERR_USAGE', '--port (or AGENTWATCH_PORT) must be a port number, 0-65535');
  return v;
};

const graceSeconds = (v: number) => {
  if (!(Number.isInteger(v) && v >= 0 && v <= 86_400)) throw new AgentwatchError('AW_ERR_USAGE', '--grace-seconds must be a whole number of seconds, 0-86400');
  return v;
};

const runDaemon = safe(async (a: DaemonArgs) => (await import('./cli/daemon-command.js')).runDaemonCommand(a));
const runHook = safe(async (a: HookArgs) => (await import('./cli/hook-command.js')).hookCommand(a));

// The daemon's and the hook forwarder's plain command lines skip yargs (cli/plain-args.ts): the daemon
// would keep it loaded for life, and the forwarder runs on every tool call an agent makes.
const argv = process.argv.slice(2);
const daemonArgs = plainDaemonArgs(argv, process.env);
const hookArgs = daemonArgs ? undefined : plainHookArgs(argv, process.env);
if (daemonArgs) await runDaemon(daemonArgs);
else if (hookArgs) await runHook(hookArgs);
else await cli();

async function cli(): Promise<void> {
  const { default: yargs } = await import('yargs');
  const { hideBin } = await import('yargs/helpers');
  await yargs(hideBin(process.argv))
    .scriptName('agentwatch')
    .option('state-dir', { type: 'string', default: fromEnv('AGENTWATCH_STATE_DIR'), defaultDescription: '$AGENTWATCH_STATE_DIR', describe: 'state directory (AGENTWATCH_STATE_DIR)' })
    .option('port', { type: 'number', default: envPort === undefined ? undefined : Number(envPort), defaultDescription: '$AGENTWATCH_PORT or 47474', describe: 'daemon port (AGENTWATCH_PORT, default 47474)', coerce: portNumber })
    .option('config', { type: 'string', default: fromEnv('AGENTWATCH_CONFIG'), defaultDescription: '$AGENTWATCH_CONFIG', describe: 'config file, JSON or YAML (AGENTWATCH_CONFIG)' })
    .option('json', { type: 'boolean', describe: 'print NDJSON' })
    .command('daemon', 'run the daemon in the foreground', (y) => y.option('mode', { choices: ['observe', 'enforce'] as const, describe: 'policy mode (overrides config)' }), runDaemon)
    .command('status', 'is the daemon up, its version, port and collectors', (y) => y, safe(lazy(async () => (await commands()).statusCommand)))
    .command('events', 'the event log', query, safe(lazy(async () => (await commands()).eventsCommand)))
    .command('alerts', 'alerts, newest last', (y) => query(y)
      .command('ack <id>', 'acknowledge an alert (an id or a unique prefix)', (a) => a
        .positional('id', { type: 'string', demandOption: true })
        .option('this-was-me', { type: 'boolean', describe: 'it was you: fold this behaviour into the baseline' })
        .option('scope', { choices: ['session', 'project', 'agent'] as const, default: 'project' as const, describe: 'where --this-was-me applies' }),
      safe(async (a) => (await import('./cli/ack-command.js')).ackCommand({ ...a, id: a.id }))), safe(lazy(async () => (await commands()).alertsCommand)))
    .command('rules [dirs..]', 'check rule packs: the built-in one plus DIRS (or the configured rules.dirs)',
      (y) => y.positional('dirs', { type: 'string', array: true }), safe(lazy(async () => (await import('./cli/rules-command.js')).rulesCommand)))
    .command('agents', 'AI coding agents running now: sessions, children, hooks (and recent sessions now gone)', (y) => y
      .option('since', { type: 'string', default: '1h', describe: 'also list stored sessions active since then whose process is gone' })
      .option('ps-list', { type: 'boolean', describe: 'scan with ps-list instead of /proc (what macOS and Windows use)' }),
    safe(withCatalog(async (a) => (await import('./cli/agents-command.js')).agentsCommand(a))))
    .command('mcp', 'MCP servers every agent is configured with: where, what they run, allowlist status, findings', (y) => y
      .option('project', { type: 'array', string: true, describe: "also read this workspace's MCP configs (repeatable)" })
      .option('scan', { type: 'boolean', describe: 'start or connect to the servers and check their tools (live scan)' })
      .option('server', { type: 'string', describe: 'only the servers with this name' })
      .option('allow-unapproved', { type: 'boolean', describe: 'let --scan start servers that are not on the allowlist' })
      .option('fail-on', { choices: ['info', 'low', 'medium', 'high', 'critical'] as const, describe: 'exit 1 when a finding is this severe or worse (CI)' })
      .option('system-root', { type: 'string', describe: 'read managed/system MCP configs under this directory' }),
    safe(withCatalog(async (a) => (await import('./cli/mcp-command.js')).mcpCommand(a))))
    .command('install', "add agentwatch's hooks to agent configuration", install, safe(withCatalog(lazy(async () => (await commands()).installCommand))))
    .command('uninstall', 'remove exactly what install added', install, safe(withCatalog(lazy(async () => (await commands()).uninstallCommand))))
    .command('run', 'run an agent in a supervised, recorded terminal: agentwatch run [--agent KIND] -- <command…>', (y) => y
      .parserConfiguration({ 'populate--': true }) // everything after -- is the agent's, flags included
      .option('agent', { type: 'string', describe: 'the agent kind (default: guessed from the command)' })
      .option('quiet', { type: 'boolean', alias: 'q', describe: 'do not print the session id' }),
    safe(withCatalog(async (a) => (await import('./cli/run-command.js')).runCommand(a))))
    .command('token', "the stream token and the hooks' install secret", (y) => y
      .command('rotate', 'replace the stream token and the hook install secret (a running daemon takes them up at once)', (r) => r
        .option('grace-seconds', { type: 'number', default: 60, describe: 'how long the old hook secret is still accepted, for hooks in flight', coerce: graceSeconds }),
      safe(withCatalog(async (a) => (await import('./cli/token-command.js')).tokenRotateCommand(a))))
      .demandCommand(1, 'name a token command: rotate'), () => undefined)
    .command('console', 'live terminal console of agents, sessions, alerts and held actions (keys: ? for help); --web: a one-time link to the web console', (y) => y
      .option('web', { type: 'boolean', describe: 'print (and open) a one-time link to the web console the daemon serves' })
      .option('open', { type: 'boolean', default: true, describe: 'with --web: open the link in the default browser (--no-open: only print it)' }),
    safe(async (a) => (a.web
      ? (await import('./cli/console-web-command.js')).consoleWebCommand(a)
      : (await import('./cli/console-command.js')).consoleCommand(a))))
    .command('osquery-config', "the osquery auto_table_construction block for agentwatch's export database (outputs.osquery)", (y) => y
      .option('scope', { choices: ['user', 'system'] as const, default: 'user' as const, describe: "user: every user's state dir (a % pattern); system: /var/lib/agentwatch" })
      .option('platform', { choices: ['linux', 'darwin'], describe: 'the hosts the block is for (default: this one)' })
      .option('path', { type: 'string', describe: 'the export database path to print instead of the pattern' }),
    safe(async (a) => (await import('./cli/osquery-config-command.js')).osqueryConfigCommand(a)))
    .command('tray', 'tray icon and desktop notifications for the logged-in user', (y) => y,
      safe(async (a) => (await import('./cli/tray-command.js')).trayCommand(a)))
    .command('doctor', 'check the installation end to end: service, daemon, token, hooks (probed), agents without hooks, watch budget, kernel tier',
      (y) => y, safe(withCatalog(async (a) => (await import('./cli/doctor-command.js')).doctorCommand(a))))
    .command('export', 'telemetry for a SOC or an audit, as NDJSON on stdout (the cursor to resume from on stderr)', (y) => y
      .option('format', { choices: ['ocsf', 'ndjson'] as const, default: 'ocsf' as const, describe: 'OCSF 1.8.0 records, or agentwatch\'s own' })
      .option('since', { type: 'string', describe: 'a cursor from a previous export, or a duration (30d) or a date' })
      .option('until', { type: 'string', describe: 'only older than a duration (1h) or a date' })
      .option('session', { type: 'string', describe: 'only this agent session (an audit: every tool call, its effects and decisions, in order)' })
      .option('agent', { type: 'string', describe: 'only this agent kind (claude-code, codex, …)' }),
    safe(async (a) => (await import('./cli/export-command.js')).exportInSmallHeap(a)))
    .command('hook <agent>', 'stdin → daemon forwarder for command-type hooks (fails open)',
      (y) => y.positional('agent', { type: 'string', demandOption: true }).option('timeout-ms', { type: 'number', default: 3000 })
        .option('secret-file', { type: 'string', describe: 'read the hook secret from this file (install --system: every user can read it; the state dir only root)' }),
      (a) => runHook({ ...a, agent: a.agent }))
    .demandCommand(1, 'name a command (see --help)')
    .strict()
    .version(VERSION)
    .help()
    .fail((msg, err) => fail(msg, err))
    .parseAsync()
    .catch((err: Error) => fail(undefined, err));
}
