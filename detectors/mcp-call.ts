// The MCP registry enforced where it is used (issue 11 item 6): "the registry controls what exists,
// hooks control how it is used". Three judgements, all pure:
//  - a tool call to a server, or a tool of it, that the allowlist does not approve for this team;
//  - a write that puts an MCP server into an agent's config (`.mcp.json`, `.cursor/mcp.json`,
//    `.gemini/settings.json`, `~/.codex/config.toml` …), judged on the tool call, before the write, and the same
//    server registered through the agent's CLI (`claude mcp add`);
//  - an MCP tool result carrying the poisoning the live scan looks for in tool descriptions (hidden
//    instructions, invisible characters): untrusted input the session's later actions are weighed against.
import type { Detector, Finding } from './detector.js';
import type { Event } from '../core/event.js';
import { catalogRuleLists } from './catalog.js';
import { displayPath } from './paths.js';
import { mcpToolName } from './mcp-policy.js';
import { mcpResultInjection } from './mcp-result.js';
import { isKnownMcpLaunch } from './mcp-publishers.js';
import { mcpServerAddedByCli } from './command/mcp-add-cli.js';
import picomatch from 'picomatch';

const configMatcher = new Map<string, (p: string) => boolean>();
let configNames: { exact: Set<string>; globbed: boolean } | undefined;
/** Whether a path is one of the agents' MCP config files (the catalog's `mcp-config-files` list). */
export function isMcpConfigFile(abs: string, home: string): boolean {
  const list = catalogRuleLists().get('mcp-config-files') ?? [];
  // Hot path (every write): most files are ruled out by their name before any glob runs.
  configNames ??= { exact: new Set(list.map((p) => p.split('/').pop()!).filter((n) => !/[*?{[]/.test(n))), globbed: list.some((p) => /[*?{[]/.test(p.split('/').pop()!)) };
  if (!configNames.globbed && !configNames.exact.has(abs.slice(abs.lastIndexOf('/') + 1))) return false;
  let m = configMatcher.get(home);
  if (m === undefined) {
    const patterns = list.map((p) => (p.startsWith('~/') ? home + p.slice(1) : p.startsWith('**/') ? `/${p}` : p));
    m = picomatch(patterns, { dot: true });
    configMatcher.set(home, m);
  }
  return m(abs);
}

// What defines a server in every client's dialect: a JSON/YAML entry that launches (command) or
// connects (url, httpUrl, serverUrl), a TOML `[mcp_servers.x]` table, a Continue YAML list item.
// Indentation is [ \t]*, not \s*: with `m`, `^\s*` starts again at every newline of a run and takes the rest
// of it each time (8 KB of newlines took 193 s).
const SERVER_MARK = /"(?:command|url|httpUrl|serverUrl)"\s*:|^[ \t]*\[mcp_servers\.[^\]]+\]|^[ \t]*(?:command|url)[ \t]*=|^[ \t]*(?:-[ \t]*)?(?:command|url)[ \t]*:/gm;
const marks = (text: string | undefined) => (text === undefined ? [] : [...text.matchAll(SERVER_MARK)].map((m) => m[0].trim()));

/** A launch the write adds, as text for the reason: the `command`/`args` or `url` of the first new server. */
function launchOf(content: string): { command?: string; args?: string[]; url?: string } | undefined {
  try {
    const doc = JSON.parse(content) as Record<string, unknown>;
    const servers = (doc.mcpServers ?? doc.servers ?? doc.mcp_servers) as Record<string, { command?: string; args?: string[]; url?: string; httpUrl?: string; serverUrl?: string }> | undefined;
    if (servers === undefined || typeof servers !== 'object') return undefined;
    const all = Object.values(servers).filter((s) => s && typeof s === 'object');
    return all.length === 1 ? { command: all[0]!.command, args: all[0]!.args, url: all[0]!.url ?? all[0]!.httpUrl ?? all[0]!.serverUrl } : undefined;
  } catch { return undefined; }
}

/** Every server of a whole JSON config (for the allowlist check); undefined when it is a fragment or another format. */
function serversOf(content: string): { command?: string; args?: string[]; url?: string }[] | undefined {
  try {
    const doc = JSON.parse(content) as Record<string, unknown>;
    const servers = (doc.mcpServers ?? doc.servers) as Record<string, { command?: string; args?: string[]; url?: string; httpUrl?: string; serverUrl?: string }> | undefined;
    if (servers === undefined || typeof servers !== 'object') return undefined;
    return Object.values(servers).map((s) => ({ command: s?.command, args: s?.args, url: s?.url ?? s?.httpUrl ?? s?.serverUrl }));
  } catch { return undefined; }
}

/** The servers a tool's write adds: a whole JSON config (less those of the replaced text), or an Edit's JSON fragment. */
function addedLaunches(content: string | undefined, old: string | undefined): { command?: string; args?: string[]; url?: string }[] | undefined {
  if (content === undefined) return undefined;
  const parse = (t: string) => serversOf(t) ?? serversOf(`{"mcpServers":{${t.trim().replace(/,$/, '')}}}`);
  const now = parse(content);
  if (now === undefined) return undefined;
  const before = new Set((old === undefined ? [] : parse(old) ?? []).map((l) => JSON.stringify(l)));
  return now.filter((l) => !before.has(JSON.stringify(l)));
}

const show = (l: { command?: string; args?: string[]; url?: string } | undefined) =>
  l === undefined ? '' : l.url !== undefined ? ` (${l.url})` : l.command !== undefined ? ` (\`${[l.command, ...(l.args ?? [])].join(' ').slice(0, 160)}\`)` : '';

function configWrites(event: Event, facts: Parameters<Detector['evaluate']>[0]['facts'], ctx: Parameters<Detector['evaluate']>[0]['ctx']): Finding[] {
  // The hook's PreToolUse (a write tool is a `file.write` from the hook; a shell write a `tool.call`).
  if (event.kind !== 'tool.call' && event.kind !== 'file.write') return [];
  const out: Finding[] = [];
  for (const w of facts.writes) {
    if (!isMcpConfigFile(w.path, ctx.home)) continue;
    const before = marks(w.oldContent);
    // A shell write (`cat > .mcp.json <<EOF`, `echo '{"mcpServers": …}' > …`) shows its text only in the command.
    const added = marks(w.content ?? event.command).filter((m) => { const i = before.indexOf(m); if (i >= 0) { before.splice(i, 1); return false; } return true; });
    if (added.length === 0) continue;
    // A whole config whose every server IT approved is the user's own setup being written back.
    const servers = w.content === undefined ? undefined : serversOf(w.content);
    if (ctx.mcp && servers !== undefined && servers.length > 0 && servers.every((s) => ctx.mcp!.approves(s))) continue;
    const file = displayPath(w.path, ctx.home);
    const policy = ctx.mcp ? ` and the allowlist ${ctx.mcp.source} does not approve it` : '';
    // Without an allowlist, every server the write adds being a vendor's or the protocol's own is asked about, not refused.
    const launches = ctx.mcp ? undefined : addedLaunches(w.content, w.oldContent);
    const known = launches !== undefined && launches.length === added.length && launches.every(isKnownMcpLaunch);
    out.push({
      rule: 'mcp-server-write', severity: known ? 'medium' : 'high', tactic: 'persistence', technique: 'T1546',
      title: `Agent writes an MCP server into ${file}`,
      reason: `The agent is about to add an MCP server to ${file}${show(w.content === undefined ? undefined : launchOf(w.content))}${policy}: `
        + 'its client starts it in every later session with the user\'s rights, outside any tool call this session is judged on.',
      evidence: [event.id], key: w.path, block: true,
    });
  }
  return out;
}

/**
 * A server registered through an agent's CLI (`claude mcp add x -- npx -y pkg`): judged as the config write it
 * makes, medium for a vendor's or the protocol's own server (or one the allowlist approves), high otherwise.
 */
function cliAdds(event: Event, facts: Parameters<Detector['evaluate']>[0]['facts'], ctx: Parameters<Detector['evaluate']>[0]['ctx']): Finding[] {
  if (event.kind !== 'tool.call') return [];
  const out: Finding[] = [];
  for (const cmd of facts.commands) {
    const l = mcpServerAddedByCli(cmd.argv);
    if (l === undefined) continue;
    const named = l.command !== undefined || l.url !== undefined;
    const vetted = named && (ctx.mcp ? ctx.mcp.approves(l) : isKnownMcpLaunch(l));
    out.push({
      rule: 'mcp-server-add-cli', severity: vetted || !named ? 'medium' : 'high', tactic: 'persistence', technique: 'T1546',
      title: `Agent adds an MCP server with ${cmd.argv[0]} mcp`,
      reason: `The agent runs \`${cmd.argv.join(' ').slice(0, 300)}\`, which adds an MCP server${show(named ? l : undefined)} that its client starts in every later session with the user's rights`
        + `${vetted ? '' : ctx.mcp ? `; the allowlist ${ctx.mcp.source} does not approve it` : named ? '; it is no vendor\'s or the protocol\'s own server' : ''}.`,
      evidence: [event.id], key: cmd.argv.slice(0, 4).join(' '), block: true,
    });
  }
  return out;
}

function unapprovedCall(event: Event, ctx: Parameters<Detector['evaluate']>[0]['ctx']): Finding[] {
  const policy = ctx.mcp;
  // An MCP filesystem tool's call arrives as the file read or write it is (core/hooks/mcp-tool-shape.ts): still a call to judge.
  if ((event.kind !== 'tool.call' && event.kind !== 'file.read' && event.kind !== 'file.write') || policy === undefined) return [];
  const name = mcpToolName(event, () => policy.serverNames(event.agent.kind, event.cwd));
  if (name === undefined) return [];
  const v = policy.judge({ agent: event.agent.kind, server: name.server, tool: name.tool, cwd: event.cwd });
  if (v.status === 'approved') return [];
  const team = policy.team !== undefined ? ` for team ${policy.team}` : '';
  const why = v.status === 'unknown-server' ? `no MCP config agentwatch reads defines a server "${name.server}", so nobody vetted it`
    : v.status === 'unapproved-server' ? `server "${name.server}" (${v.launch}, from ${displayPath(v.file, ctx.home)}) matches no entry of the allowlist${team}`
      : `the allowlist approves server "${name.server}" (${v.launch})${team} only for the tools ${v.tools.join(', ')}`;
  return [{
    rule: v.status === 'unapproved-tool' ? 'mcp-unapproved-tool' : 'mcp-unapproved-server', severity: 'high', tactic: 'execution',
    title: v.status === 'unapproved-tool' ? `MCP tool ${name.tool} of ${name.server} is not approved` : `MCP server ${name.server} is not approved`,
    reason: `The agent calls ${event.tool!.name}, but ${why} (allowlist ${policy.source}).`,
    evidence: [event.id], key: `${name.server}\0${name.tool}`, block: true,
  }];
}

export const mcpCall: Detector = {
  name: 'mcp-call',
  judges: 'intent',
  evaluate({ event, facts, ctx }) {
    return [...unapprovedCall(event, ctx), ...configWrites(event, facts, ctx), ...cliAdds(event, facts, ctx), ...mcpResultInjection(event, ctx)];
  },
};
