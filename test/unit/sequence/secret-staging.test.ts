// A secret put into a repository's history: the file itself staged (a dotfiles repository, `git -C ~ add …`), a
// copy staged where git works (`git -C dir`, a `cd` of the line), or a copy in a commit of every tracked change
// (`git commit -a`). Written after detectors/sequence/secret-commit.ts, with other repositories, verbs and flags.
import { describe, expect, it } from 'vitest';
import { at, BARE_CTX, bash, lastOf } from './replay.js';

const staged = (...commands: string[]) => { at(0); return lastOf(commands.map((c) => bash(c)), BARE_CTX).find((f) => f.rule === 'secret-staged-for-commit'); };

describe('a credential file itself staged for a commit', () => {
  it.each([
    ['git -C into the kube directory', 'git -C ~/.kube add config'],
    ['pushd into the ssh directory first', 'pushd ~/.ssh && git add id_ed25519 && popd'],
    ['the stage verb with an absolute path', 'git stage /home/dev/.docker/config.json'],
    ['a directory of keys, forced past .gitignore', 'git add -f ~/.gnupg'],
    ['a dotfiles repository in home, the token among other files', 'git -C /home/dev add .zshrc .config/gh/hosts.yml .vimrc'],
  ])('%s: %s', (_name, command) => {
    expect(staged(command)?.severity).toBe('high');
  });

  it('a project .env is staged at medium: often a development default', () => {
    expect(staged('git add -- .env.local')?.severity).toBe('medium');
  });
});

describe('a copy of a credential staged where git works', () => {
  it.each([
    ['copied into a vendored directory, staged from inside it', ['cp ~/.netrc vendor/netrc', 'git -C vendor add .']],
    ['copied into another clone, staged there after a cd', ['cp ~/.pgpass /srv/tools/db.txt', 'cd /srv/tools && git add db.txt']],
    ['a cd, the copy and its staging on one line', ['cd /srv/tools && cp ~/.pgpass db.txt && git add db.txt']],
  ])('%s', (_name, commands) => {
    expect(staged(...commands)?.severity).toBe('high');
  });

  it.each([
    ['commit --all', ['cat ~/.npmrc > config/registry.txt', 'git commit --all -m "registry"']],
    ['-vam', ['cp ~/.git-credentials notes/creds.md', 'git commit -vam wip']],
  ])('committed with every tracked change (%s): medium, since git may not track the copy', (_name, commands) => {
    expect(staged(...commands)?.severity).toBe('medium');
  });

  it.each([
    ['a message that names the file', ['git commit -m "document ~/.aws/credentials"']],
    ['docs about credentials staged', ['git add docs/aws-credentials.md']],
    ['an example env file', ['git add .env.example']],
    ['an amend after a copy was made', ['cp ~/.netrc /tmp/n', 'git commit --amend --no-edit']],
    ['-ma: the message is "a"', ['cp ~/.netrc notes/n.txt', 'git commit -ma']],
    ['a copy outside the repository git works in', ['cp ~/.netrc /tmp/n', 'git -C /home/dev/proj add -A']],
  ])('nothing staged: %s', (_name, commands) => {
    expect(staged(...commands)).toBeUndefined();
  });
});

// Written after `git commit <pathspec>` joined the stagings: a commit of the files it names takes them as they are.
describe('a copy of a credential committed by naming it', () => {
  it.each([
    ['a message, then the file', ['cat ~/.aws/credentials > config/settings.ini', 'git commit -m "update settings" config/settings.ini']],
    ['after --, with a sign-off', ['cp ~/.pgpass deploy/db.cfg', 'git commit -s -q --message=wip -- deploy/db.cfg']],
    ['the directory holding it, amended', ['tee share/token.txt < ~/.config/gh/hosts.yml', 'git commit --amend --no-edit share']],
    ['-C reusing a message, -i including it', ['cp ~/.netrc docs/netrc.txt', 'git commit -C HEAD -i docs/netrc.txt']],
  ])('%s: medium (it goes in if git tracks it)', (_name, commands) => {
    const f = staged(...commands);
    expect(f?.severity).toBe('medium');
    expect(f?.title).toMatch(/in a commit of the files named/);
  });

  it.each([
    ['another file named', ['cp ~/.netrc docs/netrc.txt', 'git commit -m "fix docs" docs/index.md']],
    ['the message names the copy, no path', ['cp ~/.netrc docs/netrc.txt', 'git commit -m docs/netrc.txt']],
    ['a plain commit of what was staged before', ['cp ~/.netrc docs/netrc.txt', 'git commit -qm wip']],
  ])('quiet: %s', (_name, commands) => {
    expect(staged(...commands)).toBeUndefined();
  });
});

// Written after secret-commit.ts read the messages of commits, tags and notes (2026-12-07).
describe('a secret made the message of a commit, tag or note', () => {
  it.each([
    ['a glued -m with a key read by head', 'git commit --allow-empty -m"$(head -c 400 ~/.ssh/id_ed25519)"'],
    ['--file= naming the credentials', 'git commit --file=/home/dev/.aws/credentials --allow-empty'],
    ['an annotated tag, the token redirected into base64', 'git tag -a release-1 --message "$(base64 -w0 < ~/.config/gh/hosts.yml)"'],
    ['a note appended after a cd into the kube directory', 'cd ~/.kube && git -C /work/app notes append -m "$(cat config)"'],
    ['-am bundled, every tracked change committed', 'git commit -am "$(cat ~/.netrc)"'],
    ['-sF bundled, the message file a key', 'git commit -sF ~/.ssh/id_ecdsa'],
  ])('%s: high', (_name, command) => {
    const f = staged(command);
    expect(f?.severity).toBe('high');
    expect(f?.title).toMatch(/written into a commit message/);
  });

  it.each([
    ['a message that names a credential file', 'git commit -m "docs: how ~/.aws/credentials is read"'],
    ['a message made from the changelog', 'git commit -m "$(head -3 CHANGELOG.md)"'],
    ['the secret read on its own before an ordinary commit', 'cat ~/.npmrc; git commit -m "chore: registry"'],
    ['a message file of the workspace', 'git commit -F .git/COMMIT_EDITMSG'],
  ])('quiet: %s', (_name, command) => {
    expect(staged(command)).toBeUndefined();
  });
});
