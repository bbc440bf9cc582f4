// The environment a scanned stdio server starts with: a minimal one, never the user's whole
// environment (a scan must not hand AWS_*, GITHUB_TOKEN … to a server nobody vetted). Pure.

/** Variables a process needs to run at all; everything else comes from the entry or `mcp.scan.passEnv`. */
export const BASE_ENV_VARS = [
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TERM', 'TMPDIR', 'TZ',
  // Windows needs these to start anything.
  'SYSTEMROOT', 'SYSTEMDRIVE', 'WINDIR', 'COMSPEC', 'PATHEXT', 'TEMP', 'TMP', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'PROGRAMFILES',
] as const;

/**
 * Base variables from `parent`, then the ones named in `passEnv`, then the entry's own `env` (what the
 * client itself would set). Values starting with `()` are exported shell functions: never passed.
 */
export function scanEnvironment(parent: NodeJS.ProcessEnv, passEnv: readonly string[], entryEnv: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of [...BASE_ENV_VARS, ...passEnv]) {
    const value = parent[key];
    if (value !== undefined && !value.startsWith('()')) env[key] = value;
  }
  return { ...env, ...entryEnv };
}

/**
 * Expands the variable references clients expand in server configs — `${VAR}`, `${VAR:-default}`
 * (Claude Code) and `${env:VAR}` (Cursor, VS Code) — from `parent`. A config that names a variable
 * asks for it to be passed, so this is "configured", not leaked. Unknown variables become empty.
 */
export function expandVars(s: string, parent: NodeJS.ProcessEnv): string {
  return s.replace(/\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => parent[name] ?? fallback ?? '');
}

export function expandRecord(r: Record<string, string> | undefined, parent: NodeJS.ProcessEnv): Record<string, string> | undefined {
  return r && Object.fromEntries(Object.entries(r).map(([k, v]) => [k, expandVars(v, parent)]));
}
