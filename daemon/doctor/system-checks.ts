// `agentwatch doctor`, everything but the hooks: the service, the daemon's health, the state files'
// permissions, agents running without hooks, the inotify watch budget and the kernel tier. Each is one
// Check with one actionable line; none changes anything.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stateFiles } from '../../core/state-files.js';
import type { DaemonInfo } from '../state-dir.js';
import { ProcFs } from '../../collectors/proc/procfs.js';
import type { Check } from './check.js';
import { onPath } from '../../core/on-path.js';

/** The unit `agentwatch install` sets up (user unit, or system unit with --system). */
export const SERVICE_UNIT = 'agentwatch.service';


const systemctl = (args: string[]) => {
  const r = spawnSync('systemctl', args, { encoding: 'utf8', timeout: 5000 });
  return (r.stdout ?? '').trim().split('\n')[0] ?? '';
};

/** The service: when a unit of ours is enabled (user or system), it must be active. */
export function serviceCheck(): Check {
  if (!onPath('systemctl')) return { check: 'service', status: 'skip', message: 'no systemctl on PATH: the service is not checked' };
  for (const scope of [['--user'], []]) {
    const enabled = systemctl([...scope, 'is-enabled', SERVICE_UNIT]);
    if (!['enabled', 'enabled-runtime', 'static', 'linked'].includes(enabled)) continue;
    const active = systemctl([...scope, 'is-active', SERVICE_UNIT]);
    const cmd = `systemctl ${[...scope, ''].join(' ')}`;
    return active === 'active'
      ? { check: 'service', status: 'ok', message: `${SERVICE_UNIT} (${scope.length ? 'user' : 'system'}) is active` }
      : { check: 'service', status: 'fail', message: `${SERVICE_UNIT} (${scope.length ? 'user' : 'system'}) is ${active || 'not active'}: run: ${cmd}start ${SERVICE_UNIT} (and see: ${cmd}status ${SERVICE_UNIT})` };
  }
  return { check: 'service', status: 'warn', message: `no ${SERVICE_UNIT} is enabled, so agentwatch runs only while started by hand: run: agentwatch install --user` };
}

export interface Health {
  status?: string; components?: Record<string, { status: string; reason?: string }>;
  collectors?: Record<string, { status?: string; reason?: string }>; tier?: { active: string; why?: string };
}

/** The daemon: running on this state dir, answering, and healthy; returns its health for the checks after it. */
export async function daemonCheck(stateDir: string, info: DaemonInfo | undefined): Promise<{ check: Check; health?: Health }> {
  if (!info) return { check: { check: 'daemon', status: 'fail', message: `no agentwatch daemon runs on state dir ${stateDir}: run: systemctl --user start ${SERVICE_UNIT} (or: agentwatch daemon)` } };
  let health: Health;
  try {
    health = await (await fetch(`http://127.0.0.1:${info.port}/v1/health`, { signal: AbortSignal.timeout(3000) })).json() as Health;
  } catch (err) {
    return { check: { check: 'daemon', status: 'fail', message: `the daemon (pid ${info.pid}) does not answer on port ${info.port} (${(err as Error).message}): restart it` } };
  }
  const bad = [...Object.entries(health.components ?? {}), ...Object.entries(health.collectors ?? {})].filter(([, c]) => c.status !== undefined && c.status !== 'ok');
  if (bad.length === 0) return { health, check: { check: 'daemon', status: 'ok', message: `the daemon (pid ${info.pid}, port ${info.port}) is ${health.status ?? 'ok'}` } };
  return { health, check: { check: 'daemon', status: 'fail', message: `the daemon is ${health.status}: ${bad.map(([n, c]) => `${n} ${c.status}${c.reason ? ` (${c.reason})` : ''}`).join('; ')}: see agentwatch status and the log ${stateFiles(stateDir).log}` } };
}

/** The token and the hook secret: regular files, ours, readable by nobody else. */
export function secretFileChecks(stateDir: string): Check[] {
  const uid = process.getuid?.();
  return (['token', 'hookSecret'] as const).map((k): Check => {
    const file = stateFiles(stateDir)[k];
    const check = k === 'token' ? 'token' : 'hook-secret';
    let st: fs.Stats;
    try { st = fs.lstatSync(file); } catch { return { check, status: 'fail', message: `${file} does not exist: start the daemon once (it creates it)` }; }
    if (!st.isFile()) return { check, status: 'fail', message: `${file} is not a regular file${st.isSymbolicLink() ? ' (a symbolic link)' : ''}: remove it and restart the daemon` };
    if (uid !== undefined && st.uid !== uid) return { check, status: 'fail', message: `${file} belongs to uid ${st.uid}, not to you (uid ${uid}): run: agentwatch token rotate` };
    const mode = st.mode & 0o777;
    if ((mode & 0o077) !== 0) return { check, status: 'fail', message: `${file} is mode ${mode.toString(8)}, open to other users: run: chmod 600 ${file} && agentwatch token rotate` };
    return { check, status: 'ok', message: `${file} is 600 and yours` };
  });
}

/** Agents of this user running now whose config has none of our hooks (row.hooksInstalled from `agentwatch agents`). */
export function unhookedAgentsCheck(rows: { agent: string; pid?: number; live: boolean; hooksInstalled?: boolean }[]): Check {
  const bare = rows.filter((r) => r.live && r.hooksInstalled === false);
  if (bare.length === 0) return { check: 'agents', status: 'ok', message: `${rows.filter((r) => r.live).length} agent process(es) running, none without hooks` };
  const agents = [...new Set(bare.map((r) => r.agent))];
  return { check: 'agents', status: 'fail', message: `running without agentwatch hooks: ${bare.map((r) => `${r.agent} (pid ${r.pid})`).join(', ')}: run: agentwatch install --user --agents ${agents.join(',')}` };
}

/** The inotify budget (Linux): the daemon's own watches against the per-user limit. */
export function watchBudgetCheck(info: DaemonInfo | undefined, proc = new ProcFs()): Check {
  const max = proc.inotifyLimit();
  if (max === undefined) return { check: 'watch-budget', status: 'skip', message: 'no inotify here: the file watch budget is not checked' };
  if (!info) return { check: 'watch-budget', status: 'skip', message: `inotify limit ${max} watches per user; the daemon is not running to count its own` };
  const used = proc.inotifyWatches(info.pid);
  if (used === undefined) return { check: 'watch-budget', status: 'skip', message: `inotify limit ${max}; the daemon's own watches cannot be read (another user's process)` };
  const status = used > 0.9 * max ? 'fail' : used > 0.6 * max ? 'warn' : 'ok';
  return { check: 'watch-budget', status, message: `the daemon holds ${used} of ${max} inotify watches per user${status === 'ok' ? '' : ': raise it: sysctl fs.inotify.max_user_watches=524288'}` };
}

/** The kernel tier (exec/open/connect tracing) runs only with root; say why it does not. */
export function kernelTierCheck(health: Health | undefined): Check {
  const tier = health?.tier;
  if (!tier) return { check: 'kernel-tier', status: 'skip', message: 'the daemon is not running: the process tier is not known' };
  if (tier.active === 'kernel') return { check: 'kernel-tier', status: 'ok', message: 'the kernel tier runs (exec, open and connect are traced)' };
  return { check: 'kernel-tier', status: 'warn', message: `the kernel tier is off (${tier.why ?? 'unknown'}), the ${tier.active} tier runs: for kernel tracing run the daemon as root with bpftrace (agentwatch install --system)` };
}
