// A directory copied or archived whole (`tar czf /tmp/a.tgz ~/.aws`, `zip -r w.zip ~/.config/gh`,
// `cp -r ~/.docker /tmp/d`), handed whole to a container (`docker run -v ~/.aws:/root/.aws img`, whose image's
// code then reads it, or `docker cp ~/.kube web:/root/.kube`) or served to the network (file-servers.ts): every
// file in it goes along, the credentials it holds included. Which arguments are the copied sources (facts.ts asks
// the secret catalog whether one holds credentials) and where the copy lands (a write, so the copy carries the
// secret's taint to whatever sends it later).
import { servedDirectory } from './file-servers.js';
import { baseName, CONTAINER_CLIS } from './words.js';
import { runsCliImage } from './cli-images.js';
import { gitDirectories, gitSubcommand } from './git-push.js';

export interface BulkCopy {
  /** What is copied, as written on the command line. */
  sources: string[];
  /** Where the copy lands: the archive, the destination directory; none for stdout or a remote host. */
  into: string[];
  /** Handed whole to a container (its mounts; a vendor's own CLI image: cli-images.ts) or to the network (a file server) rather than copied. */
  to?: HandedTo;
}

export type HandedTo = 'container' | 'cli-image' | 'network';

const TAR = new Set(['tar', 'bsdtar', 'gtar']);
const SEVEN_ZIP = new Set(['7z', '7za', '7zz', '7zr']);
/** tar's short options that take a value: the archive (f), a directory to change to (C), lists of names (T, X), sizes. */
const TAR_VALUED = new Set(['f', 'C', 'T', 'X', 'b', 'K', 'N', 'g', 'L', 'V', 'F', 'I', 'H']);
const TAR_LONG_VALUED = /^--(file|directory|files-from|exclude-from|exclude|blocking-factor|starting-file|newer|listed-incremental|tape-length|label|info-script|use-compress-program|format|owner|group|mode|transform|xform)$/;
/** zip's options that take a value (the password, a compression method, a temp dir, a comment file). */
const ZIP_VALUED = new Set(['-P', '--password', '-Z', '--compression-method', '-b', '--temp-path', '-n', '--suffixes', '-t', '-tt', '-O', '--output-file']);
const RECURSIVE_CP = /^-[a-zA-Z]*[rRa]|^--(recursive|archive)$/;
/** A `host:path` or `user@host:path` argument (rsync, scp): not a local path. */
const REMOTE = /^(?:[\w.-]+@)?[\w.-]+:(?!\/\/)/;
export const isRemotePath = (arg: string): boolean => REMOTE.test(arg);

/** The sources and destination of a command that copies directories whole, if it is one. */
export function bulkCopyOf(argv: readonly string[]): BulkCopy | undefined {
  const served = servedDirectory(argv);
  if (served !== undefined) return { sources: [served], into: [], to: 'network' };
  const prog = baseName(argv[0] ?? '');
  const args = argv.slice(1);
  if (TAR.has(prog)) return tarCreate(args);
  if (prog === 'zip') return zip(args);
  if (SEVEN_ZIP.has(prog)) return args[0] === 'a' ? lastFirst(args.slice(1).filter((a) => !a.startsWith('-')), 'first') : undefined;
  if (prog === 'cp' || prog === 'ditto') return prog === 'ditto' || args.some((a) => RECURSIVE_CP.test(a)) ? lastFirst(plain(args), 'last') : undefined;
  if (prog === 'rsync' || prog === 'scp') return prog === 'rsync' || args.some((a) => /^-[a-zA-Z]*r/.test(a)) ? lastFirst(plain(args), 'last') : undefined;
  if (CONTAINER_CLIS.has(prog)) return containerCopy(args) ?? containerMounts(args);
  if (prog === 'git') return gitPacked(argv);
  return undefined;
}

/**
 * `git bundle create f …` (the history), `git archive -o f …` / `--output=f` (a tree): the repository packed into
 * one file, which goes wherever the file is sent. The repository is the directory of `-C`, else the working one.
 */
function gitPacked(argv: readonly string[]): BulkCopy | undefined {
  const sub = gitSubcommand(argv) ?? [];
  const repo = gitDirectories(argv).join('/') || '.';
  if (sub[0] === 'bundle' && sub[1] === 'create' && sub[2] !== undefined && sub[2] !== '-') return { sources: [repo], into: [sub[2]] };
  if (sub[0] !== 'archive') return undefined;
  for (let i = 1; i < sub.length; i++) {
    const a = sub[i]!;
    const out = a === '-o' || a === '--output' ? sub[i + 1] : a.startsWith('--output=') ? a.slice(9) : undefined;
    if (out !== undefined) return { sources: [repo], into: [out] };
  }
  return undefined;
}

