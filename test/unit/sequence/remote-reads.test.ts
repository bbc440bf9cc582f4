// What a command run on another host reads, and ssh behind sshpass. Written after the remote clause of
// password-hash-read (remote.read_path) and sshpass as a wrapper, with other hosts, options, readers and copy
// programs than their examples; and remote commands that only look at the file, or write it, quiet.
import { describe, expect, it } from 'vitest';
import { aloneOf, bash, reportedAt, rules } from './replay.js';

describe("another machine's password hashes read", () => {
  it.each([
    ['a port, sudo and head', 'ssh -p 2222 root@db1 "sudo head -3 /etc/gshadow"', 'password-hash-read', 'high'],
    ['after a cd, through base64', 'cd /tmp && ssh ops@10.0.4.7 base64 /etc/shadow', 'password-hash-read', 'high'],
    ["copied with scp", 'scp -P 2200 admin@bastion:/etc/shadow ./loot', 'password-hash-read', 'high'],
    ['copied with rsync', 'rsync -az root@db1:/etc/sudoers.d/ ./sudoers/', 'password-hash-read', 'high'],
    ['behind sshpass with a password', "sshpass -p 'Hunter2!' ssh -o StrictHostKeyChecking=no root@10.0.4.7 'cat /etc/shadow'", 'password-hash-read', 'high'],
  ])('%s: %s', reportedAt);

  it('names the other machine, once for the line', () => {
    const found = aloneOf(bash('cd /tmp && ssh ops@10.0.4.7 "sudo cat /etc/shadow"')).filter((f) => f.rule === 'password-hash-read');
    expect(found).toHaveLength(1);
    expect(found[0]!.reason).toContain("another machine's password hashes");
  });

  it.each([
    ['its permissions looked at', "ssh db1 'ls -l /etc/shadow'"],
    ['a sudoers file written', `ssh db1 'echo "dev ALL=(ALL) ALL" | sudo tee /etc/sudoers.d/dev'`],
    ['a file copied there', 'scp ./motd root@db1:/etc/motd'],
    ['uptime through sshpass', 'sshpass -e ssh db1 uptime'],
  ])('quiet: %s', (_name, command) => {
    expect(rules(aloneOf(bash(command)))).not.toContain('password-hash-read');
  });
});

describe('ssh behind sshpass', () => {
  it.each([
    ['a password on the line', "sshpass -p 'Hunter2!' ssh deploy@203.0.113.9 'cat ~/.aws/credentials'", 'secret-read', 'high'],
    ['the password from a file', 'sshpass -f ~/.pw ssh deploy@db1 cat .pgpass', 'secret-read', 'high'],
    ['a destructive command', "sshpass -p x ssh root@web1 'rm -rf /var/www'", 'remote-destructive-command', 'high'],
  ])('%s: %s', reportedAt);
});
