// Which stdio MCP server a process is, by its command line: the agent starts each server of its MCP
// config as a child process of its own (`command` + `args`), and that process lives as long as the
// session. Its later file and network activity is the server's, not a tool call's, and no hook announces
// it: attribution marks it (Event.mcpServer) so hook-bypass does not take it for the agent acting alone.

/** A stdio server as its config launches it. */
export interface McpLaunchSpec { name: string; command: string; args: readonly string[] }

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
// `python3.12` runs a server configured as `python`.
const program = (p: string) => base(p).replace(/[\d.]+$/, '');

/**
 * The configured server this command line is: the command (by name; also as the script of an interpreter,
 * which is how `npx`, a `#!/usr/bin/env node` script, shows in /proc) followed by exactly its arguments.
 */
export function serverOfCommandLine(argv: readonly string[], servers: readonly McpLaunchSpec[]): string | undefined {
  for (const s of servers) {
    const prog = program(s.command);
    if (prog === '') continue;
    for (let i = 0; i < Math.min(argv.length, 3); i++) {
      if (program(argv[i]!) !== prog) continue;
      const rest = argv.slice(i + 1);
      if (rest.length === s.args.length && rest.every((a, j) => a === s.args[j])) return s.name;
    }
  }
  return undefined;
}
