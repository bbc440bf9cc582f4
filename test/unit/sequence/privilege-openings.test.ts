// Rights opened to anyone and libraries pushed into every app: macOS's authorization database, launchd's
// environment and an app's LSEnvironment, code signatures stripped, password hashes in macOS's directory,
// the kernel's core_pattern pipe, and sudo's rules edited through visudo with a scripted editor. Written after
// privilege-rule-opened, library-injection-persisted and the new branches of password-hash-read and
// sudoers-write, with other rights, variables, tools and spellings than their examples.
import { describe, expect, it } from 'vitest';
import { aloneOf, hookEvent, reportedAt, rulesOfCommand } from './replay.js';

describe('rights opened and libraries injected', () => {
  it.each([
    ["the preference panes' right given to anyone", 'sudo security authorizationdb write system.preferences authenticate-session-owner-or-admin', 'privilege-rule-opened', 'critical'],
    ['core dumps piped to a program under /var/tmp, by sysctl', "sysctl -w 'kernel.core_pattern=|/var/tmp/.h %e'", 'privilege-rule-opened', 'critical'],
    ["launchd's library path for every app", 'launchctl setenv DYLD_LIBRARY_PATH /Users/dev/.lib', 'library-injection-persisted', 'high'],
    ["Chrome's signature stripped", 'sudo codesign --remove-signature "/Applications/Google Chrome.app"', 'library-injection-persisted', 'medium'],
    ["a hash read from the user's plist by defaults", 'defaults read /var/db/dslocal/nodes/Default/users/dev.plist ShadowHashData', 'password-hash-read', 'high'],
    ["dscl's native attribute name", 'dscl . read /Users/admin dsAttrTypeNative:ShadowHashData', 'password-hash-read', 'high'],
    ['visudo -f with a tee editor under sudo', "printf 'dev ALL=(ALL) NOPASSWD: ALL\\n' | sudo EDITOR='tee -a' visudo -f /etc/sudoers.d/dev", 'sudoers-write', 'critical'],
    ['sudoedit driven by sed', 'SUDO_EDITOR="sed -i s/^#.%wheel/%wheel/" sudoedit /etc/sudoers', 'sudoers-write', 'critical'],
  ])('%s: %s', reportedAt);

  it("an app's Info.plist written with a library in its LSEnvironment", () => {
    const plist = '<plist><dict><key>LSEnvironment</key><dict><key>DYLD_INSERT_LIBRARIES</key><string>/Users/Shared/.l.dylib</string></dict></dict></plist>';
    const found = aloneOf(hookEvent('Write', { file_path: '/Applications/Zoom.app/Contents/Info.plist', content: plist }));
    expect(found.map((f) => f.rule)).toContain('library-injection-persisted');
  });

  it.each([
    ["launchd's environment read", 'launchctl getenv DYLD_INSERT_LIBRARIES', 'library-injection-persisted'],
    ['a build product unsigned in the workspace', 'codesign --remove-signature ./build/Release/addon.node', 'library-injection-persisted'],
    ["a user's real name", 'dscl . -read /Users/dev RealName', 'password-hash-read'],
    ['a right read', 'security authorizationdb read system.privilege.admin', 'privilege-rule-opened'],
    ['core_pattern read', 'sysctl kernel.core_pattern', 'privilege-rule-opened'],
    ['visudo checking the file', 'sudo visudo -c', 'sudoers-write'],
  ])('quiet: %s', (_name, command, rule) => {
    expect(rulesOfCommand(command)).not.toContain(rule);
  });
});

// Written after system-path-overmounted (2026-12-07), with other mount options, spellings and targets.
describe('a file system mounted over a system path', () => {
  it.each([
    ["ssh's client config replaced by -B", 'sudo mount -B ~/.cache/ssh_config /etc/ssh/ssh_config', 'system-path-overmounted', 'high'],
    ['ls replaced, the option glued', 'mount -obind /tmp/x/ls /bin/ls', 'system-path-overmounted', 'high'],
    ['the logs swallowed by a tmpfs, long option', 'mount --types=tmpfs none /var/log', 'system-path-overmounted', 'high'],
    ['a mount moved over /usr/local', 'mount --move /tmp/m /usr/local', 'system-path-overmounted', 'high'],
  ])('%s: %s', reportedAt);

  it.each([
    ['data bound under /srv', 'sudo mount -o bind,ro ~/data /srv/data'],
    ['shared memory sized', 'mount -t tmpfs -o size=2G tmpfs /dev/shm'],
    ['a disk mounted at /boot', 'sudo mount -t ext4 /dev/nvme1n1p1 /boot'],
  ])('quiet: %s', (_name, command) => {
    expect(rulesOfCommand(command)).not.toContain('system-path-overmounted');
  });
});
