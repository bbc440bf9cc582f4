// Reaching the hosts a developer's machine knows: SSH logins driven by the hosts known_hosts, ssh config or a
// history lists, and Redis servers told to write their dump elsewhere. Written after the rules, with other
// loops, readers, placeholders and clients.
import { describe, expect, it } from 'vitest';
import { bash, aloneOf, rulesOfCommand, severityIn } from './replay.js';

const severityOf = (command: string, rule: string) => severityIn(aloneOf(bash(command)), rule);

describe('logins to every host the SSH files list', () => {
  it.each([
    ['a while loop reading known_hosts on stdin', `while read h _; do ssh -n "$h" 'uname -a'; done < ~/.ssh/known_hosts`],
    ['xargs with % as its placeholder', "awk '{print $1}' ~/.ssh/known_hosts | sort -u | xargs -P8 -I% ssh -o ConnectTimeout=3 % hostname"],
    ['scp of a key to each host of the config', "for host in $(grep -i '^host ' ~/.ssh/config | cut -d' ' -f2); do scp ~/.ssh/id_ed25519 $host:/tmp/; done"],
    ['hosts from the shell history', "grep -oE 'ssh [a-z0-9.@-]+' ~/.bash_history | cut -d' ' -f2 | xargs -I{} ssh {} id"],
  ])('%s: %s', (_name, command) => {
    expect(severityOf(command, 'ssh-known-hosts-sweep')).toBe('high');
  });

  it.each([
    'ssh-keyscan github.com >> ~/.ssh/known_hosts',
    'grep -c . ~/.ssh/known_hosts',
    'for h in web1 web2; do ssh $h uptime; done',
    'ssh -G build-box | grep hostname',
  ])('quiet: %s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('ssh-known-hosts-sweep');
  });
});

describe('a Redis server told where to write its dump', () => {
  it.each([
    ['into a cron directory, with a port', 'redis-cli -h 10.0.0.5 -p 6380 config set dir /var/spool/cron/'],
    ['commands piped in', "printf 'CONFIG SET dbfilename shell.php\\nSAVE\\n' | redis-cli -h cache.internal"],
    ['KeyDB into a web root', 'keydb-cli config set dir /var/www/html'],
  ])('%s: %s', (_name, command) => {
    expect(severityOf(command, 'redis-config-write')).toBe('high');
  });

  it.each(['redis-cli config set appendonly yes', 'redis-cli --scan --pattern "session:*"'])('quiet: %s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('redis-config-write');
  });
});
