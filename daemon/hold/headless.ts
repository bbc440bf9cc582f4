// Whether a hook's session is headless (claude -p / --print, codex exec, gemini -p / --prompt): nobody sits
// at the agent to answer an `ask`. No hook payload says so, so the agent's own command line does: the
// process holding the hook's connection (Claude Code posts its http hooks itself; Codex and Gemini CLI run
// the `agentwatch hook` forwarder as their child), found through /proc/net/tcp and the fds, and its
// parents. Linux only (elsewhere: not known, treated as interactive). Remembered per session.
import { ProcFs } from '../../collectors/proc/procfs.js';
import { parseNetTable } from '../../collectors/proc/net-parse.js';
import { BoundedMap } from '../../core/bounded-map.js';

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
/** How far up from the connection's owner the agent may be (forwarder → shell → agent → launcher). */
const MAX_DEPTH = 6;

/**
 * The agent among the command lines (the connection's owner first, then its parents) and whether it runs
 * headless; undefined when none of them is a known agent.
 */
export function headlessFromArgv(chain: readonly (readonly string[])[]): boolean | undefined {
  for (const argv of chain) {
    // The program, or the script a node/bun launcher runs (argv[1]).
    const at = argv.slice(0, 2).findIndex((a) => /^(claude|codex|gemini)(\.js)?$/.test(base(a)) || /claude-code\/cli\.js$/.test(a));
    if (at < 0) continue;
    const name = base(argv[at]!);
    const args = argv.slice(at + 1);
    if (name.startsWith('codex')) return args.find((a) => !a.startsWith('-')) === 'exec' || args[0] === 'e';
    return args.some((a) => a === '-p' || a === '--print' || a === '--prompt' || a.startsWith('--prompt='));
  }
  return undefined;
}

export class HeadlessSessions {
  private readonly known = new BoundedMap<string, boolean>(1024);

  constructor(private readonly fs = new ProcFs()) {}

  /**
   * Whether the session whose hook arrived on this connection (the client's port, our port) is headless.
   * Looked up once per session: the /proc walk costs a few ms, paid only on an `ask`.
   */
  isHeadless(sessionId: string | undefined, clientPort: number | undefined, serverPort: number | undefined): boolean {
    if (sessionId !== undefined) { const k = this.known.get(sessionId); if (k !== undefined) return k; }
    const found = clientPort !== undefined && serverPort !== undefined ? headlessFromArgv(this.chainOf(clientPort, serverPort)) : undefined;
    if (sessionId !== undefined && found !== undefined) this.known.set(sessionId, found);
    return found ?? false;
  }

  private chainOf(clientPort: number, serverPort: number): string[][] {
    if (!this.fs.available()) return [];
    const rows = (['tcp', 'tcp6'] as const).flatMap((proto) => parseNetTable(this.fs.netTable(proto) ?? '', proto));
    const row = rows.find((r) => r.localPort === clientPort && r.remotePort === serverPort && r.inode > 0);
    if (!row) return [];
    let pid = this.fs.socketOwners(new Set([row.inode])).get(row.inode);
    const chain: string[][] = [];
    for (let i = 0; pid !== undefined && pid > 1 && i < MAX_DEPTH; i++) {
      chain.push(this.fs.argv(pid) ?? []);
      pid = this.fs.stat(pid)?.ppid;
    }
    return chain;
  }
}
