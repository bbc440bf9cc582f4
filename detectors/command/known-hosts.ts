// Package registries and code hosts: where a developer machine sends data every day (git push, npm
// publish, pip upload). Data going there is not counted as workspace exfiltration; `detection.egressAllow`
// adds an organisation's own hosts. Exact names or `*.suffix`, as isAllowedHost reads them.
import { isAllowedHost, isLocalHost } from './egress.js';

export const KNOWN_CODE_HOSTS: readonly string[] = [
  'github.com', '*.github.com', '*.githubusercontent.com', 'ghcr.io', 'gitlab.com', '*.gitlab.com', 'bitbucket.org', '*.bitbucket.org',
  'registry.npmjs.org', 'registry.yarnpkg.com', 'npm.pkg.github.com', 'pypi.org', 'upload.pypi.org', 'files.pythonhosted.org',
  'crates.io', 'static.crates.io', 'proxy.golang.org', 'sum.golang.org', 'rubygems.org', 'repo.maven.apache.org', 'repo1.maven.org',
  'plugins.gradle.org', 'registry-1.docker.io', 'auth.docker.io', 'hub.docker.com', 'api.nuget.org', 'packagist.org', 'hex.pm', 'pub.dev',
];

/** A host data should not go to: not this machine, not allowlisted, not a code host or registry. */
export function isUnknownHost(host: string, allow: readonly string[]): boolean {
  return !isLocalHost(host) && !isAllowedHost(host, allow) && !isAllowedHost(host, KNOWN_CODE_HOSTS);
}
