// `agentwatch console --web [--no-open]`: asks the running daemon (with the token from the state dir) for a
// one-time login link, prints it and opens it in the browser. The link signs one browser in, once, within
// a minute; the token itself never goes into a URL.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AgentwatchError } from '../../core/errors.js';
import { daemonEndpoint, type CommonArgs } from './options.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** Asks the daemon for a one-time console link. */
export async function consoleLink(port: number, token: string): Promise<{ url: string; expiresAt: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/console/link`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) })
    .catch((err: Error) => { throw new AgentwatchError('AW_ERR_NOT_RUNNING', `the daemon on port ${port} does not answer (${err.message})`); });
  const body = (await res.json().catch(() => ({}))) as { url?: string; expiresAt?: string; error?: string };
  if (!res.ok || !body.url) throw new AgentwatchError('AW_ERR_TOKEN', `the daemon refused a console link: HTTP ${res.status}${body.error ? ` (${body.error})` : ''}`);
  return { url: body.url, expiresAt: body.expiresAt ?? '' };
}

/** The desktop's "open this URL" program, if one is on PATH. */
function opener(): string | undefined {
  const name = process.platform === 'darwin' ? 'open' : 'xdg-open';
  return (process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, name)).find((f) => { try { fs.accessSync(f, fs.constants.X_OK); return true; } catch { return false; } });
}

export async function consoleWebCommand(args: CommonArgs & { open?: boolean }): Promise<void> {
  const { port, token } = daemonEndpoint(args);
  const link = await consoleLink(port, token);
  if (args.json) out(JSON.stringify(link));
  else out(`web console (this link works once, until ${link.expiresAt}):\n${link.url}`);
  const open = args.open === false ? undefined : opener();
  if (open) spawn(open, [link.url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
}