const MOUNT_OPTION = /^(-v|--volume|--mount)$/;
const MOUNT_INLINE = /^(-v.|--volume=|--mount=)/;

/** A container CLI's arguments without its mount specs (`~/.npmrc:/root/.npmrc` is no file): their host sides are containerMounts'. */
export const withoutMounts = (args: readonly string[]): string[] => args.filter((a, i) => !MOUNT_OPTION.test(args[i - 1] ?? '') && !MOUNT_INLINE.test(a));
/** A bind mount's host side is a path (`~/.aws`, `$HOME/.ssh`, `/home/dev`, `./data`); a named volume (`pgdata`) is not. */
const HOST_PATH = /^[/~.$]/;

/**
 * `docker run|create … -v SRC:DST[:ro]`, `--volume=SRC:DST`, `--mount type=bind,source=SRC,target=DST` (also
 * `docker container run`, `docker compose run`): the host paths the container is given. Options are looked for
 * over the whole line, the container's own command included: a `-v a:b` there is rare, a missed mount is not.
 */
function containerMounts(args: readonly string[]): BulkCopy | undefined {
  const at = args[0] === 'container' || args[0] === 'compose' ? 1 : 0;
  if (args[at] !== 'run' && args[at] !== 'create') return undefined;
  const sources: string[] = [];
  const targets: string[] = [];
  for (let i = at + 1; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.indexOf('=');
    const [name, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : a.startsWith('-v') && a.length > 2 ? ['-v', a.slice(2)] : [a, undefined];
    if (name !== '-v' && name !== '--volume' && name !== '--mount') continue;
    const value = inline ?? args[++i];
    if (value === undefined) break;
    const source = name === '--mount' ? /(?:^|,)(?:source|src)=([^,]+)/.exec(value)?.[1] : value.split(':')[0];
    if (source !== undefined && HOST_PATH.test(source) && !(name === '--mount' && /(?:^|,)type=(volume|tmpfs)\b/.test(value))) {
      sources.push(source);
      targets.push((name === '--mount' ? /(?:^|,)(?:target|destination|dst)=([^,]+)/.exec(value)?.[1] : value.split(':')[1]) ?? '');
    }
  }
  if (sources.length === 0) return undefined;
  return { sources, into: [], to: runsCliImage(args.slice(at + 1), targets) ? 'cli-image' : 'container' };
}

const plain = (args: readonly string[]) => args.filter((a) => !a.startsWith('-'));

/** `docker cp SRC CONTAINER:DEST` (`docker container cp`, podman's, nerdctl's): SRC goes into the container. Copying out is no source. */
function containerCopy(args: readonly string[]): BulkCopy | undefined {
  const at = args[0] === 'container' ? 1 : 0;
  if (args[at] !== 'cp') return undefined;
  const words = plain(args.slice(at + 1));
  if (words.length !== 2 || !isRemotePath(words[1]!) || isRemotePath(words[0]!)) return undefined;
  return { sources: [words[0]!], into: [], to: 'container' };
}

const RSYNC_DELETES = /^--(del|delete|delete-(before|during|delay|after|excluded))$/;

/** `rsync -a --delete src/ dest/`: dest loses whatever src lacks, so `rsync -a --delete empty/ ~/` empties the home. */
export function mirroredOver(argv: readonly string[]): string[] {
  if (baseName(argv[0] ?? '') !== 'rsync' || !argv.some((a) => RSYNC_DELETES.test(a))) return [];
  return bulkCopyOf(argv)?.into ?? [];
}

/** `scp db1:~/.pgpass .`, `rsync -a ops@db1:.ssh/ keys/`: the files copied here from another host (a path there starts in its home). */
export function remoteCopySources(argv: readonly string[]): { host: string; path: string }[] {
  const prog = baseName(argv[0] ?? '');
  if (prog !== 'scp' && prog !== 'rsync') return [];
  const paths = plain(argv.slice(1));
  return paths.slice(0, -1).filter((p) => REMOTE.test(p)).map((p) => {
    const colon = p.indexOf(':');
    return { host: p.slice(0, colon).replace(/^[^@]*@/, ''), path: p.slice(colon + 1) || '.' };
  });
}

/** `first`: the archive comes first (zip, 7z); `last`: the destination comes last (cp, rsync). Remote ends are no local copy. */
function lastFirst(paths: string[], order: 'first' | 'last'): BulkCopy | undefined {
  if (paths.length < 2) return undefined;
  const into = order === 'first' ? paths[0]! : paths[paths.length - 1]!;
  const sources = order === 'first' ? paths.slice(1) : paths.slice(0, -1);
  return { sources: sources.filter((s) => !REMOTE.test(s)), into: REMOTE.test(into) ? [] : [into] };
}

/** `tar czf out.tgz dir`, `tar -c -f out.tgz dir`, `tar --create --file=out.tgz dir`: creating only (not x, t). */
function tarCreate(args: readonly string[]): BulkCopy | undefined {
  let creating = false;
  const into: string[] = [];
  const sources: string[] = [];
  const pending: string[] = []; // option letters whose values come next, in order
  let dir: string | undefined; // `-C ~`: the names after it are in that directory
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (pending.length > 0) {
      const l = pending.shift();
      if (l === 'f' && a !== '-') into.push(a);
      if (l === 'C') dir = a;
      continue;
    }
    if (a.startsWith('--')) {
      const [name, value] = a.split('=', 2) as [string, string | undefined];
      if (name === '--create') creating = true;
      else if (name === '--file') { if (value === undefined) pending.push('f'); else if (value !== '-') into.push(value); }
      else if (name === '--directory') { if (value === undefined) pending.push('C'); else dir = value; }
      else if (TAR_LONG_VALUED.test(name) && value === undefined) pending.push('x');
      continue;
    }
    // The first argument is a cluster of letters even without its dash (`tar czf …`).
    if (a.startsWith('-') || i === 0) {
      const letters = a.replace(/^-/, '');
      if (letters.includes('c')) creating = true;
      for (const l of letters) if (TAR_VALUED.has(l)) pending.push(l);
      continue;
    }
    sources.push(dir === undefined || /^[/~$]/.test(a) ? a : `${dir.replace(/\/+$/, '')}/${a}`);
  }
  return creating && sources.length > 0 ? { sources, into } : undefined;
}

