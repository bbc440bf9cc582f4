// Whether what a command line reads can reach what it sends on the same line. `cat .env; curl -sI https://…`
// shows the file on the terminal and then makes a request that carries none of it; `cat .env | curl -d @- …`,
// `curl -d "$(cat .env)" …`, `cp .env /tmp/x && curl -T /tmp/x …` and `K=$(cat .env); curl …/$K` carry it.
// A read is "shown" when every command that reads it (and every command whose words its output becomes, and
// every later stage of their pipelines) sends nothing and writes nothing, and no sending command on the line
// expands a variable. It is "loaded" when it becomes variables (`source .env`, `export $(grep -v '^#' .env |
// xargs)`) that a sending command may expand. Anything else is connected. A line that runs a shell, eval or an
// interpreter runs text the parser may not follow as this line's commands: there, everything is connected.
import { baseName, type ParsedCommand, type SimpleCommand } from './command/parse-command.js';
import { SHELLS } from './command/words.js';
import { languageOf } from './command/interpreter-code.js';

/** What one command of the line reads (absolute paths), and whether it sends to the network or writes a file. */
export interface CommandFlow { reads: string[]; sends: boolean; writes: boolean }

export interface ReadFlows {
  /** Read only to be shown: nothing on the line can carry them. */
  shown: string[];
  /** Read into variables that a sending command on the line expands. */
  loaded: string[];
}

/** Commands that read a file into the shell's variables, and those whose words' output becomes variables. */
const LOADERS = new Set(['source', '.']);
const LOADING_OWNERS = new Set(['export', 'declare', 'typeset', 'readonly', 'local']);
/** A variable expanded in a word, but the few that hold no secret. */
const VARIABLE = /\$\{?(?!(?:HOME|PWD|USER|PATH|TMPDIR|OLDPWD)\b)[A-Za-z_]/;

const progOf = (c: SimpleCommand) => baseName(c.argv[0] ?? '');
/** Programs that run a command line they are given (`find -exec`, `watch`, `su -c` …), besides shells and interpreters. */
const RUNNERS = new Set(['eval', 'exec', 'find', 'parallel', 'watch', 'script', 'su', 'runuser', 'flock', 'ssh']);
/** Programs that write what they read into a file beside it without naming it (`gpg -c f` makes f.gpg, `gzip f` f.gz). */
const WRITES_BESIDE = new Set(['gpg', 'gpg2', 'age', 'gzip', 'pigz', 'bzip2', 'xz', 'zstd', 'lz4', 'lzma', 'compress', 'split', 'csplit', 'ccrypt', 'mcrypt', 'uuencode']);
const runsText = (c: SimpleCommand) => { const p = progOf(c); return SHELLS.has(p) || RUNNERS.has(p) || c.interpreterCode !== undefined || languageOf(p) !== undefined; };

/** `hasCode`: the command carries a program or a script in its words (`awk '… | getline'`, `sh -c '…'`; facts.ts). */
export function readFlows(parsed: ParsedCommand, flows: ReadonlyMap<SimpleCommand, CommandFlow>, hasCode: (c: SimpleCommand) => boolean): ReadFlows | undefined {
  const { commands } = parsed;
  if (commands.some((c) => runsText(c) || hasCode(c))) return undefined;
  // The command whose words a substitution's output becomes: the nearest (commands are listed outer first).
  const owner = new Map<SimpleCommand, SimpleCommand>();
  for (let i = commands.length - 1; i >= 0; i--) for (const s of commands[i]!.substitutions ?? []) for (const inner of s.commands) if (!owner.has(inner)) owner.set(inner, commands[i]!);
  const laterStages = new Map<SimpleCommand, SimpleCommand[]>();
  for (const pipeline of parsed.pipelines) pipeline.forEach((stage, i) => laterStages.set(stage, pipeline.slice(i + 1)));
  const inert = (c: SimpleCommand) => { const f = flows.get(c); return f === undefined || (!f.sends && !f.writes && !WRITES_BESIDE.has(progOf(c))); };
  const sendsVariables = commands.some((c) => flows.get(c)?.sends === true && c.argv.some((w) => VARIABLE.test(w)));

  const reach = (c: SimpleCommand): 'shown' | 'loaded' | 'connected' => {
    let loaded = false;
    for (let x: SimpleCommand | undefined = c; x !== undefined; x = owner.get(x)) {
      if (!inert(x) || !(laterStages.get(x) ?? []).every(inert)) return 'connected';
      const by = owner.get(x);
      if (LOADERS.has(progOf(x)) || (by !== undefined && LOADING_OWNERS.has(progOf(by)))) loaded = true;
    }
    // Nothing that sends expands a variable: what was loaded goes nowhere either. `K=$(cat .env)` has no
    // command of its own, so a shown read is connected too once a sender expands variables.
    if (!sendsVariables) return 'shown';
    return loaded ? 'loaded' : 'connected';
  };
  const RANK = { shown: 0, loaded: 1, connected: 2 } as const;
  const verdict = new Map<string, keyof typeof RANK>();
  for (const c of commands) {
    const f = flows.get(c);
    if (f === undefined || f.reads.length === 0) continue;
    const how = reach(c);
    for (const p of f.reads) { const was = verdict.get(p); if (was === undefined || RANK[how] > RANK[was]) verdict.set(p, how); }
  }
  const of = (how: keyof typeof RANK) => [...verdict].filter(([, v]) => v === how).map(([p]) => p);
  return { shown: of('shown'), loaded: of('loaded') };
}
