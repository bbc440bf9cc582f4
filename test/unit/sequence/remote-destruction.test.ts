// Destruction on machines the agent reaches (a host over ssh, an Ansible inventory, a cloud VM's run-command) and
// of what a forge publishes (a release). Written after remote-destructive-command and forge-release-deleted, with
// other options, quoting, clients and hosts than their examples; and the everyday remote commands, quiet.
import { describe, expect, it } from 'vitest';
import { aloneOf, bash, reportedAt, rules } from './replay.js';

const findingsOf = (command: string) => aloneOf(bash(command));

describe('a destructive command handed to another machine', () => {
  it.each([
    ['long options after --, with a port and a key', 'ssh -p 2222 -i ~/.ssh/deploy ops@203.0.113.9 -- sudo rm --recursive --force /var/lib/postgresql', 'remote-destructive-command', 'high'],
    ['a table dropped in lower case through mysql', `ssh prod-db 'mysql -e "drop table orders"'`, 'remote-destructive-command', 'high'],
    ["pdsh over a host range, -Rf and a glob", "pdsh -w web[1-4] 'rm -Rf /srv/www/*'", 'remote-destructive-command', 'high'],
    ["a disk zeroed on every host of an inventory", "ansible all -b -m command -a 'dd if=/dev/zero of=/dev/nvme0n1 bs=1M'", 'remote-destructive-command', 'high'],
    ['a Redis database flushed', 'ssh cache1 redis-cli flushdb', 'remote-destructive-command', 'high'],
    ['a MongoDB database dropped', `ssh mongo1 "mongosh app --eval 'db.dropDatabase()'"`, 'remote-destructive-command', 'high'],
    ["an Azure VM's data removed through run-command", "az vm run-command invoke -g rg -n vm1 --command-id RunShellScript --scripts 'rm -rf /home/app/data'", 'remote-destructive-command', 'high'],
    ['a host restarted', "ssh web2 'sudo shutdown -r now'", 'remote-destructive-command', 'medium'],
  ])('%s: %s', reportedAt);

  it.each([
    ["a cache under /var/tmp cleared", "ssh web1 'rm -rf /var/tmp/cache-*'"],
    ['a relative build folder rebuilt', "ssh build 'cd ~/src && rm -rf dist && make'"],
    ['a read-only query', `ssh db1 "psql -c 'SELECT * FROM pg_stat_activity'"`],
    ['an inventory pinged', 'ansible all -m ping'],
    ['a log named after shutdowns read', "ssh web1 'tail -n 100 /var/log/shutdown.log'"],
    ["a service's status", "ssh web1 'systemctl status nginx'"],
  ])('quiet: %s', (_name, command) => {
    expect(rules(findingsOf(command))).not.toContain('remote-destructive-command');
  });
});

describe('a published release deleted', () => {
  it.each([
    ["GitLab's CLI", 'glab release delete v3.1.0 --yes', 'forge-release-deleted', 'medium'],
    ['another repository named with -R', 'gh release delete v1.0.0 -R acme/tool --yes', 'forge-release-deleted', 'medium'],
    ["GitHub's API through curl", 'curl -X DELETE -H "Authorization: token $GH" https://api.github.com/repos/acme/tool/releases/99', 'forge-release-deleted', 'medium'],
  ])('%s: %s', reportedAt);

  it.each([
    ['a release viewed', 'gh release view v1.0.0'],
    ['an asset replaced', 'gh release delete-asset v1.0.0 tool-linux.tar.gz -y && gh release upload v1.0.0 tool-linux.tar.gz'],
  ])('no deletion: %s', (_name, command) => {
    expect(rules(findingsOf(command))).not.toContain('forge-release-deleted');
  });
});
