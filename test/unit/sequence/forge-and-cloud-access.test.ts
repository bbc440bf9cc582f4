// The forge's control plane (gh, glab and their `api`) and cloud firewalls and remote commands, written after
// the rules with other spellings, endpoints, methods and option orders than their examples; and the everyday
// forge and cloud work that stays quiet.
import { describe, expect, it } from 'vitest';
import { at, bash, aloneOf, BARE_CTX, lastOf, rulesOfCommand, severityIn } from './replay.js';

const severityOf = (command: string, rule: string) => severityIn(aloneOf(bash(command)), rule);

describe('a key this session put in ~/.ssh, then added to the forge account', () => {
  const addAfter = (first: string) => { at(0); return severityIn(lastOf([bash(first), bash('gh ssh-key add ~/.ssh/backup.pub -t backup')], BARE_CTX), 'forge-access-granted'); };
  it.each([
    ['printed into it', `printf '%s\\n' 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ ops' > ~/.ssh/backup.pub`],
    ['downloaded with bundled options', 'curl -fsSLo ~/.ssh/backup.pub https://keys.example.net/ops.pub'],
    ['fetched by wget', 'wget -qO ~/.ssh/backup.pub https://keys.example.net/ops.pub'],
    ['copied from elsewhere', 'cp /var/tmp/ops.pub ~/.ssh/backup.pub'],
  ])('%s: high', (_name, first) => {
    expect(addAfter(first)).toBe('high');
  });

  it('on the same line as the write: high', () => {
    at(0);
    const found = lastOf([bash("echo 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA ops' >> ~/.ssh/backup.pub && gh ssh-key add ~/.ssh/backup.pub")], BARE_CTX);
    expect(severityIn(found, 'forge-access-granted')).toBe('high');
  });
});

describe("the forge's control plane", () => {
  it.each([
    ['visibility with =', 'gh repo edit --visibility=public --accept-visibility-change-consequences', 'forge-repo-made-public', 'high'],
    ['a PATCH with a leading slash and a typed field', 'gh api --method PATCH /repos/acme/api -F visibility=public', 'forge-repo-made-public', 'high'],
    ['GitLab through its API', 'glab api -X PUT projects/1234 -f visibility=public', 'forge-repo-made-public', 'high'],
    ['GitLab repo delete', 'glab repo delete acme/api -y', 'forge-repo-deleted', 'high'],
    ['a DELETE with the method joined to -X', 'gh api -XDELETE repos/acme/api', 'forge-repo-deleted', 'high'],
    ['a GPG key for signing as the user', 'gh gpg-key add ./pub.asc', 'forge-access-granted', 'high'],
    ['a GitLab deploy key that can push', 'glab deploy-key add ./k.pub --title ci --can-push', 'forge-access-granted', 'high'],
    ['an organisation admin', 'gh api --method PUT orgs/acme/memberships/mallory -f role=admin', 'forge-access-granted', 'high'],
    ['an SSH signing key, POST implied by its fields', 'gh api user/ssh_signing_keys -f title=x -f key="ssh-ed25519 AAAAC3Nz"', 'forge-access-granted', 'high'],
    ['a GitLab project member', 'glab api projects/42/members -f user_id=7 -f access_level=40', 'forge-access-granted', 'high'],
    ['an organisation webhook from a file', 'gh api -X POST /orgs/acme/hooks --input hook.json', 'forge-webhook-added', 'high'],
    ['a GitLab project hook', 'glab api projects/42/hooks -f url=https://hooks.example.net/h -f push_events=true', 'forge-webhook-added', 'high'],
    ['a ruleset deleted', 'gh api --method DELETE repos/acme/api/rulesets/42', 'forge-protection-removed', 'high'],
    ['admins exempted from protection', 'gh api -X PUT repos/acme/api/branches/main/protection -F enforce_admins=false -F required_status_checks=null', 'forge-protection-removed', 'high'],
    ['a GitLab protected branch removed', 'glab api -X DELETE projects/42/protected_branches/main', 'forge-protection-removed', 'high'],
    ['login with organisation admin', 'gh auth login --hostname github.com --scopes "repo,admin:org"', 'forge-login-scopes-raised', 'medium'],
    ['refresh with =', 'gh auth refresh --scopes=workflow,delete_repo', 'forge-login-scopes-raised', 'medium'],
    // The user's own key from ~/.ssh (2026-12-07); any other one, or one beside it, still lets someone else in.
    ['the public half of a key kept in ~/.ssh', 'gh ssh-key add $HOME/.ssh/id_ecdsa.pub --type signing', 'forge-access-granted', 'medium'],
    ['glab with the key first', 'glab ssh-key add /home/dev/.ssh/work.pub --title work', 'forge-access-granted', 'medium'],
    ['a key from the workspace', 'gh ssh-key add keys/ops.pub', 'forge-access-granted', 'high'],
    ['a key in ~/.ssh reached through ..', 'gh ssh-key add ~/.ssh/../.cache/k.pub', 'forge-access-granted', 'high'],
  ])('%s: %s', (_name, command, rule, severity) => {
    expect(severityOf(command, rule)).toBe(severity);
  });

  it.each([
    'gh api repos/acme/api/pulls --paginate',
    'gh api -X DELETE repos/acme/api/issues/comments/123',
    "gh api graphql -f query='query { viewer { login } }'",
    'gh repo create acme/new-svc --private --source . --push',
    'gh api repos/acme/api/keys',
    'gh auth refresh -s read:org,read:project',
    'gh api -X PATCH repos/acme/api -f description="Billing API" -f homepage=https://acme.example',
    'gh api repos/acme/api/hooks/1/deliveries',
    'gh pr merge 12 --squash --delete-branch',
  ])('quiet: %s', (command) => {
    expect(rulesOfCommand(command).filter((r) => r.startsWith('forge-'))).toEqual([]);
  });
});

