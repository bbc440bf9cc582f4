// vi, vim, nvim and ex run by a script (`ex -sc '$a|…' -cx ~/.bashrc`, `vim -es -c 'r ~/.aws/credentials' -c 'w /tmp/o'
// /dev/null`, `vim +'…' f`): the files they open, the files their Ex commands read into the buffer, and the files they
// write. Commands on stdin (`vim -es f < script`) are not seen.

export const EDITORS: ReadonlySet<string> = new Set(['ex', 'vi', 'vim', 'nvim', 'view', 'gvim']);

interface EditorArgs { files: string[]; scripts: string[] }

/** The files named on the command line and the Ex commands given by `-c`, `--cmd`, `-cX` and `+X`, split at `|`. */
function editorArgs(args: readonly string[]): EditorArgs {
  const files: string[] = [];
  const scripts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--cmd' || /^-[a-zA-Z]*c$/.test(a)) { if (args[i + 1] !== undefined) scripts.push(args[++i]!); }
    else if (/^-[a-zA-Z]*[SuiTwW]$/.test(a)) i++;
    else if (/^-[a-zA-Z]*c./.test(a)) scripts.push(a.slice(a.indexOf('c') + 1)); // `-cx`
    else if (a.startsWith('+')) scripts.push(a.slice(1));
    else if (!a.startsWith('-')) files.push(a);
  }
  return { files, scripts: scripts.flatMap((s) => s.split('|')).map((c) => c.trim()) };
}

// An Ex command that writes: `w`, `w! f`, `w >> f` (appends), `wq`, `x`, `xit`, `exit`, `wa`, `wqa`, `xa`, `up`, `sav f`, a range first (`%w f`).
const EX_WRITE = /^:*[%$.,'<>0-9]*\s*(?:w|wq|wqa|wqall|wa|wall|x|xit|exit|xa|xall|up|update|sav|saveas)!?(?:\s*>>\s*(\S+)|\s+(\S+))?\s*$/;
// Normal mode's ZZ writes the buffer and quits (`normal ZZ`, `norm! ggdGZZ`).
const NORMAL_WRITE = /^:*norm(?:al)?!?\s.*ZZ\s*$/;
// An Ex command that reads a file into the buffer or opens one: `r f`, `$read f`, `e f`, `sp f`, `tabe f`, `so f`; not `r !cmd`.
const EX_READ = /^:*[%$.,'<>0-9]*\s*(?:r|read|e|edit|sp|split|vs|vsplit|new|vnew|tabe|tabedit|tabnew|sv|sview|vie|view|so|source|bad|badd)!?\s+(?!!)(\S+)\s*$/;

/** What a scripted editor writes: the file a `w FILE` names, or the files it opened when a command writes them. */
export function scriptedEditWrites(prog: string, args: readonly string[]): string[] {
  if (prog !== 'ex' && !args.some((a) => /^(-[a-zA-Z]*[ce]|\+)/.test(a))) return [];
  const { files, scripts } = editorArgs(args);
  if (scripts.length === 0) return files;
  return scripts.flatMap((c) => {
    const m = EX_WRITE.exec(c);
    if (m !== null) { const named = m[1] ?? m[2]; return named !== undefined ? [named] : files; }
    return NORMAL_WRITE.test(c) ? files : [];
  });
}

// A shell command an Ex command runs: `!cmd`, `r !cmd` (its output read in), `w !cmd`, `silent !cmd`.
const EX_SHELL = /^:*[%$.,'<>0-9]*\s*(?:(?:r|read|w|write|sil|silent)!?\s*)?!(.*)$/;

/**
 * What an editor reads: the files it opens, those its Ex commands read in, and the paths a shell command of its
 * script names (`r !cat ~/.aws/credentials`), never the script's other words.
 */
export function editorReads(args: readonly string[]): string[] {
  const { files, scripts } = editorArgs(args);
  const read = scripts.map((c) => EX_READ.exec(c)?.[1]).filter((f): f is string => f !== undefined);
  const shelled = scripts.flatMap((c) => (EX_SHELL.exec(c)?.[1] ?? '').split(/\s+/).filter((w) => /^[~/.]|\//.test(w)).map((w) => w.replace(/^['"]|['"]$/g, '')));
  return [...files, ...read, ...shelled];
}
