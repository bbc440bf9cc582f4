// Which agent extensions (Copilot Chat, Cline, Continue, Claude Code) are installed in the user's
// editors: the catalog's extension-host entries match only when theirs is there.
import fs from 'node:fs';
import path from 'node:path';

const EXTENSION_DIRS = ['.vscode', '.vscode-insiders', '.vscode-server', '.cursor', '.windsurf', '.kiro', '.vscode-oss'];

/** `publisher.name-1.2.3[-platform]` → `publisher.name` (lower case, as the catalog writes ids). */
export function extensionIdOf(dirName: string): string | undefined {
  const m = /^([a-z0-9][\w-]*\.[\w-]+?)-\d+\.\d+\.\d+/i.exec(dirName);
  return m ? m[1]!.toLowerCase() : undefined;
}

export function installedExtensions(home: string): Set<string> {
  const ids = new Set<string>();
  for (const dir of EXTENSION_DIRS) {
    let names: string[] = [];
    try { names = fs.readdirSync(path.join(home, dir, 'extensions')); } catch { continue; }
    for (const n of names) {
      const id = extensionIdOf(n);
      if (id) ids.add(id);
    }
  }
  return ids;
}
