// Static findings on one configured MCP server: what its config says it will run or contact, judged before
// anything starts. Pure (no I/O); ids and reasons are documented in docs/mcp-findings.md.
import { redactString } from '../../core/redact.js';
import type { ApprovalStatus, Finding, McpScope, McpServerConfig } from './types.js';
import { baseCommand, launchPackage, shellScript } from './launch.js';
import { secretFinding, sensitivePathFindings } from './findings-sensitive.js';

export interface FindingContext {
  scope: McpScope;
  /** The user's home, to recognise `/home/u/.ssh` as `~/.ssh`. */
  home?: string;
  status?: ApprovalStatus;
}

export const commandLine = (c: McpServerConfig) => [c.command ?? '', ...(c.args ?? [])].map((a) => (/[\s"']/.test(a) ? JSON.stringify(a) : a)).join(' ').trim();

const finding = (id: string, severity: Finding['severity'], message: string, evidence?: string): Finding =>
  ({ id, severity, message, ...(evidence !== undefined ? { evidence: redactString(evidence) } : {}) });

export function staticFindings(c: McpServerConfig, ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  if (c.transport === 'stdio') out.push(...launchFindings(c));
  else out.push(...remoteFindings(c));
  out.push(...secretFinding(c, ctx.scope));
  out.push(...approvalFindings(c));
  if (c.transport === 'stdio') out.push(...sensitivePathFindings(c, ctx.home));
  if (ctx.status === 'unapproved') out.push(finding('MCP-UNAPPROVED', 'medium', 'The server is not on the allowlist your organisation pushed, so nobody has vetted what it runs or where it connects.', c.command ? commandLine(c) : c.url));
  return out;
}

const PIPE_TO_SHELL = /\b(curl|wget|fetch|iwr|irm|invoke-webrequest|invoke-restmethod)\b[^|]*\|\s*(sudo\s+)?((ba|z|da|k)?sh|python3?|node|perl|ruby|iex|invoke-expression)\b/i;

function launchFindings(c: McpServerConfig): Finding[] {
  const out: Finding[] = [];
  const line = commandLine(c);
  const args = c.args ?? [];
  const pkg = launchPackage(c.command, args);
  if (pkg && !pkg.pinned) {
    if (pkg.ecosystem === 'docker') {
      out.push(finding('MCP-UNPINNED-IMAGE', 'medium', `The container image ${pkg.name} is not pinned by digest (@sha256:…), so a retagged or compromised image runs on the next start.`, pkg.spec));
    } else if (pkg.ecosystem === 'git') {
      out.push(finding('MCP-UNPINNED-GIT', 'medium', `${pkg.runner} installs from a git source without a commit hash, so whatever the branch or tag points to next is what runs.`, pkg.spec));
    } else {
      const how = pkg.version === undefined ? 'with no version' : `at "${pkg.version}", not an exact version`;
      out.push(finding('MCP-UNPINNED-PACKAGE', 'medium', `${pkg.runner} fetches ${pkg.name} ${how}, so whatever the registry serves next runs with your privileges.`, line));
    }
  }
  const wrapped = c.command ? shellScript(c.command, args) : undefined;
  if (wrapped) out.push(finding('MCP-SHELL-WRAPPER', 'medium', `The server is started through ${wrapped.shell}, which hides the real program behind a script the client's approval prompt does not show.`, line));
  if (PIPE_TO_SHELL.test(line)) out.push(finding('MCP-PIPE-TO-SHELL', 'high', 'The launch command downloads code and pipes it straight into an interpreter, so a remote host decides what runs on every start.', line));
  const sudo = (c.command && ['sudo', 'doas', 'pkexec', 'runas'].includes(baseCommand(c.command))) || (wrapped && /(^|[\s;&|(])(sudo|doas)\s/.test(wrapped.script));
  if (sudo) out.push(finding('MCP-SUDO', 'high', 'The server is started with sudo, so every tool call the agent makes through it runs as root.', line));
  if (c.command && ['docker', 'podman'].includes(baseCommand(c.command))) {
    const priv = args.filter((a, i) => a === '--privileged' || /^--(pid|network|net|ipc)=host$/.test(a) || (/^--(pid|network|net|ipc)$/.test(a) && args[i + 1] === 'host')
      || /docker\.sock/.test(a) || (/^--cap-add(=|$)/.test(a) && /SYS_ADMIN|ALL/.test(a + (args[i + 1] ?? ''))));
    if (priv.length) out.push(finding('MCP-CONTAINER-ESCAPE', 'high', 'The container runs privileged, shares a host namespace or mounts the Docker socket, so it is not a boundary: the server can control the host.', priv.join(' ')));
  }
  return out;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?|0\.0\.0\.0|\[::ffff:127(?:\.\d{1,3}){3}\])$/i;

function remoteFindings(c: McpServerConfig): Finding[] {
  if (!c.url) return [];
  let u: URL;
  try { u = new URL(c.url); } catch {
    return [finding('MCP-BAD-URL', 'low', 'The server url cannot be parsed, so the client will fail to connect or read it differently than this inventory does.', c.url)];
  }
  if ((u.protocol === 'http:' || u.protocol === 'ws:') && !LOOPBACK.test(u.hostname) && !u.hostname.endsWith('.localhost')) {
    const creds = Object.keys(c.headers ?? {}).length > 0 || u.username !== '' || u.search !== '';
    return [finding('MCP-PLAIN-HTTP', creds ? 'high' : 'medium',
      `The server at ${u.host} is reached over unencrypted ${u.protocol.slice(0, -1)}://, so anyone on the network path can read${creds ? ' its credentials and' : ''} every tool call and change the answers.`, c.url)];
  }
  return [];
}

function approvalFindings(c: McpServerConfig): Finding[] {
  if (c.trust === true) return [finding('MCP-AUTO-APPROVE', 'high', 'trust: true makes the client run every tool of this server without asking, so a poisoned description or a compromised server acts unchecked.', 'trust: true')];
  if (c.autoApprove === true) return [finding('MCP-AUTO-APPROVE', 'high', 'Every tool of this server is approved in advance, so a poisoned description or a compromised server acts without the user seeing it.', 'autoApprove: *')];
  if (Array.isArray(c.autoApprove) && c.autoApprove.length) {
    return [finding('MCP-AUTO-APPROVE', 'low', `Some tools of this server run without asking (${c.autoApprove.length}); a changed tool behind the same name would too.`, `autoApprove: ${c.autoApprove.join(', ')}`)];
  }
  return [];
}
