// Download and build caches that package managers and tools fill again by themselves: deleting what is in them
// (`rm -rf ~/.cache/pip`, `rm -rf ~/.gradle/caches`) costs a re-download, not work. The XDG cache directory is
// one by definition (applications must cope with its content gone). The cache directory itself, deleted whole,
// is still judged (`rm -rf ~/.cache` is a folder directly in the home).

// Caches whose content is theirs to drop, not the directory itself (the XDG one and macOS's hold every tool's); and
// where version managers and editors keep what they installed, one directory a version or extension (`nvm install
// 16`, `pyenv install 3.8`, a virtualenv, an extension): each is installed again by the same command.
const CACHE_ROOTS: readonly string[] = [
  '/.cache/', '/Library/Caches/',
  '/.nvm/versions/', '/.pyenv/versions/', '/.rbenv/versions/', '/.rustup/toolchains/', '/.asdf/installs/', '/.local/share/mise/installs/',
  '/.sdkman/candidates/', '/.local/share/virtualenvs/', '/.virtualenvs/', '/.vscode/extensions/', '/.cursor/extensions/', '/.vscode-server/extensions/',
];
// A tool's own cache: the directory and what is in it (a path's segments, so under any user's home).
const TOOL_CACHES: readonly string[] = [
  '/.npm/_cacache', '/.npm/_npx', '/.npm/_logs', '/.pnpm-store', '/.local/share/pnpm/store', '/.yarn/berry/cache', '/.yarn/cache',
  '/.gradle/caches', '/.gradle/wrapper/dists', '/.m2/repository', '/.cargo/registry', '/.cargo/git', '/go/pkg/mod', '/.bun/install/cache',
  '/.nuget/packages', '/.composer/cache', '/.ivy2/cache', '/.sbt/boot', '/.cpanm/work', '/.stack/pantry', '/.node-gyp',
  // Xcode's build products and indexes, which every iOS build fills again.
  '/Library/Developer/Xcode/DerivedData', '/Library/Developer/CoreSimulator/Caches',
];

/** Whether `path` (absolute) is a tool's cache or inside one. */
export function isInToolCache(path: string): boolean {
  for (const root of CACHE_ROOTS) {
    const at = path.indexOf(root);
    if (at >= 0 && path.length > at + root.length) return true;
  }
  for (const dir of TOOL_CACHES) {
    const at = path.indexOf(dir);
    if (at >= 0 && (path.length === at + dir.length || path[at + dir.length] === '/')) return true;
  }
  return false;
}
