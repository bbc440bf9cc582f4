// What the file watcher watches, as data: sensitive locations of a developer machine. `~` is the home.
// kind "file" costs one watch on its parent directory (shared) plus one for the file; kind "dir" is
// watched recursively, so only small directories belong here (browser profiles are listed by their
// credential files, not their huge profile trees). Workspaces of active sessions are added at run time.
// Mirrors detectors/catalog.ts (SECRET_FILES, PERSISTENCE_FILES, AGENT_HOOK_FILES) for what can be watched.

export type WatchClass = 'credential' | 'persistence' | 'agent-config';

export interface WatchEntry {
  id: string;
  class: WatchClass;
  kind: 'file' | 'dir';
  path: string;
  /** Only on this platform (macOS-only trees would otherwise anchor a watch on `/`). */
  os?: 'linux' | 'darwin';
}

const f = (id: string, cls: WatchClass, path: string, os?: WatchEntry['os']): WatchEntry => ({ id, class: cls, kind: 'file', path, ...(os ? { os } : {}) });
const d = (id: string, cls: WatchClass, path: string, os?: WatchEntry['os']): WatchEntry => ({ id, class: cls, kind: 'dir', path, ...(os ? { os } : {}) });

export const WATCH_CATALOG: readonly WatchEntry[] = [
  // Credentials
  d('aws', 'credential', '~/.aws'),
  d('ssh', 'credential', '~/.ssh'),
  d('kube', 'credential', '~/.kube'),
  f('docker', 'credential', '~/.docker/config.json'),
  f('npmrc', 'credential', '~/.npmrc'),
  f('pypirc', 'credential', '~/.pypirc'),
  f('netrc', 'credential', '~/.netrc'),
  f('git-credentials', 'credential', '~/.git-credentials'),
  f('git-credentials', 'credential', '~/.config/git/credentials'),
  f('gh', 'credential', '~/.config/gh/hosts.yml'),
  f('gcloud', 'credential', '~/.config/gcloud/credentials.db'),
  f('gcloud', 'credential', '~/.config/gcloud/access_tokens.db'),
  f('gcloud', 'credential', '~/.config/gcloud/application_default_credentials.json'),
  d('gcloud', 'credential', '~/.config/gcloud/legacy_credentials'),
  f('azure', 'credential', '~/.azure/accessTokens.json'),
  f('azure', 'credential', '~/.azure/msal_token_cache.json'),
  f('azure', 'credential', '~/.azure/azureProfile.json'),
  f('browser', 'credential', '~/.config/google-chrome/Default/Login Data', 'linux'),
  f('browser', 'credential', '~/.config/google-chrome/Default/Cookies', 'linux'),
  f('browser', 'credential', '~/.config/google-chrome/Default/Network/Cookies', 'linux'),
  f('browser', 'credential', '~/.config/chromium/Default/Login Data', 'linux'),
  f('browser', 'credential', '~/.config/BraveSoftware/Brave-Browser/Default/Login Data', 'linux'),
  f('browser', 'credential', '~/.mozilla/firefox/profiles.ini', 'linux'),
  f('browser', 'credential', '~/Library/Application Support/Google/Chrome/Default/Login Data', 'darwin'),
  f('browser', 'credential', '~/Library/Application Support/Firefox/profiles.ini', 'darwin'),
  d('keychain', 'credential', '~/Library/Keychains', 'darwin'),
  // Persistence
  ...['.bashrc', '.bash_profile', '.bash_login', '.bash_logout', '.profile', '.zshrc', '.zprofile', '.zshenv', '.zlogin']
    .map((n) => f('shell-rc', 'persistence', `~/${n}`)),
  f('shell-rc', 'persistence', '~/.config/fish/config.fish'),
  d('shell-rc', 'persistence', '~/.config/fish/conf.d'),
  f('shell-rc', 'persistence', '/etc/profile'),
  f('shell-rc', 'persistence', '/etc/bash.bashrc', 'linux'),
  d('shell-rc', 'persistence', '/etc/profile.d'),
  f('authorized-keys', 'persistence', '/etc/ssh/sshd_config'),
  d('autostart', 'persistence', '~/.config/autostart', 'linux'),
  d('systemd-unit', 'persistence', '~/.config/systemd/user', 'linux'),
  d('systemd-unit', 'persistence', '/etc/systemd/system', 'linux'),
  f('cron', 'persistence', '/etc/crontab', 'linux'),
  d('cron', 'persistence', '/etc/cron.d', 'linux'),
  d('cron', 'persistence', '/var/spool/cron', 'linux'),
  d('autostart', 'persistence', '~/Library/LaunchAgents', 'darwin'),
  d('autostart', 'persistence', '/Library/LaunchAgents', 'darwin'),
  d('autostart', 'persistence', '/Library/LaunchDaemons', 'darwin'),
  f('git-config', 'persistence', '~/.gitconfig'),
  // Agents' config, hook and MCP files (editing them can switch agentwatch off or add a tool server)
  f('claude-settings', 'agent-config', '~/.claude/settings.json'),
  f('claude-settings', 'agent-config', '~/.claude/settings.local.json'),
  f('claude-config', 'agent-config', '~/.claude.json'),
  f('claude-settings', 'agent-config', '/etc/claude-code/managed-settings.json', 'linux'),
  f('claude-settings', 'agent-config', '/Library/Application Support/ClaudeCode/managed-settings.json', 'darwin'),
  f('claude-desktop-mcp', 'agent-config', '~/.config/Claude/claude_desktop_config.json', 'linux'),
  f('claude-desktop-mcp', 'agent-config', '~/Library/Application Support/Claude/claude_desktop_config.json', 'darwin'),
  f('codex-hooks', 'agent-config', '~/.codex/config.toml'),
  f('codex-hooks', 'agent-config', '~/.codex/hooks.json'),
  f('gemini-settings', 'agent-config', '~/.gemini/settings.json'),
  f('cursor-mcp', 'agent-config', '~/.cursor/mcp.json'),
  f('cursor-hooks', 'agent-config', '~/.cursor/hooks.json'),
  f('windsurf-mcp', 'agent-config', '~/.codeium/windsurf/mcp_config.json'),
  f('vscode-mcp', 'agent-config', '~/.config/Code/User/mcp.json', 'linux'),
  f('vscode-mcp', 'agent-config', '~/.config/Code/User/settings.json', 'linux'),
  f('vscode-mcp', 'agent-config', '~/Library/Application Support/Code/User/mcp.json', 'darwin'),
];

/** Directory names never watched inside workspaces: dependencies and build output churn and cost watches. */
export const DEFAULT_IGNORED_DIRS: readonly string[] = [
  'node_modules', 'dist', 'build', 'out', 'target', '.next', '.nuxt', '.svelte-kit', '.turbo', '.parcel-cache',
  '.cache', 'coverage', '__pycache__', '.venv', 'venv', '.tox', '.gradle', '.terraform',
];

/** Inside `.git`, only these are watched: hooks (persistence) and config (core.hooksPath, aliases). */
export const GIT_KEPT: readonly string[] = ['hooks', 'config'];
