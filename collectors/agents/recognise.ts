// Pure recognition: one process (executable, argv, comm) → the catalog agents it is. No I/O: the
// scanner gathers ProcessViews, tests feed literal argv samples quoted from the reference docs.
import type { AgentKind } from '../../core/event.js';
import type { Catalog, CatalogEntry, MatchRule } from '../../core/agents/catalog.js';
import type { EnvStamp } from '../../core/agents/stamp.js';
import type { ProcRecord } from '../proc/record.js';

/** A process-table record with the agent stamp in its environment (core/agents/stamp.ts), when readable. */
export type ProcessView = ProcRecord & { stamp?: EnvStamp };

export interface Recognition {
  agent: AgentKind;
  variant: string;
  entryId: string;
}

// Programs that run a script: the agent is the script (node …/gemini.js, python -m aider), not node.
const INTERPRETER = /^(node|nodejs|bun|deno|python[\d.]*|pypy[\d.]*|ruby|perl)$/;
// Interpreter options that take the next argument as their value.
const OPTION_WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-W', '-X', '--conditions', '-C']);

const basename = (p: string) => p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
const stripExt = (n: string) => n.replace(/\.(exe|js|cjs|mjs|py)$/i, '');

export interface Program {
  /** The program name the catalog's `program` patterns see. */
  name: string;
  /** Executable path, argv[0] and script path: what `path` patterns see. */
  paths: string[];
  /** The arguments after the program (after the script for an interpreter). */
  args: string[];
}

/** Which program a process runs, looking through interpreters. */
export function programOf(p: Pick<ProcessView, 'exe' | 'argv' | 'comm'>): Program {
  const argv = p.argv ?? [];
  const paths = [p.exe, argv[0]].filter((x): x is string => !!x);
  const exeName = stripExt(basename(p.exe ?? argv[0] ?? p.comm));
  const argv0Name = argv[0] ? stripExt(basename(argv[0])) : exeName;
  if (INTERPRETER.test(exeName) || INTERPRETER.test(argv0Name)) {
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-m' && argv[i + 1]) return { name: argv[i + 1]!.split('.')[0]!, paths, args: argv.slice(i + 2) };
      if (a === '-e' || a === '-c' || a === '--eval' || a === '-p') break; // inline code: no script to name
      if (OPTION_WITH_VALUE.has(a)) { i++; continue; }
      if (a.startsWith('-')) continue;
      return { name: stripExt(basename(a)), paths: [...paths, a], args: argv.slice(i + 1) };
    }
    return { name: exeName, paths, args: argv.slice(1) };
  }
  // A native program: argv[0] may be the name it was started as (a symlink, e.g. node_modules/.bin/claude).
  const name = exeName === 'exe' || exeName === '' ? argv0Name : exeName;
  return { name, paths, args: argv.slice(1) };
}

function ruleMatches(rule: MatchRule, prog: Program, extensions: ReadonlySet<string>): boolean {
  const args = prog.args.join(' ');
  if (rule.program && !rule.program.test(prog.name)) return false;
  if (rule.path && !prog.paths.some((x) => rule.path!.test(x))) return false;
  if (rule.args && !rule.args.test(args)) return false;
  if (rule.notArgs && rule.notArgs.test(args)) return false;
  if (rule.extension && !extensions.has(rule.extension)) return false;
  return true;
}

const entryMatches = (e: CatalogEntry, prog: Program, ext: ReadonlySet<string>) => e.match.some((r) => ruleMatches(r, prog, ext));

/**
 * The agents this process is, by the catalog: at most one entry per agent (the first that matches,
 * so specific variants listed first win), and several agents for one editor process hosting several
 * agent extensions. `extensions` = editor extension ids installed for the process's user.
 */
export function recognise(p: Pick<ProcessView, 'exe' | 'argv' | 'comm'>, catalog: Catalog, extensions: ReadonlySet<string> = new Set()): Recognition[] {
  if (!p.exe && !(p.argv && p.argv.length > 0)) return []; // kernel threads, zombies: nothing to go on
  const prog = programOf(p);
  const found = new Map<AgentKind, Recognition>();
  for (const e of catalog.entries) {
    if (found.has(e.agent) || !entryMatches(e, prog, extensions)) continue;
    found.set(e.agent, { agent: e.agent, variant: e.variant, entryId: e.id });
  }
  return [...found.values()];
}

/** A session id the agent was started with (`claude --session-id <uuid>`, `--resume <id>`). */
export function sessionIdFromArgv(argv: readonly string[] | undefined): string | undefined {
  if (!argv) return undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = /^--(session-id|resume)=(.+)$/.exec(a);
    const v = eq ? eq[2] : (a === '--session-id' || a === '--resume' || a === '-r') ? argv[i + 1] : undefined;
    if (v && /^[A-Za-z0-9._:-]{8,128}$/.test(v)) return v;
  }
  return undefined;
}