/** `zip -r out.zip dir …`: the first plain argument is the archive; `-x`/`-i` start name patterns, not files. */
function zip(args: readonly string[]): BulkCopy | undefined {
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-x' || a === '-i' || a === '--exclude' || a === '--include') break;
    if (ZIP_VALUED.has(a)) { i++; continue; }
    if (!a.startsWith('-')) paths.push(a);
  }
  return lastFirst(paths, 'first');
}

/** An archive unpacked into a directory: `tar -C /usr/local -xzf go.tgz`, `tar xf a.tar --directory=d`, `unzip -q x.zip -d dir`. */
export interface Extraction { archive: string; into: string }

/** What `argv` unpacks where (`into` is `.` when no directory is given: where the command runs). */
export function extractionOf(argv: readonly string[]): Extraction | undefined {
  const prog = baseName(argv[0] ?? '');
  const args = argv.slice(1);
  if (prog === 'tar' || prog === 'bsdtar' || prog === 'gtar') {
    // `-xzf f`, `xzf f` (the old form), `--extract --file=f`; the archive is the word after the bundle ending in f.
    if (!args.some((a, i) => (i === 0 && /^[a-zA-Z]*x[a-zA-Z]*$/.test(a)) || /^-[a-zA-Z]*x[a-zA-Z]*$/.test(a) || a === '--extract' || a === '--get')) return undefined;
    const fileAt = args.findIndex((a) => /^-?[a-zA-Z]*f$/.test(a) && !a.startsWith('--'));
    const archive = args.find((a) => a.startsWith('--file='))?.slice(7) ?? (fileAt >= 0 ? args[fileAt + 1] : undefined);
    const dirAt = args.findIndex((a) => a === '-C' || a === '--directory');
    const into = args.find((a) => a.startsWith('--directory='))?.slice(12) ?? (dirAt >= 0 ? args[dirAt + 1] : '.');
    return archive === undefined || into === undefined ? undefined : { archive, into };
  }
  if (prog === 'unzip') {
    const archive = args.find((a) => !a.startsWith('-') && args[args.indexOf(a) - 1] !== '-d');
    const dirAt = args.indexOf('-d');
    return archive === undefined ? undefined : { archive, into: dirAt >= 0 ? args[dirAt + 1] ?? '.' : '.' };
  }
  return undefined;
}

/** Where a command of the line put something: a file or directory written, or an archive unpacked into `path`. */
export interface Filled { path: string; archive?: string; at: number }

/**
 * Whether `path`, deleted by the line's command number `at`, is filled again by a later command: written into, or an
 * archive unpacked into it, or into its parent an archive named after it (Go's and Neovim's documented upgrade:
 * `rm -rf /usr/local/go && tar -C /usr/local -xzf go1.22.3.linux-amd64.tar.gz`).
 */
export function refilled(path: string, at: number, filled: readonly Filled[]): boolean {
  const slash = path.lastIndexOf('/');
  const parent = slash <= 0 ? '/' : path.slice(0, slash);
  const name = path.slice(slash + 1).toLowerCase();
  return filled.some((f) => f.at > at && (f.path === path || f.path.startsWith(`${path}/`)
    || (f.archive !== undefined && f.path === parent && name.length > 1 && (f.archive.split('/').pop() ?? '').toLowerCase().startsWith(name))));
}
