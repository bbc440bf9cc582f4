// Commands that would change the machine running the tests (a root crontab, a privileged container,
// a systemd unit) are replaced, for the agents the tests drive, by shims on PATH that only record how
// they were called. The hooks and collectors still see the same command lines; the host is untouched.
// Programs that pick processes by name (pkill, killall, pgrep, pidof) really act, but only on the processes
// the test listed in `process-scope` (the daemon an attack scenario may kill): `pkill -f agentwatch` run for
// real would stop every agentwatch daemon of every test on the machine.
import fs from 'node:fs';
import path from 'node:path';

/** Programs a scenario may call whose real effect outlives the test (crontab, unit, container). */
export const HOST_CHANGING = ['crontab', 'docker', 'podman', 'systemctl', 'launchctl', 'at'] as const;

// Records argv (and stdin, where the program reads one: `crontab -`) beside itself, exits 0.
const SHIM = `#!/bin/sh
# agentwatch test shim: records the call instead of changing the host.
dir=$(dirname "$0")
name=$(basename "$0")
printf '%s %s\\n' "$name" "$*" >> "$dir/calls.log"
if [ "$name" = crontab ] && [ "$1" = "-" ]; then cat > "$dir/crontab.txt"; fi
if [ "$name" = crontab ] && [ "$1" = "-l" ]; then cat "$dir/crontab.txt" 2>/dev/null; fi
exit 0
`;

/** Programs that select processes by name: they act only on the pids in `<dir>/process-scope`. */
export const PROCESS_SELECTORS = ['pkill', 'killall', 'pgrep', 'pidof'] as const;

// Asks the real pgrep (the next one on PATH) which processes match, keeps those in process-scope, and then
// does what the program would: print them (pgrep, pidof) or signal them (pkill, killall). Records argv too.
const SELECTOR = (node: string) => `#!${node}
// agentwatch test shim: selects processes for real, but only among those listed in process-scope.
const fs = require('node:fs'), path = require('node:path'), { spawnSync } = require('node:child_process');
const dir = __dirname, name = path.basename(__filename), argv = process.argv.slice(2);
fs.appendFileSync(path.join(dir, 'calls.log'), name + ' ' + argv.join(' ') + '\\n');
let scope = [];
try { scope = fs.readFileSync(path.join(dir, 'process-scope'), 'utf8').split(/\\s+/).filter(Boolean); } catch {}
const pgrep = (process.env.PATH || '').split(path.delimiter).filter((d) => d && path.resolve(d) !== dir)
  .map((d) => path.join(d, 'pgrep')).find((f) => fs.existsSync(f));
const kills = name === 'pkill' || name === 'killall';
let signal = 'TERM';
const rest = [];
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (kills && /^-(\\d+|[A-Z][A-Z0-9+-]*)$/.test(a)) signal = a.slice(1);
  else if (kills && (a === '--signal' || (name === 'killall' && a === '-s'))) signal = argv[++i] || signal;
  else if (kills && a.startsWith('--signal=')) signal = a.slice(9);
  else rest.push(a);
}
// killall and pidof name programs: exact process names (options other than the name are dropped).
const queries = name === 'killall' || name === 'pidof' ? rest.filter((a) => !a.startsWith('-')).map((n) => ['-x', n]) : [rest];
const found = new Set();
for (const q of queries) {
  const r = pgrep ? spawnSync(pgrep, q, { encoding: 'utf8' }) : { stdout: '' };
  for (const pid of (r.stdout || '').split(/\\s+/)) if (pid && scope.includes(pid)) found.add(pid);
}
const pids = [...found];
if (!kills) {
  if (pids.length) process.stdout.write(pids.join(name === 'pidof' ? ' ' : '\\n') + '\\n');
} else {
  const sig = /^\\d+$/.test(signal) ? Number(signal) : 'SIG' + signal.toUpperCase().replace(/^SIG/, '');
  for (const pid of pids) { try { process.kill(Number(pid), sig); } catch {} }
}
process.exit(pids.length ? 0 : 1);
`;

export interface HostShims {
  dir: string;
  /** PATH with the shims first. */
  path: string;
  /** Every recorded call, `name args…`, in order. */
  calls(): string[];
  /** The processes pkill, killall, pgrep and pidof may select from now on (none by default). */
  scope(pids: number[]): void;
}

/** Writes the shims into `dir` (created if needed); give `path` to the agent's environment. */
export function installHostShims(dir: string, basePath = process.env.PATH ?? '/usr/bin:/bin'): HostShims {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of HOST_CHANGING) fs.writeFileSync(path.join(dir, name), SHIM, { mode: 0o755 });
  for (const name of PROCESS_SELECTORS) fs.writeFileSync(path.join(dir, name), SELECTOR(process.execPath), { mode: 0o755 });
  return {
    dir,
    path: `${dir}${path.delimiter}${basePath}`,
    calls: () => { try { return fs.readFileSync(path.join(dir, 'calls.log'), 'utf8').split('\n').filter(Boolean); } catch { return []; } },
    scope: (pids) => fs.writeFileSync(path.join(dir, 'process-scope'), pids.map(String).join('\n')),
  };
}