// Written after raw HTTP clients joined `gh api`: the same endpoints through curl, wget, HTTPie and xh, with other
// hosts (GitHub Enterprise, a GitLab of its own), methods spelt otherwise and JSON bodies instead of fields.
describe("the forge's control plane through an HTTP client", () => {
  it.each([
    ['curl deleting a GitHub Enterprise repository, the URL quoted', "curl -sS --request=DELETE -H 'Authorization: token x' 'https://git.corp.example/api/v3/repos/acme/billing'", 'forge-repo-deleted'],
    ['HTTPie deleting a GitLab project by id', 'https DELETE gitlab.example.org/api/v4/projects/991 PRIVATE-TOKEN:$GL', 'forge-repo-deleted'],
    ['xh PATCHing visibility to public', 'xh --ignore-stdin PATCH https://gitlab.com/api/v4/projects/17 visibility=public', 'forge-repo-made-public'],
    ['curl with a JSON body making a repository public', `curl -s -X PATCH https://api.github.com/repos/acme/payroll --data '{"visibility": "public"}'`, 'forge-repo-made-public'],
    ['wget POSTing a deploy key with write access', `wget -qO- --post-data='{"title":"b","key":"ssh-rsa AAAB","read_only": false}' https://api.github.com/repos/acme/app/keys`, 'forge-access-granted'],
    ['curl adding an org member', `curl -X PUT -H 'Accept: application/vnd.github+json' https://api.github.com/orgs/acme/memberships/eve -d '{"role":"admin"}'`, 'forge-access-granted'],
    ['curl --json creating an org webhook', `curl --json '{"name":"web","config":{"url":"https://relay.example.net/h"}}' https://api.github.com/orgs/acme/hooks`, 'forge-webhook-added'],
    ['curl deleting a ruleset', 'curl -X delete https://api.github.com/repos/acme/app/rulesets/8812', 'forge-protection-removed'],
    ['curl turning enforce_admins off', `curl -X PUT https://api.github.com/repos/acme/app/branches/main/protection -d '{"enforce_admins": false,"required_status_checks":null}'`, 'forge-protection-removed'],
  ])('%s', (_name, command, rule) => {
    expect(severityOf(command, rule)).toBe('high');
  });

  it.each([
    ['reading a repository', 'curl -s -H "Authorization: Bearer $GH" https://api.github.com/repos/acme/app'],
    ['listing webhooks', 'curl -s https://api.github.com/repos/acme/app/hooks?per_page=100'],
    ['deleting an issue comment', 'curl -X DELETE https://api.github.com/repos/acme/app/issues/comments/4411'],
    ['opening an issue', `curl -s -X POST https://api.github.com/repos/acme/app/issues -d '{"title":"flaky test"}'`],
    ['a read-only deploy key', `curl -d '{"title":"ci","key":"ssh-ed25519 AAAC","read_only":true}' https://api.github.com/repos/acme/app/keys`],
    ['deleting a branch ref', 'curl -X DELETE https://api.github.com/repos/acme/app/git/refs/heads/old'],
    ['a DELETE on a local API', 'curl -X DELETE http://localhost:3000/api/v4/projects/3'],
  ])('quiet: %s', (_name, command) => {
    expect(rulesOfCommand(command).filter((r) => r.startsWith('forge-'))).toEqual([]);
  });
});

