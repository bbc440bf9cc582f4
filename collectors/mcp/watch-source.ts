// What the MCP config watcher needs from discovery (discover.ts): the candidate files for a home and a
// set of projects, one file's parser and the server fingerprint. An interface, so the watcher depends on
// these three only; nothing here parses a config itself.
import { mcpConfigCandidates, parseConfigFile, serverFingerprint, type McpConfigCandidate } from './discover.js';
import type { ConfigFileProblem, McpServerEntry } from './types.js';

export type McpCandidate = McpConfigCandidate;

export interface McpConfigSource {
  /** Every file that may hold MCP servers (plain paths whether they exist or not; globs as found) for these projects. */
  candidates(home: string, projects: readonly string[]): McpCandidate[];
  /** Servers of one file; a problem with no servers means the file as a whole could not be read. */
  parse(candidate: McpCandidate, text: string): { servers: McpServerEntry[]; problem?: ConfigFileProblem };
  fingerprint(entry: McpServerEntry): string;
}

export function discoverySource(opts: { systemRoot?: string } = {}): McpConfigSource {
  return {
    candidates: (home, projects) => mcpConfigCandidates({ home, platform: process.platform, env: process.env, projects: [...projects], systemRoot: opts.systemRoot }),
    parse: (c, text) => parseConfigFile(c, text),
    fingerprint: serverFingerprint,
  };
}
