// What the commands of a line print, when the line says (`echo` of literal text, or that text through a filter:
// printed-text.ts), and where that output goes on: the next stage of a pipe, an argument's substitution. Only
// the walk of one line (parse-command.ts) reads and writes it.
import { filtered, type Printed } from './printed-text.js';
import type { SimpleCommand, Substitution } from './words.js';

/** What a command prints, and whether it was decoded rather than typed. */
export const PRINTS = new WeakMap<SimpleCommand, { text: Printed; decoded: boolean }>();

/** What each filter stage of a pipeline prints, from what the stage before it printed (`echo x | base64 -d | rev`). */
export function passPrinted(stages: SimpleCommand[][]): void {
  for (let i = 1; i < stages.length; i++) {
    const [prev, next] = [stages[i - 1]!.at(-1), stages[i]![0]];
    if (stages[i]!.length !== 1 || next === undefined || next.heredoc !== undefined) continue;
    const printed = filtered(next.argv, prev && PRINTS.get(prev)?.text);
    if (printed !== undefined) PRINTS.set(next, { text: printed, decoded: true });
  }
}

/** The text a substitution prints when the line says what that is (printf-decoded or not), its trailing newlines gone, as bash does. */
export function printedBy(sub: Substitution): string | undefined {
  const last = sub.commands.at(-1);
  const printed = last && PRINTS.get(last)?.text;
  return typeof printed === 'string' && !/[$`]/.test(printed) && printed.length <= 4096 ? printed.replace(/\n+$/, '') : undefined;
}

/** `cat /etc/$(echo shadow)`, `cat $(echo L2V0… | base64 -d)`: an argument with one substitution whose output the line says, as bash passes it. */
export function substituteOutputs(argv: string[], subs: readonly Substitution[]): void {
  const inWord = new Map<number, number>();
  for (const sub of subs) inWord.set(sub.arg, (inWord.get(sub.arg) ?? 0) + 1);
  // From the last argument back, so that a word split in several leaves the indexes before it as they were.
  for (const sub of [...subs].sort((a, b) => b.arg - a.arg)) {
    const w = argv[sub.arg];
    if (sub.arg < 1 || w === undefined || inWord.get(sub.arg) !== 1) continue;
    const text = printedBy(sub);
    if (text === undefined) continue;
    const [open, close] = w.includes('$(') ? [w.indexOf('$('), w.lastIndexOf(')')] : [w.indexOf('`'), w.lastIndexOf('`')];
    if (open < 0 || close <= open) continue;
    // Split in words as bash splits it, unless a later argument's substitution still points past it.
    const whole = open === 0 && close === w.length - 1 && !subs.some((x) => x.arg > sub.arg);
    argv.splice(sub.arg, 1, ...(whole ? text.split(/\s+/).filter((x) => x !== '') : [w.slice(0, open) + text + w.slice(close + 1)]));
  }
}
