// `agentwatch token rotate`: a new stream token and hook install secret. A running daemon makes them itself
// (POST /v1/token/rotate with the current token), takes them up at once and cuts off stream clients of the
// old token; with no daemon running the files are replaced here. Then the secret is rewritten into every
// agent config that carries it (Claude Code's http hook headers, user or managed) and into install --system's
// readable copy; command hooks read it from the state dir (or that copy).
import os from 'node:os';
import { AgentwatchError } from '../../core/errors.js';
import { ensureStateDir, readDaemonInfo, readHookSecret, readToken, rotateSecrets } from '../state-dir.js';
import { rotateAgentSecret, supportedAgents } from '../../installer/install.js';
import { rotateSystemSecretFile } from '../../installer/rollout.js';
import { printReport } from './commands.js';
import { stateDirOf, type CommonArgs } from './options.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** Asks the running daemon to rotate; a refusal or silence is a one-line error and nothing changes. */
async function rotateInDaemon(port: number, token: string | undefined, graceSeconds: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/token/rotate`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` }, body: JSON.stringify({ graceSeconds }), signal: AbortSignal.timeout(10_000),
  }).catch((err: Error) => { throw new AgentwatchError('AW_ERR_NOT_RUNNING', `the daemon on port ${port} does not answer (${err.message}); nothing was rotated`); });
  if (!res.ok) {
    const why = await res.json().then((b: { error?: string }) => b.error, () => undefined);
    throw new AgentwatchError('AW_ERR_TOKEN', `the daemon refused to rotate: HTTP ${res.status}${why ? ` (${why})` : ''}; nothing was rotated`);
  }
}

export async function tokenRotateCommand(args: CommonArgs & { graceSeconds: number }): Promise<void> {
  const dir = stateDirOf(args);
  const info = readDaemonInfo(dir);
  if (info) await rotateInDaemon(args.port ?? info.port, readToken(dir), args.graceSeconds);
  else { ensureStateDir(dir); rotateSecrets(dir); }
  const secret = readHookSecret(dir);
  if (secret === undefined) throw new AgentwatchError('AW_ERR_TOKEN', `no hook secret in ${dir} after rotating`);
  const systemCopy = rotateSystemSecretFile(dir, secret);
  if (systemCopy) printReport(systemCopy, args);
  for (const [agent, level] of supportedAgents().flatMap((a) => [[a, 'user'], [a, 'system']] as const)) {
    try {
      const r = rotateAgentSecret(agent, { home: os.homedir(), stateDir: dir, secret, level });
      if (r.action !== 'not-installed') printReport(r, args);
    } catch (err) {
      // The token is rotated already: say which agent's hooks still hold the old secret, and go on with the rest.
      process.stderr.write(`agentwatch: ${agent}: the new hook secret is not in its config (${(err as Error).message.split('\n')[0]}); fix that and run: agentwatch install --agents ${agent}\n`);
      process.exitCode = 1;
    }
  }
  if (args.json) { out(JSON.stringify({ rotated: true, daemon: info !== undefined, graceSeconds: info ? args.graceSeconds : 0 })); return; }
  out(info
    ? `token and hook secret rotated; stream clients of the old token were disconnected; the old hook secret is accepted for ${args.graceSeconds}s more`
    : 'token and hook secret rotated (no daemon running: it takes them up when it starts)');
}
