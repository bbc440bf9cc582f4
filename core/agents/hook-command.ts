// The command line an agent's command hook runs (`agentwatch hook <agent> …`), written by install and
// recognised by the daemon (an agent's `sh -c LINE` running it is our own forwarder, not agent activity;
// tamper restores it). Here, in core, so the daemon does not load the installer to know it.

/** Where --system keeps what every user's hook process must read: the secret (its agents post with it). */
export const SYSTEM_SECRET_FILE = '/etc/agentwatch/hook-secret';

/** What the command line depends on: the install level, how to run this CLI ([node, main.js]), where the daemon is. */
export interface HookCommandTarget { level: 'user' | 'system'; program: string[]; stateDir: string; port: number }

const q = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The command line an agent runs for command-type hooks. */
export function hookCommand(r: HookCommandTarget, agent: string): string {
  const where = r.level === 'system' ? ['--port', String(r.port), '--secret-file', SYSTEM_SECRET_FILE] : ['--state-dir', r.stateDir];
  return [...r.program, 'hook', agent, ...where].map(q).join(' ');
}

/**
 * Whether a shell line (an agent's `sh -c LINE`) is exactly a hook command of this CLI (`main`) as
 * hookCommand writes it, for any agent and level, quoted as it does or always quoted (older installs):
 * words of safe characters or single-quoted literals, nothing the shell would expand or chain.
 */
export function isHookCommandLine(line: string, main: string): boolean {
  const parts = line.match(/'(?:[^']|'\\'')*'|[^ ]+/g) ?? [];
  if (parts.join(' ') !== line || !parts.every((p) => /^[\w@%+=:,./-]+$/.test(p) || /^'(?:[^']|'\\'')*'$/.test(p))) return false;
  const words = parts.map((p) => (p.startsWith("'") ? p.slice(1, -1).replace(/'\\''/g, "'") : p));
  const [, cli, verb, agent, ...rest] = words;
  if (cli !== main || verb !== 'hook' || !/^[a-z][a-z-]*$/.test(agent ?? '')) return false;
  return (rest.length === 2 && rest[0] === '--state-dir')
    || (rest.length === 4 && rest[0] === '--port' && /^\d+$/.test(rest[1]!) && rest[2] === '--secret-file');
}
