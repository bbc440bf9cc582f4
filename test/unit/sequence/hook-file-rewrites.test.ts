// An agent's settings rewritten without its hooks by the in-place tools a shell has (moreutils' sponge, perl's
// `-0pi` with the record separator bundled, yq's -i), and agentwatch's program found by name and removed. Written
// after argument-files.ts took those writers and edits-agentwatch-files took `$(which agentwatch)`, with other
// agents' files, spellings and tools than the probes.
import { describe, expect, it } from 'vitest';
import { rulesOfCommand } from './replay.js';

describe("an agent's hooks removed by an in-place writer", () => {
  it.each([
    `jq 'del(.hooks.PreToolUse)' ~/.claude/settings.json | sponge ~/.claude/settings.json`,
    `perl -0777 -pi -e 's/"hooks":\\{[^}]*\\}//' ~/.gemini/settings.json`,
    `perl -0777pi.orig -e 's/agentwatch hook \\S+//g' ~/.claude/settings.json`,
    `yq eval -i 'del(.hooks)' .gemini/settings.json`,
    `yq --inplace '.hooks = {}' ~/.gemini/settings.json`,
  ])('%s', (command) => {
    expect(rulesOfCommand(command)).toContain('agent-hook-tamper');
  });

  it.each([
    `jq '.version = "2.1.0"' package.json | sponge package.json`,
    `yq -i '.image.tag = "1.4.2"' deploy/values.yaml`,
    `perl -0pi -e 's/\\r\\n/\\n/g' README.md`,
  ])('the same tools on project files: %s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('agent-hook-tamper');
  });
});

describe("agentwatch's program found by name", () => {
  it.each([
    'shred -u "$(command -v agentwatch)"',
    'ln -sf /bin/true $(which agentwatch)',
    'truncate -s 0 `type -p agentwatch`',
  ])('and removed or replaced: %s', (command) => {
    expect(rulesOfCommand(command)).toContain('agent-hook-tamper');
  });

  it.each(['ls -la $(which agentwatch)', 'file "$(command -v agentwatch)"', 'rm $(which jq)'])('looked at, or another program: %s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('agent-hook-tamper');
  });
});

// Written after git-reverts-hook-file, with other agents' files and other git spellings than the probes.
describe("an agent's hook files put back, stashed or cleaned out with git", () => {
  it.each([
    'git checkout v1.2.0 -- .gemini/settings.json',
    'git restore -s HEAD~1 -- .cursor/hooks.json',
    'git restore --source origin/main .codex/',
    'git stash push -- .claude/settings.local.json',
    'git clean -fx .claude/',
    'git rm -f .github/hooks/agentwatch.json',
    'git restore --staged --worktree .claude/settings.json',
    'git -C ~/dotfiles checkout HEAD~2 -- .claude/settings.json',
  ])('%s', (command) => {
    expect(rulesOfCommand(command)).toContain('agent-hook-tamper');
  });

  it.each([
    'git rm --cached .claude/settings.local.json',
    'git restore --staged .claude/settings.json',
    'git checkout -- src/app.ts',
    'git stash list',
    'git diff --stat HEAD~3 -- .claude/',
    'git log --oneline -- .codex/config.toml',
    'git stash show -p stash@{0} -- .claude/settings.json',
    'git checkout main -- .github/',
  ])('the index only, other files, or looked at: %s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('agent-hook-tamper');
  });
});

describe('git words that only look like a revert', () => {
  it.each(['git log --grep checkout -- .claude/settings.json', 'git blame .gemini/settings.json --since=restore'])('%s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('agent-hook-tamper');
  });
});
