// `agentwatch osquery-config`: the osquery `auto_table_construction` block for agentwatch's export database
// (outputs.osquery), ready to paste into an osquery config or Fleet's agent options. The path is a pattern
// over every user's state dir by default (`%` is one path segment), /var/lib/agentwatch for a system install.
import { AgentwatchError } from '../../core/errors.js';
import { atcConfig, osqueryDbPattern } from '../fleet/osquery-tables.js';
import type { CommonArgs } from './options.js';

export interface OsqueryConfigArgs extends CommonArgs { scope: 'user' | 'system'; platform?: string; path?: string }

export function osqueryConfigCommand(args: OsqueryConfigArgs): void {
  const platform = args.platform ?? (process.platform === 'darwin' ? 'darwin' : 'linux');
  if (platform !== 'linux' && platform !== 'darwin') throw new AgentwatchError('AW_ERR_ARGS', `--platform "${platform}": agentwatch's export runs on linux and darwin`);
  if (args.path !== undefined && !args.path.startsWith('/')) throw new AgentwatchError('AW_ERR_ARGS', `--path "${args.path}" must be absolute (osquery resolves it on each host)`);
  const block = atcConfig(args.path ?? osqueryDbPattern(args.scope, platform), platform);
  process.stdout.write(`${args.json ? JSON.stringify(block) : JSON.stringify(block, null, 2)}\n`);
}
