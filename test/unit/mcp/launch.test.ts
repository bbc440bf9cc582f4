// Which package a stdio server's command line fetches, and whether it is pinned.
import { describe, expect, it } from 'vitest';
import { baseCommand, launchPackage, shellScript } from '../../../collectors/mcp/launch.js';

const pkg = (cmdline: string) => { const [c, ...a] = cmdline.split(' '); return launchPackage(c, a); };

describe('launchPackage', () => {
  it('npm runners: npx, bunx, pnpm dlx, yarn dlx, npm exec; scoped names; -p/--package', () => {
    expect(pkg('npx -y @modelcontextprotocol/server-github')).toMatchObject({ ecosystem: 'npm', name: '@modelcontextprotocol/server-github', version: undefined, pinned: false, runner: 'npx' });
    expect(pkg('npx -y @scope/pkg@1.2.3 /tmp')).toMatchObject({ name: '@scope/pkg', version: '1.2.3', pinned: true });
    expect(pkg('npx pkg@latest')).toMatchObject({ name: 'pkg', version: 'latest', pinned: false });
    expect(pkg('npx pkg@^1.0.0')).toMatchObject({ pinned: false });
    expect(pkg('bunx pkg@2.0.0')).toMatchObject({ runner: 'bunx', pinned: true });
    expect(pkg('pnpm dlx pkg')).toMatchObject({ runner: 'pnpm dlx', name: 'pkg', pinned: false });
    expect(pkg('yarn dlx pkg@1.0.0')).toMatchObject({ runner: 'yarn dlx', pinned: true });
    expect(pkg('npm exec --yes -- pkg@3.1.0')).toMatchObject({ runner: 'npm exec', name: 'pkg', pinned: true });
    expect(pkg('npx --package=@a/b@1.0.0 b-cli')).toMatchObject({ name: '@a/b', pinned: true });
    expect(pkg('/usr/local/bin/npx.cmd -y pkg')).toMatchObject({ runner: 'npx', name: 'pkg' });
  });

  it('a local path is not a package', () => {
    expect(pkg('npx ./server')).toBeUndefined();
    expect(pkg('node /opt/server.js')).toBeUndefined();
  });

  it('Python runners: uvx name==ver and name@ver pin, ranges and bare names do not; --from', () => {
    expect(pkg('uvx mcp-server-fetch')).toMatchObject({ ecosystem: 'pypi', name: 'mcp-server-fetch', pinned: false });
    expect(pkg('uvx mcp-server-fetch==0.6.2')).toMatchObject({ version: '0.6.2', pinned: true });
    expect(pkg('uvx awslabs.x@latest')).toMatchObject({ name: 'awslabs.x', pinned: false });
    expect(pkg('uvx mcp-server-fetch>=0.6')).toMatchObject({ pinned: false });
    expect(pkg('uvx --from mcp-server-git==1.0 mcp-server-git')).toMatchObject({ name: 'mcp-server-git', pinned: true });
    expect(pkg('uv tool run mcp-x==1.0')).toMatchObject({ runner: 'uvx', pinned: true });
    expect(pkg('pipx run mcp-x')).toMatchObject({ runner: 'pipx run', pinned: false });
    expect(pkg('pipx run --spec mcp-x==2.1 mcp-x')).toMatchObject({ pinned: true });
  });

  it('git sources are pinned only by a commit hash', () => {
    expect(pkg('uvx --from git+https://github.com/a/b acme')).toMatchObject({ ecosystem: 'git', pinned: false });
    expect(pkg('uvx --from git+https://github.com/a/b@v1.2 acme')).toMatchObject({ ecosystem: 'git', version: 'v1.2', pinned: false });
    expect(pkg(`uvx --from git+https://github.com/a/b@${'c'.repeat(40)} acme`)).toMatchObject({ ecosystem: 'git', pinned: true });
    expect(pkg('npx github:acme/mcp')).toMatchObject({ ecosystem: 'git', pinned: false });
  });

  it('docker/podman run: the image after the flags; only a digest pins it', () => {
    expect(pkg('docker run -i --rm -e TOKEN ghcr.io/github/github-mcp-server')).toMatchObject({ ecosystem: 'docker', name: 'ghcr.io/github/github-mcp-server', version: undefined, pinned: false });
    expect(pkg('docker run -i --rm -v /a:/b --network=none mcp/fetch:1.0 --flag')).toMatchObject({ name: 'mcp/fetch', version: '1.0', pinned: false });
    expect(pkg(`podman run -i registry:5000/mcp@sha256:${'a'.repeat(64)}`)).toMatchObject({ name: 'registry:5000/mcp', pinned: true });
    expect(pkg('docker run -i localhost:5000/img')).toMatchObject({ name: 'localhost:5000/img', version: undefined });
  });

  it('looks through one shell wrapper and sudo', () => {
    expect(launchPackage('sh', ['-c', 'npx -y pkg@1.0.0 --stdio'])).toMatchObject({ name: 'pkg', pinned: true });
    expect(launchPackage('sudo', ['npx', 'pkg'])).toMatchObject({ name: 'pkg', pinned: false });
  });
});

describe('shellScript / baseCommand', () => {
  it('finds the script of sh -c, bash -lc, cmd /c and powershell -Command', () => {
    expect(shellScript('bash', ['-lc', 'echo hi'])).toEqual({ shell: 'bash', script: 'echo hi' });
    expect(shellScript('cmd.exe', ['/c', 'npx', 'x'])).toEqual({ shell: 'cmd', script: 'npx x' });
    expect(shellScript('pwsh', ['-NoProfile', '-Command', 'iwr x | iex'])).toEqual({ shell: 'pwsh', script: 'iwr x | iex' });
    expect(shellScript('bash', ['server.sh'])).toBeUndefined();
    expect(shellScript('node', ['-c', 'x'])).toBeUndefined();
  });
  it('normalises paths and Windows suffixes', () => {
    expect(baseCommand('C:\\Program Files\\nodejs\\npx.CMD')).toBe('npx');
    expect(baseCommand('/usr/bin/docker')).toBe('docker');
  });
});
