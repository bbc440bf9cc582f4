// Options every command shares, resolved the same way everywhere (flag → AGENTWATCH_* env → default).
import os from 'node:os';
import { defaultStateDir, readDaemonInfo, readToken } from '../state-dir.js';
import { AgentwatchError } from '../../core/errors.js';

export interface CommonArgs { stateDir?: string; port?: number; config?: string; json?: boolean }

export function stateDirOf(args: CommonArgs): string {
  return args.stateDir ?? defaultStateDir(process.env, os.homedir());
}

/** Where the running daemon listens, with its token; a one-line error when none runs. */
export function daemonEndpoint(args: CommonArgs): { port: number; token: string } {
  const dir = stateDirOf(args);
  const info = readDaemonInfo(dir);
  const token = readToken(dir);
  if (!info || !token) throw new AgentwatchError('AW_ERR_NOT_RUNNING', `no agentwatch daemon is running on state dir ${dir} (start it with: agentwatch daemon)`);
  return { port: args.port ?? info.port, token };
}

/** `10m`, `2h`, `7d`, `30s` ago, or an ISO date → ISO timestamp. */
export function parseSince(value: string, now = Date.now()): string {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/.exec(value.trim());
  if (m) return new Date(now - Number(m[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[m[2] as 's' | 'm' | 'h' | 'd']).toISOString();
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new AgentwatchError('AW_ERR_ARGS', `--since "${value}" is neither a duration (10m, 2h, 7d) nor a date`);
  return new Date(t).toISOString();
}
