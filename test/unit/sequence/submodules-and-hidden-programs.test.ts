// A submodule from a host that is no known code host (recorded in .gitmodules, fetched by every recursive clone),
// and a program made executable under a hidden name outside the workspace. Written after manifest-sources.ts took
// .gitmodules, argument-files.ts took `git submodule add`, and the rule hidden-executable, with other hosts,
// spellings and places than their examples.
import { describe, expect, it } from 'vitest';
import { aloneOf, hookEvent, rulesOfCommand } from './replay.js';

describe('a submodule from an unknown host', () => {
  it.each([
    'git submodule add --depth 1 ssh://git@forge.example.io/tools/gen.git tools/gen',
    'git -C app submodule add https://code.example.net/ui-kit ui',
  ])('%s', (command) => {
    expect(rulesOfCommand(command)).toContain('manifest-dependency-from-url');
  });

  it('written into .gitmodules', () => {
    const f = aloneOf(hookEvent('Write', { file_path: '/home/dev/proj/.gitmodules', content: '[submodule "deps/x"]\n\tpath = deps/x\n\turl = git@git.example.org:deps/x.git\n' }));
    expect(f.map((x) => x.rule)).toContain('manifest-dependency-from-url');
  });

  it.each([
    'git submodule add https://gitlab.com/org/lib.git vendor/lib',
    'git submodule add ../common.git common',
    'git submodule update --init --recursive',
    'git submodule foreach git pull origin main',
  ])('quiet: %s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('manifest-dependency-from-url');
  });

  it('a .gitmodules on known hosts or relative URLs is quiet', () => {
    const f = aloneOf(hookEvent('Write', { file_path: '/home/dev/proj/.gitmodules', content: '[submodule "a"]\n\tpath = a\n\turl = https://github.com/org/a.git\n[submodule "b"]\n\tpath = b\n\turl = ../b.git\n' }));
    expect(f.map((x) => x.rule)).not.toContain('manifest-dependency-from-url');
  });
});

describe('a program made executable under a hidden name', () => {
  it.each(['chmod a+x ~/.local/share/.indexer', 'cp /tmp/u ~/.config/.updater; chmod ug+x ~/.config/.updater', 'chmod +rx /var/tmp/.cache-helper'])('%s', (command) => {
    expect(rulesOfCommand(command)).toContain('hidden-executable');
  });

  it.each(['chmod +x ./.githooks/pre-commit', 'chmod +x ~/.local/bin/tool', 'chmod 755 ~/.config', 'chmod -R u+x ~/.vim/pack', 'chmod +x .husky/_/husky.sh'])('quiet: %s', (command) => {
    expect(rulesOfCommand(command)).not.toContain('hidden-executable');
  });
});
