// The project's git hooks skipped for a commit or push, and a published package withdrawn from its registry. Written
// after git-hooks-skipped and package-unpublished, with other verbs, flag spellings and managers than their examples.
import { describe, expect, it } from 'vitest';
import { aloneOf, bash, severityIn } from './replay.js';

const severityOf = (command: string, rule: string) => severityIn(aloneOf(bash(command)), rule);

describe("the repository's git hooks skipped", () => {
  it.each([
    ['-n joined with -a on a commit', 'git commit -an --message "quick fix"'],
    ['a push past its pre-push hook', 'git push --no-verify -u origin feature/x'],
    ['a merge', 'git merge --no-verify --no-ff release'],
    ['hooks pointed at /dev/null for one command', 'git -c core.hooksPath=/dev/null commit -qm tmp'],
    ['an empty hooks path', 'git -c core.hooksPath= push'],
    ["pre-commit's SKIP for two hooks", 'SKIP=gitleaks,eslint git commit -m x'],
    ['husky off by its old variable', 'HUSKY_SKIP_HOOKS=1 git commit -m x'],
    ['lefthook off', 'LEFTHOOK=0 git push origin main'],
    ["pre-commit's hooks removed", 'pre-commit uninstall -t pre-push'],
  ])('%s: low', (_name, command) => {
    expect(severityOf(command, 'git-hooks-skipped')).toBe('low');
  });

  it.each([
    ['a message with an n in it, attached', 'git commit -mnightly'],
    ['a dry-run push', 'git push -n origin main'],
    ['hooks pointed at husky for one command', 'git -c core.hooksPath=.husky commit -m x'],
    ['the hooks installed', 'pre-commit install'],
    ['a log', 'git log -n 5'],
  ])('quiet: %s', (_name, command) => {
    expect(severityOf(command, 'git-hooks-skipped')).toBeUndefined();
  });
});

describe('a published package withdrawn', () => {
  it.each([
    ['a whole scoped package, forced', 'npm unpublish @acme/ui --force', 'high'],
    ['pnpm with no package named, forced', 'pnpm unpublish --force', 'high'],
    ['one version, scoped', 'npm unpublish @acme/ui@2.0.1', 'medium'],
    ['Yarn 2+', 'yarn npm unpublish --tag beta', 'medium'],
    ['a gem version yanked', 'gem yank mylib -v 1.4.0', 'medium'],
    ['a crate version yanked, new syntax', 'cargo yank mycrate@0.9.2', 'medium'],
    ['a NuGet package deleted', 'dotnet nuget delete Acme.Core 1.0.0 --non-interactive -s https://api.nuget.org/v3/index.json', 'medium'],
  ])('%s: %s', (_name, command, severity) => {
    expect(severityOf(command, 'package-unpublished')).toBe(severity);
  });

  it.each([
    ['a yank undone', 'cargo yank mycrate@0.9.2 --undo'],
    ['a dry run', 'npm unpublish @acme/ui@2.0.1 --dry-run'],
    ['a package published', 'npm publish'],
    ['a local NuGet cache cleared', 'dotnet nuget locals all --clear'],
  ])('quiet: %s', (_name, command) => {
    expect(severityOf(command, 'package-unpublished')).toBeUndefined();
  });
});
