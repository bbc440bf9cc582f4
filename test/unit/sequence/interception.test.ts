// Getting between the developer and their services, and weakening the machine's own guards: written after the
// rules with other tools, spellings and hosts than their examples; the everyday versions stay quiet.
import { describe, expect, it } from 'vitest';
import { aloneOf, at, bash, lastOf, rules, severityIn, write, rulesOfCommand } from './replay.js';

const ruleOf = rulesOfCommand;

describe('interception and weakened guards', () => {
  it.each([
    ['a kdialog password box', "kdialog --password 'Enter your login password to continue'", 'password-prompt-faked'],
    ['an AppleScript dialog through a heredoc', "osascript <<'EOF'\ndisplay dialog \"Keychain needs your password\" default answer \"\" with hidden answer\nEOF", 'password-prompt-faked'],
    ['a SOCKS proxy for the whole Mac', 'networksetup -setsocksfirewallproxy Ethernet 198.51.100.20 1080', 'traffic-redirected'],
    ["GNOME's proxy host set", "gsettings set org.gnome.system.proxy.https host '198.51.100.20'", 'traffic-redirected'],
    ['yarn through a proxy', 'yarn config set https-proxy http://proxy.example.net:3128', 'traffic-redirected'],
    ['PyPI pointed elsewhere in /etc/hosts', "printf '198.51.100.20 pypi.org files.pythonhosted.org\\n' | sudo tee -a /etc/hosts", 'traffic-redirected'],
    ['a root added to the NSS database', "certutil -d sql:$HOME/.pki/nssdb -A -t 'C,,' -n corp -i corp.crt", 'tls-trust-weakened'],
    ['a CA anchor added on Fedora', 'sudo cp ca.crt /etc/pki/ca-trust/source/anchors/ && sudo update-ca-trust', 'tls-trust-weakened'],
    ['pnpm without TLS checks', 'pnpm config set strict-ssl false', 'tls-trust-weakened'],
    ['one host without TLS checks in git', 'git config --global http.https://git.example.net/.sslVerify false', 'tls-trust-weakened'],
    ['ptrace opened to every process', 'echo 0 | sudo tee /proc/sys/kernel/yama/ptrace_scope', 'security-control-disable'],
    ['kernel pointers shown', 'sudo sysctl kernel.kptr_restrict=0', 'security-control-disable'],
    ['a TCC grant deleted', "sqlite3 '/Library/Application Support/com.apple.TCC/TCC.db' \"delete from access where client='x'\"", 'security-control-disable'],
    ['a macOS admin group member added', 'sudo dscl . -append /Groups/admin GroupMembership helper', 'account-password-change'],
    ['a user put into the lxd group', 'sudo gpasswd -a dev lxd', 'account-password-change'],
  ])('%s', (_name, command, rule) => {
    expect(ruleOf(command)).toContain(rule);
  });

  it('a hosts file written with the Write tool, a registry pointed away', () => {
    at(0);
    expect(rules(lastOf([write('/etc/hosts', '127.0.0.1 localhost\n203.0.113.50 registry.npmjs.org\n')]))).toContain('traffic-redirected');
  });

  it.each([
    ['a local proxy for debugging', 'git config --global http.proxy http://localhost:8888'],
    ['proxy settings read', 'networksetup -getwebproxy Wi-Fi'],
    ['a dialog that asks nothing secret', "osascript -e 'display dialog \"Deploy finished\" buttons {\"OK\"}'"],
    ['a local name in /etc/hosts', "echo '127.0.0.1 api.dev.local' | sudo tee -a /etc/hosts"],
    ['the CA bundle refreshed', 'sudo update-ca-trust'],
    ['strict SSL turned back on', 'npm config set strict-ssl true'],
    ['ptrace scope read', 'cat /proc/sys/kernel/yama/ptrace_scope'],
    ['a group listed', 'dscl . -read /Groups/admin GroupMembership'],
  ])('quiet: %s', (_name, command) => {
    expect(ruleOf(command).filter((r) => r !== 'system-file-write')).toEqual([]);
  });
});

describe('certificate checks turned off by an environment variable', () => {
  const tls = (e: ReturnType<typeof bash>) => severityIn(aloneOf(e), 'tls-trust-weakened');
  it.each([
    ['git clone with GIT_SSL_NO_VERIFY=true through env', 'env GIT_SSL_NO_VERIFY=true git clone https://git.example.net/x.git'],
    ["Python's urllib unchecked for one script", 'PYTHONHTTPSVERIFY=0 python3 fetch.py'],
    ['npm strict SSL off by its config variable', 'npm_config_strict_ssl=false npm ci'],
    ['Node with the value quoted', "NODE_TLS_REJECT_UNAUTHORIZED='0' npx prisma generate"],
  ])('for one command, low: %s', (_name, command) => {
    expect(severityIn(aloneOf(bash(command)), 'tls-checks-off-for-command')).toBe('low');
    expect(tls(bash(command))).toBeUndefined();
  });

  it('exported for the rest of a line: one finding, naming the export, not one per command that inherits it', () => {
    const found = aloneOf(bash('export PYTHONHTTPSVERIFY=0; pip download -d wheels requests; python3 fetch.py')).filter((f) => f.rule === 'tls-checks-off-for-command');
    expect(found).toHaveLength(1);
    expect(found[0]!.reason).toContain('export PYTHONHTTPSVERIFY=0');
  });

  it.each([
    ['a zsh profile exporting it', '/home/dev/.zprofile', 'export PATH="$HOME/bin:$PATH"\nexport NODE_TLS_REJECT_UNAUTHORIZED=0\n'],
    ["a project's .env.local", '/home/dev/proj/.env.local', 'API_URL=https://api.example.net\nNODE_TLS_REJECT_UNAUTHORIZED="0"\n'],
    ['a package.json script', '/home/dev/proj/package.json', '{"scripts":{"dev":"NODE_TLS_REJECT_UNAUTHORIZED=0 next dev"}}'],
    ['a CI script for git', '/home/dev/proj/ci/fetch.sh', '#!/bin/sh\nGIT_SSL_NO_VERIFY=yes git fetch origin\n'],
  ])('written for every later run, medium: %s', (_name, file, content) => {
    expect(tls(write(file, content))).toBe('medium');
  });

  it.each([
    ['checks left on', bash('NODE_TLS_REJECT_UNAUTHORIZED=1 node sync.js')],
    ['a variable that only names one', bash('echo $NODE_TLS_REJECT_UNAUTHORIZED')],
    ['a README showing the line', write('/home/dev/proj/README.md', '```sh\nexport NODE_TLS_REJECT_UNAUTHORIZED=0\n```\n')],
    ['a .env without it', write('/home/dev/proj/.env', 'PORT=3000\nTLS_REJECT=0\n')],
  ])('quiet: %s', (_name, e) => {
    expect(aloneOf(e).map((f) => f.rule).filter((r) => r.startsWith('tls-'))).toEqual([]);
  });
});
