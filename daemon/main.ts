#!/usr/bin/env node
// The `agentwatch` command line: parses arguments with yargs and hands off to commands.ts.
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { AgentwatchError } from './errors.js';
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
  .option('user', { type: 'boolean', default: true, describe: "configure the current user's agents" })
  .option('system', { type: 'boolean', describe: 'configure managed (system-wide) settings' })
  .option('agents', { type: 'array', string: true, describe: 'agents to configure: claude-code, codex, gemini-cli' })
  .option('dry-run', { type: 'boolean', describe: 'show the change, write nothing' });

function fail(msg: string | undefined, err: Error | undefined): never {
  const text = err instanceof AgentwatchError ? err.message : (msg ?? err?.message ?? 'failed');
  process.stderr.write(`agentwatch: ${text.split('\n')[0]}\n`);
  process.exit(err instanceof AgentwatchError || err === undefined ? 2 : 1);
}

/** Every handler's error becomes the one-line message, whether it was thrown or rejected. */
const safe = <A>(fn: (args: A) => unknown) => async (args: A) => {
  try { await fn(args); } catch (err) { fail(undefined, err as Error); }
};

await yargs(hideBin(process.argv))
  .scriptName('agentwatch')
  .env('AGENTWATCH')
  .option('state-dir', { type: 'string', describe: 'state directory (AGENTWATCH_STATE_DIR)' })
  .option('port', { type: 'number', describe: 'daemon port (AGENTWATCH_PORT, default 47474)' })
  .option('config', { type: 'string', describe: 'config file, JSON or YAML (AGENTWATCH_CONFIG)' })
  .option('json', { type: 'boolean', describe: 'print NDJSON' })
  .command('daemon', 'run the daemon in the foreground', (y) => y.option('mode', { choices: ['observe', 'enforce'] as const, describe: 'policy mode (overrides config)' }), safe(lazy(async () => (await commands()).runDaemonCommand)))
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
  .command('install', "add agentwatch's hooks to agent configuration", install, safe(lazy(async () => (await commands()).installCommand)))
  .command('uninstall', 'remove exactly what install added', install, safe(lazy(async () => (await commands()).uninstallCommand)))
  .command('hook <agent>', 'stdin → daemon forwarder for command-type hooks (fails open)',
    (y) => y.positional('agent', { type: 'string', demandOption: true }).option('timeout-ms', { type: 'number', default: 3000 }),
    safe(async (a) => (await import('./cli/hook-command.js')).hookCommand({ ...a, agent: a.agent })))
  .demandCommand(1, 'name a command (see --help)')
  .strict()
  .version(VERSION)
  .help()
  .fail((msg, err) => fail(msg, err))
  .parseAsync()
  .catch((err: Error) => fail(undefined, err));
