// A directory a one-line web server serves to the network is handed out whole, as a copy of it would be: the
// home directory or a credential directory served is credential-dir-copy, said as served. Written after the
// servers joined bulk copies (command/file-servers.ts), with other servers, options and working directories.
import { describe, expect, it } from 'vitest';
import { at, BARE_CTX, bash, lastOf, rulesOfCommand } from './replay.js';

const served = (command: string) => { at(0); return lastOf([bash(command)], BARE_CTX).find((f) => f.rule === 'credential-dir-copy'); };

describe('a credential directory served to the network', () => {
  it.each([
    ['python 2 after pushd to home', 'pushd ~ >/dev/null; python -m SimpleHTTPServer 8080'],
    ['short options, the GnuPG directory', 'python3 -m http.server -d /home/dev/.gnupg -b 0.0.0.0 8443'],
    ['bunx http-server of the home directory', 'bunx http-server /home/dev -p 9000 --cors'],
    ['serve listening on every interface, the kube directory', 'yarn dlx serve --listen tcp://0.0.0.0:5000 ~/.kube'],
    ['ruby with -e glued to httpd', 'ruby -run -ehttpd $HOME -p 8000'],
    ['http-server over TLS, its flag before the directory', 'npx http-server -S -C cert.pem -K key.pem ~/.config/gh'],
  ])('%s: high, said as served', (_name, command) => {
    expect(served(command)).toMatchObject({ severity: 'high', title: expect.stringMatching(/^Served .* to the network/) });
  });

  it('an archive made on a line that also starts a dev server is said as copied, not served', () => {
    expect(served('tar czf /tmp/k.tgz ~/.ssh && npm run serve')?.title).toMatch(/^Copied /);
  });

  it.each([
    ['home served on loopback only', 'python3 -m http.server 5173 --bind 127.0.0.1 --directory ~'],
    ['a build served on localhost', 'npx http-server dist -a localhost'],
    ['a build served', 'npx serve out'],
    ['the docs directory served', 'cd docs && python3 -m http.server'],
  ])('quiet: %s', (_name, command) => {
    expect(rulesOfCommand(command)).not.toContain('credential-dir-copy');
  });
});
