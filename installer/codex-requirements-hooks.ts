// Codex's managed requirements.toml (`install --system`; agents-and-configs.md §1.4, §5): our hooks as
// inline `[[hooks.<Event>]]` tables (the hooks.json schema in TOML, real-agents.md §1.5), trusted by policy,
// and top-level `allow_managed_hooks_only = true` so user and project hooks cannot replace them.
// Edited as text between marker comments: smol-toml would drop the file's comments on a round trip.
import { parse as parseToml } from 'smol-toml';
import { AgentwatchError } from '../core/errors.js';
import type { HookTargets, TextHookFormat } from './hook-format.js';
import { codexSpec } from './codex-hooks.js';

const BEGIN = (part: string) => `# >>> agentwatch ${part} (agentwatch uninstall --system removes it) >>>`;
const END = (part: string) => `# <<< agentwatch ${part} <<<`;
const POLICY = 'policy';
const HOOKS = 'hooks';

const str = (s: string) => JSON.stringify(s); // a TOML basic string: JSON's escapes are TOML's

function hooksBlock(t: HookTargets): string[] {
  const lines: string[] = [BEGIN(HOOKS)];
  for (const [event, matcher] of Object.entries(codexSpec.events)) {
    const e = codexSpec.entry(t.command, t.waitS);
    lines.push(`[[hooks.${event}]]`);
    if (matcher !== undefined) lines.push(`matcher = ${str(matcher)}`);
    lines.push(`[[hooks.${event}.hooks]]`, `type = ${str(String(e.type))}`, `command = ${str(t.command)}`, `timeout = ${String(e.timeout)}`);
  }
  lines.push(END(HOOKS));
  return lines;
}

/** The text without the lines between one pair of our markers (markers included). */
function without(lines: string[], part: string): string[] {
  const from = lines.indexOf(BEGIN(part));
  const to = lines.indexOf(END(part), from);
  return from < 0 || to < 0 ? lines : [...lines.slice(0, from), ...lines.slice(to + 1)];
}

const strip = (text: string): string => without(without(text.split('\n'), POLICY), HOOKS).join('\n');

function add(text: string, t: HookTargets): string {
  const lines = strip(text).split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const hasKey = (() => { try { return 'allow_managed_hooks_only' in parseToml(lines.join('\n')); } catch { return false; } })();
  // A top-level key must come before the first table; one IT already set is left alone.
  const firstTable = lines.findIndex((l) => /^\s*\[/.test(l));
  const at = firstTable < 0 ? lines.length : firstTable;
  const policy = hasKey ? [] : [BEGIN(POLICY), 'allow_managed_hooks_only = true', END(POLICY)];
  const out = [...lines.slice(0, at), ...policy, ...lines.slice(at), ...hooksBlock(t)].join('\n') + '\n';
  try { parseToml(out); } catch (err) {
    throw new AgentwatchError('AW_ERR_INSTALL', `requirements.toml would not parse with agentwatch's hooks added (${(err as Error).message.split('\n')[0]}); nothing was changed`);
  }
  return out;
}

export const textFormat: TextHookFormat = {
  has: (text, t) => text === add(text, t),
  add: (text, t) => add(text, t),
  remove: (text) => strip(text),
};