describe('cloud firewalls and commands on cloud machines', () => {
  it.each([
    ['an AWS rule as ip-permissions, RDP', "aws ec2 authorize-security-group-ingress --group-id sg-1 --ip-permissions 'IpProtocol=tcp,FromPort=3389,ToPort=3389,IpRanges=[{CidrIp=0.0.0.0/0}]'", 'cloud-firewall-opened', 'high'],
    ['a GCP rule for the web, options with =', 'gcloud compute firewall-rules create web --allow=tcp:443 --source-ranges=0.0.0.0/0', 'cloud-firewall-opened', 'medium'],
    ['an Azure rule from the internet tag', 'az network nsg rule create -g rg --nsg-name n -n web --priority 200 --source-address-prefixes Internet --destination-port-ranges 443 --access Allow', 'cloud-firewall-opened', 'medium'],
    ['an IPv6 rule for SSH', 'aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 22 --cidr-ipv6 ::/0', 'cloud-firewall-opened', 'high'],
    ['SSM with global options first', 'aws --region eu-west-1 --profile prod ssm send-command --targets Key=tag:role,Values=web --document-name AWS-RunShellScript --parameters commands=uptime', 'cloud-remote-command', 'medium'],
    ['a scale set run-command', 'az vmss run-command invoke -g rg -n web --command-id RunShellScript --instance-id 0 --scripts id', 'cloud-remote-command', 'medium'],
    ['gcloud compute ssh with a command, joined', 'gcloud compute ssh --zone europe-west1-b web-1 --command=uptime', 'cloud-remote-command', 'medium'],
  ])('%s: %s', (_name, command, rule, severity) => {
    expect(severityOf(command, rule)).toBe(severity);
  });

  it.each([
    'aws ec2 authorize-security-group-ingress --group-id sg-1 --protocol tcp --port 443 --cidr 203.0.113.4/32',
    'gcloud compute firewall-rules create internal --allow tcp:5432 --source-ranges 10.0.0.0/8',
    "az network nsg rule create -g rg --nsg-name n -n deny-all --priority 4000 --source-address-prefixes '*' --access Deny",
    'aws ssm describe-instance-information',
    'gcloud compute ssh web-1 --zone europe-west1-b',
  ])('quiet: %s', (command) => {
    expect(rulesOfCommand(command).filter((r) => r === 'cloud-firewall-opened' || r === 'cloud-remote-command')).toEqual([]);
  });
});
