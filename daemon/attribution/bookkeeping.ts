// Files an agent writes for itself on every turn (transcripts, session files, shell snapshots, scratch
// cwd files): stored, they would bury the session's real effects. Config, hook and MCP files of the agent
// are not in this list: an agent (or a command) changing those is exactly what must be seen.
import type { Event } from '../../core/event.js';
import { agentStateFiles } from '../../core/agents/tables.js';

/** A file event on the attributed agent's own bookkeeping files (the catalog's stateDirs and stateFilePattern). */
export function isAgentBookkeeping(e: Event, home: string | undefined): boolean {
  if (e.path === undefined || !e.kind.startsWith('file.')) return false;
  const state = agentStateFiles().get(e.agent.kind);
  if (!state) return false;
  if (state.pattern?.test(e.path)) return true;
  return home !== undefined && state.homeDirs.some((p) => e.path!.startsWith(`${home}/${p}`));
}

const SHELL = /(?:^|\/)(?:ba|z|da)?sh$/;
// Claude Code's IDE detection at startup: `ps aux | grep -E "code|cursor|windsurf|…" | grep -v grep`.
const IDE_PROBE = /^code\|cursor\|windsurf\|/;

/**
 * A process an agent runs for itself, outside any tool call, with a fixed command line the model does not
 * control: Claude's shell snapshot (`bash -c -l SNAPSHOT_FILE=…/shell-snapshots/…`, not the per-call
 * `source <snapshot> && eval '<cmd>'` wrapper), its environment capture (`bash -c env`) and its IDE probe.
 * Their children (id, cat, grep …) are the agent's too; the attribution stage follows them down the tree.
 */
export function isAgentInternalCommand(argv: readonly string[]): boolean {
  const prog = argv[0] ?? '';
  if (SHELL.test(prog)) {
    const script = argv.slice(1).find((a) => !a.startsWith('-')) ?? '';
    if (script === 'env' || /^ps aux \| grep -E ["']?code\|cursor\|windsurf\|/.test(script)) return true;
    return /^SNAPSHOT_FILE=\S*\/shell-snapshots\//.test(script);
  }
  if (/(?:^|\/)ps$/.test(prog)) return argv.length === 2 && argv[1] === 'aux';
  if (/(?:^|\/)grep$/.test(prog)) return (argv[1] === '-E' && IDE_PROBE.test(argv[2] ?? '')) || (argv[1] === '-v' && argv[2] === 'grep' && argv.length === 3);
  return false;
}
