// One file install touches, and how it is put back. Install remembers the file as it found it (bytes or
// absence, mode, the directories it had to create) in the state dir's install records; uninstall puts those
// exact bytes back when the file is as install left it, and otherwise takes out only agentwatch's part.
// A second install that finds its part already there writes nothing at all (no rewrite, mtime kept).
import fs from 'node:fs';
import path from 'node:path';
import { lineDiff } from '../core/line-diff.js';
import { stateFiles, writePrivate } from '../core/state-files.js';

export type InstallAction = 'installed' | 'unchanged' | 'removed' | 'restored' | 'not-installed' | 'secret-rewritten';

export interface InstallReport {
  /** The agent, or what else the file is (`service`, `config`, `hook-secret`). */
  agent: string;
  file: string;
  action: InstallAction;
  diff?: string;
  /** Something the user still has to do for the hooks to run. */
  note?: string;
}

export interface FileEdit {
  /** The install record's name (one per file install manages), e.g. `claude-code-user`, `service-system`. */
  record: string;
  agent: string;
  /** Where the file is on disk (under --root when one is given). */
  file: string;
  /** Whether agentwatch's part is there already, exactly. */
  has(current: string | null): boolean;
  /** The file with agentwatch's part (throws a one-line AgentwatchError on a file it cannot edit). */
  add(current: string | null): string;
  /** The file without agentwatch's part; null deletes it (a file that is wholly ours). */
  remove(current: string): string | null;
  /** Mode for a file install creates; `force` applies it to an existing file too (a secret inside). */
  mode: number;
  force?: boolean;
  /** What a diff may show (secrets masked). */
  mask?: (text: string) => string;
  note?: string;
}

/** What install wrote; `original` null = there was no file; `createdDirs` deepest first. */
interface InstallRecord { file: string; original: string | null; installed: string; originalMode?: number; createdDirs?: string[] }

const recordFile = (stateDir: string, name: string) => path.join(stateFiles(stateDir).installs, `${name}.json`);
const readText = (file: string): string | null => { try { return fs.readFileSync(file, 'utf8'); } catch (err) {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
  throw err;
} };
const modeOf = (file: string): number | undefined => (fs.existsSync(file) ? fs.statSync(file).mode & 0o777 : undefined);

export function readRecord(stateDir: string, name: string): InstallRecord | undefined {
  try { return JSON.parse(fs.readFileSync(recordFile(stateDir, name), 'utf8')) as InstallRecord; } catch { return undefined; }
}

export function saveRecord(stateDir: string, name: string, record: InstallRecord): void {
  fs.mkdirSync(stateFiles(stateDir).installs, { recursive: true, mode: 0o700 });
  writePrivate(recordFile(stateDir, name), JSON.stringify(record));
}

/** The directories `mkdir -p dir` would create, deepest first. */
export function missingDirs(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) out.push(d);
  return out;
}

/** Writes the file whole (rename): never through a link planted at the temporary name. */
export function writeWhole(file: string, text: string, mode: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
  const tmp = `${file}.agentwatch-tmp`;
  fs.rmSync(tmp, { force: true });
  fs.writeFileSync(tmp, text, { mode: 0o600, flag: 'wx' });
  fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
}

const diffOf = (e: FileEdit, before: string, after: string) => lineDiff(e.mask ? e.mask(before) : before, e.mask ? e.mask(after) : after);

export function installFile(e: FileEdit, o: { stateDir: string; dryRun: boolean }): InstallReport {
  const note = e.note === undefined ? {} : { note: e.note };
  const current = readText(e.file);
  const mode = modeOf(e.file);
  if (e.has(current) && (!e.force || mode === e.mode)) return { agent: e.agent, file: e.file, action: 'unchanged', ...note };
  const next = e.add(current);
  const diff = diffOf(e, current ?? '', next);
  if (o.dryRun) return { agent: e.agent, file: e.file, action: 'installed', diff, ...note };
  // Keep the very first original: a re-install over our own earlier edit must not lose it.
  const previous = readRecord(o.stateDir, e.record);
  const first = previous && previous.file === e.file ? previous : { original: current, originalMode: mode, createdDirs: missingDirs(path.dirname(e.file)) };
  writeWhole(e.file, next, e.force ? e.mode : mode ?? e.mode);
  saveRecord(o.stateDir, e.record, { file: e.file, original: first.original, installed: next, originalMode: first.originalMode, createdDirs: first.createdDirs });
  return { agent: e.agent, file: e.file, action: 'installed', diff, ...note };
}

/** Directories install created, deepest first, removed while empty. */
export function removeCreatedDirs(dirs: string[] | undefined): void {
  for (const d of dirs ?? []) {
    try { fs.rmdirSync(d); } catch { return; } // not empty (someone put something there) or gone: stop
  }
}

export function uninstallFile(e: FileEdit, o: { stateDir: string; dryRun: boolean }): InstallReport {
  const record = readRecord(o.stateDir, e.record);
  const current = readText(e.file);
  const report = (action: InstallAction, diff?: string): InstallReport => ({ agent: e.agent, file: e.file, action, ...(diff === undefined ? {} : { diff }) });
  // Untouched since install: put back the exact bytes (or the absence) we found.
  if (record && record.file === e.file && current === record.installed) {
    if (!o.dryRun) {
      if (record.original === null) fs.rmSync(e.file, { force: true });
      else writeWhole(e.file, record.original, record.originalMode ?? e.mode);
      fs.rmSync(recordFile(o.stateDir, e.record), { force: true });
      if (record.original === null) removeCreatedDirs(record.createdDirs);
    }
    return report('restored', diffOf(e, current, record.original ?? ''));
  }
  if (current === null) {
    if (!o.dryRun) fs.rmSync(recordFile(o.stateDir, e.record), { force: true });
    return report('not-installed');
  }
  // Changed since install (or installed from another state dir): take out only our part.
  const next = e.remove(current);
  if (next === current) return report('not-installed');
  if (!o.dryRun) {
    if (next === null) fs.rmSync(e.file, { force: true });
    else writeWhole(e.file, next, modeOf(e.file) ?? e.mode);
    fs.rmSync(recordFile(o.stateDir, e.record), { force: true });
    if (next === null) removeCreatedDirs(record?.createdDirs);
  }
  return report('removed', diffOf(e, current, next ?? ''));
}
