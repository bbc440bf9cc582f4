// `agentwatch doctor [--json]`: checks an installation end to end and says what is wrong, one actionable
// line per problem (daemon/doctor/): the service, the daemon's health, the token's permissions, each
// agent's hooks (present, and reaching the daemon: a probe is sent through each), agents of this user
// running without hooks, the inotify budget and the kernel tier. Exits 1 when any check fails.
import os from 'node:os';
import { agentCatalog } from '../../core/agents/catalog.js';
import { hooksInstalled } from '../../collectors/agents/hooks-installed.js';
import { inventoryOf, scanProcesses } from '../../collectors/agents/snapshot.js';
import { readAgentDirs } from '../../collectors/agents/sessions.js';
import { readDaemonInfo, readToken } from '../state-dir.js';
import { hookChecks } from '../doctor/hook-probe.js';
import { daemonCheck, kernelTierCheck, secretFileChecks, serviceCheck, unhookedAgentsCheck, watchBudgetCheck } from '../doctor/system-checks.js';
import type { Check } from '../doctor/check.js';
import { stateDirOf, type CommonArgs } from './options.js';

/** This user's agent processes (their HOME is ours) and whether their config has our hooks. */
async function ownAgents(home: string): Promise<{ agent: string; pid: number; live: boolean; hooksInstalled?: boolean }[]> {
  const rows = inventoryOf(await scanProcesses(), agentCatalog(), home);
  return rows.filter((r) => (readAgentDirs(r.pid).home ?? home) === home).map((r) => {
    const installed = hooksInstalled(r.agent, home);
    return { agent: r.agent, pid: r.pid, live: true, ...(installed === undefined ? {} : { hooksInstalled: installed }) };
  });
}

export async function doctorChecks(args: CommonArgs): Promise<Check[]> {
  const dir = stateDirOf(args);
  const home = os.homedir();
  const info = readDaemonInfo(dir);
  // Before the token is read: reading a private state file puts its mode back to 0600 (state-dir.ts).
  const secrets = secretFileChecks(dir);
  const token = readToken(dir);
  const daemon = await daemonCheck(dir, info);
  const target = info && token ? { port: args.port ?? info.port, token, home } : undefined;
  // The process scan and the hook probes (each a process or a request) run side by side.
  const [hooks, agents] = await Promise.all([hookChecks(dir, target), ownAgents(home)]);
  return [
    serviceCheck(),
    daemon.check,
    ...secrets,
    ...hooks,
    unhookedAgentsCheck(agents),
    watchBudgetCheck(info),
    kernelTierCheck(daemon.health),
  ];
}

const MARK: Record<Check['status'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' };

export async function doctorCommand(args: CommonArgs): Promise<void> {
  const checks = await doctorChecks(args);
  for (const c of checks) process.stdout.write(`${args.json ? JSON.stringify(c) : `${MARK[c.status]} ${c.message}`}\n`);
  const failed = checks.filter((c) => c.status === 'fail').length;
  if (!args.json) process.stdout.write(failed === 0 ? 'agentwatch doctor: no problems found\n' : `agentwatch doctor: ${failed} problem(s)\n`);
  if (failed > 0) process.exitCode = 1;
}
