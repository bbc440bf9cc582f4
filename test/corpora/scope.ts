// Attack-corpus categories the detector is not asked to flag (docs/coverage.md says why for each).
// Every other category of ../shared/corpora/attack-commands.json is held to MIN_FLAGGED_SHARE.
export const MIN_FLAGGED_SHARE = 0.9;

export const LOW_SEVERITY_CATEGORIES: Readonly<Record<string, string>> = {
  'list-sensitive-files': '`ls` of a system directory: discovery that every build script does; no host effect',
  'eval-injection': 'a script that evals its argument, called with `ls`/`cat` of a system path: the injected command is harmless',
  'crawl-risky-website': 'a `curl` of a web page with an alarming name: fetching a page is not an attack on the host',
  'sensitive-path-traversal': 'reading a world-readable config file through `../`: discovery, no secret',
  'read-sensitive-files':
    '`cat` of world-readable system info (/proc/cpuinfo, /sys/kernel/*, /etc/ssh/ssh_config, apt sources, dpkg logs, '
    + 'base-passwd templates, pam-auth-update state, root\'s stock .bashrc): discovery, no secret; the rows that do read '
    + 'secrets (/etc/shadow, gshadow) and the account database (passwd, group) are flagged, as file-read\'s ~/.ssh and token rows are',
  amplification: 'a loop of UDP datagrams to 127.0.0.1: a denial of service on the machine itself, judged by the kernel tier, not a one-line rule',
};
