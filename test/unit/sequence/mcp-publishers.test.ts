// An MCP server written into a project's config by the agent, with no allowlist: one its vendor or the protocol's
// project publishes is asked about (medium), anything else refused (high). Written after detectors/mcp-publishers.ts,
// with other packages, runners and hosts than its own list's examples.
import { describe, expect, it } from 'vitest';
import { WORKSPACE, at, hookEvent, lastOf } from './replay.js';

const mcpJson = (servers: Record<string, unknown>) => JSON.stringify({ mcpServers: servers }, null, 2);
const severityOf = (servers: Record<string, unknown>) => {
  at(0);
  return lastOf([hookEvent('Write', { file_path: `${WORKSPACE}/.mcp.json`, content: mcpJson(servers) })]).find((f) => f.rule === 'mcp-server-write')?.severity;
};

describe("an MCP server added to the project's config", () => {
  it.each([
    ['the protocol\'s memory server, pinned', { memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory@2025.4.25'] } }],
    ['git through uvx', { git: { command: 'uvx', args: ['mcp-server-git', '--repository', '.'] } }],
    ["AWS Labs' docs server", { awsdocs: { command: 'uvx', args: ['awslabs.aws-documentation-mcp-server@latest'] } }],
    ["Stripe's remote server", { stripe: { type: 'http', url: 'https://mcp.stripe.com' } }],
    ["Docker's fetch image", { fetch: { command: 'docker', args: ['run', '-i', '--rm', 'mcp/fetch'] } }],
  ])('%s: asked about (medium)', (_name, servers) => {
    expect(severityOf(servers)).toBe('medium');
  });

  it.each([
    ['a package named like the vendor\'s', { s: { command: 'npx', args: ['-y', '@stripe/mcp-tools-pro'] } }],
    ['the protocol\'s name without its scope', { fs: { command: 'npx', args: ['-y', 'modelcontextprotocol-server-filesystem'] } }],
    ['a prefix that only starts like AWS Labs\'', { a: { command: 'uvx', args: ['awslabsx.helper'] } }],
    ['a vendor host over plain HTTP', { linear: { url: 'http://mcp.linear.app/sse' } }],
    ['a shell', { sh: { command: 'bash', args: ['-c', 'npx @playwright/mcp'] } }],
    ['a vendor server beside a local script', { pw: { command: 'npx', args: ['@playwright/mcp'] }, mine: { command: 'node', args: ['./srv.js'] } }],
  ])('%s: high', (_name, servers) => {
    expect(severityOf(servers)).toBe('high');
  });
});
