// What a write or edit tool writes, the same for every agent: the files it names, the text it puts in
// them and the text it replaces, so content rules (a hook kill switch set, our hook edited out) and
// taint see a Codex apply_patch exactly as they see a Claude Write or Edit. Pure: the tool's input only.
import type { WrittenFile } from '../event.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const joined = (parts: (string | undefined)[]): string | undefined => {
  const kept = parts.filter((p): p is string => p !== undefined);
  return kept.length > 0 ? kept.join('\n') : undefined;
};

/**
 * The files a Codex `apply_patch` writes. Add File: the whole new text. Update File: the added lines as
 * the new content and the removed lines as the old (like an Edit's new_string/old_string; context lines
 * are neither). A Move to: writes the new path. Delete File: removes (`deleted`).
 */
export function patchWrites(patch: string): WrittenFile[] {
  const out: (WrittenFile & { added: string[]; removed: string[]; add?: boolean })[] = [];
  let cur: (typeof out)[number] | undefined;
  for (const line of patch.split(/\r?\n/)) {
    const header = /^\*\*\* (Add|Update|Delete) File: (.+)$/.exec(line);
    if (header) {
      cur = { path: header[2]!.trim(), added: [], removed: [], ...(header[1] === 'Add' ? { add: true } : {}), ...(header[1] === 'Delete' ? { deleted: true } : {}) };
      out.push(cur);
      continue;
    }
    const move = /^\*\*\* Move to: (.+)$/.exec(line);
    if (move && cur) { cur.path = move[1]!.trim(); continue; }
    if (!cur || line.startsWith('***')) continue;
    if (line.startsWith('+')) cur.added.push(line.slice(1));
    else if (line.startsWith('-')) cur.removed.push(line.slice(1));
  }
  return out.map(({ added, removed, add, ...w }) => {
    if (w.deleted) return w;
    // An added file's text ends with a newline; an edit's added lines are a fragment, like new_string.
    const content = add ? (added.length > 0 ? `${added.join('\n')}\n` : '') : joined([added.length > 0 ? added.join('\n') : undefined]);
    return { ...w, ...(content !== undefined ? { content } : {}), ...(!add && removed.length > 0 ? { old: removed.join('\n') } : {}) };
  });
}

/**
 * The files a write/edit tool call writes, from its input: `content` (Claude Write, Gemini write_file),
 * `old_string`/`new_string` (Claude Edit, Gemini replace), `edits[]` (Claude MultiEdit), or an
 * apply_patch text (`command` or `input`). `path`: the file the dialect found for the call.
 */
export function writtenFiles(tool: string, input: unknown, path: string | undefined): WrittenFile[] {
  if (input === null || typeof input !== 'object') return [];
  const i = input as Record<string, unknown>;
  if (tool === 'apply_patch') {
    const patch = str(i.command) ?? str(i.input) ?? str(i.patch);
    return patch === undefined ? [] : patchWrites(patch);
  }
  if (path === undefined) return [];
  const edits = Array.isArray(i.edits) ? (i.edits as Record<string, unknown>[]).filter((e) => e !== null && typeof e === 'object') : [];
  // MCP filesystem servers spell an edit {oldText, newText}, and the text to write `text` or `data`.
  const content = str(i.content) ?? str(i.new_string) ?? str(i.text) ?? str(i.data) ?? joined(edits.map((e) => str(e.new_string) ?? str(e.newText)));
  const old = str(i.old_string) ?? joined(edits.map((e) => str(e.old_string) ?? str(e.oldText)));
  return [{ path, ...(content !== undefined ? { content } : {}), ...(old !== undefined ? { old } : {}) }];
}
