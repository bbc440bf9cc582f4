// Persistence write → execute: something written to a shell rc, git hook, systemd unit, cron table or
// autostart entry, and then the thing that runs it: `source ~/.bashrc`, `git commit` (runs the
// hooks), `systemctl --user enable --now`, `crontab`, `launchctl load`. The write alone is flagged
// by persistence-write; this says the planted code is being run now.
import path from 'node:path';
import type { Detector, Finding } from '../detector.js';
import type { EventFacts } from '../facts.js';
import { baseName } from '../command/parse-command.js';
import { displayPath } from '../paths.js';
import { executedOf, persistenceWritesOf, type PersistenceStep } from './steps.js';
import { gitSubcommandsOf } from './destructive-steps.js';
import { push } from './bounded.js';

export const MAX_PERSISTENCE = 16;

/** Writes to persistence locations, at most MAX_PERSISTENCE. */
export interface PersistenceMemory { persistenceWrites: { path: string; classId: string; label: string; technique?: string; eventId: string }[] }

const remembered = (p: PersistenceStep): PersistenceMemory['persistenceWrites'][number] =>
  ({ path: p.path, classId: p.cls.id, label: p.cls.label, technique: p.cls.technique, eventId: p.eventId });

// Which git commands run which hook; a hook not listed runs on any of ALL_GIT.
const GIT_HOOKS: Record<string, string[]> = {
  'pre-commit': ['commit'], 'prepare-commit-msg': ['commit', 'merge'], 'commit-msg': ['commit', 'merge'], 'post-commit': ['commit'],
  'pre-merge-commit': ['merge', 'pull'], 'post-merge': ['merge', 'pull'], 'pre-push': ['push'], 'pre-rebase': ['rebase', 'pull'],
  'post-checkout': ['checkout', 'switch', 'clone', 'worktree'], 'post-rewrite': ['commit', 'rebase'], 'pre-applypatch': ['am'],
  'applypatch-msg': ['am'], 'post-applypatch': ['am'],
};
const ALL_GIT = ['commit', 'merge', 'pull', 'push', 'rebase', 'checkout', 'switch', 'am', 'clone', 'worktree'];
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']);

/** What in this command line runs code from a location of class `classId` (written at `file`), if anything. */
function trigger(classId: string, file: string, facts: EventFacts, ran: readonly string[]): string | undefined {
  if (ran.includes(file)) return `runs ${path.basename(file)}`;
  for (const cmd of facts.commands) {
    const [head = '', ...args] = cmd.argv;
    const prog = baseName(head);
    const words = args.filter((a) => !a.startsWith('-'));
    // Only login (-l) and interactive (-i) shells read the startup files, `-c` or not.
    if (classId === 'shell-rc' && SHELLS.has(prog) && args.some((a) => /^-[a-zA-Z]*[li][a-zA-Z]*$/.test(a) || a === '--login')) {
      return `starts a login or interactive ${prog} shell, which reads it`;
    }
    if ((classId === 'systemd-unit' || classId === 'cron') && prog === 'systemctl' && /^(start|enable|restart|reenable|reload|reload-or-restart|try-restart)$/.test(words[0] ?? '')) {
      if (classId === 'systemd-unit' || words.some((w) => /^crond?(\.service)?$/.test(w))) return `runs systemctl ${words[0]}`;
    }
    if (classId === 'cron' && ((prog === 'crontab' && !args.includes('-l') && !args.includes('-r')) || (prog === 'service' && /^crond?$/.test(words[0] ?? '')))) return `runs ${prog}`;
    if (classId === 'autostart' && prog === 'launchctl' && /^(load|bootstrap|kickstart|start|enable)$/.test(words[0] ?? '')) return `runs launchctl ${words[0]}`;
  }
  if (classId === 'git-hook') {
    const subs = GIT_HOOKS[path.basename(file)] ?? ALL_GIT;
    const sub = gitSubcommandsOf(facts).find((s) => subs.includes(s));
    if (sub !== undefined) return `runs git ${sub}, which runs the hook`;
  }
  return undefined;
}

export const persistenceExecute: Detector<PersistenceMemory> = {
  name: 'persistence-then-execute',
  judges: 'intent',
  memory: {
    initial: () => ({ persistenceWrites: [] }),
    update({ event, facts, state }) {
      // Matched without the home (steps.ts): a path under any usual home layout counts.
      // A toolchain's PATH line added to ~/.bashrc and then `source ~/.bashrc` runs nothing planted.
      const added = persistenceWritesOf(event, facts).filter((w) => !w.setupOnly).map(remembered);
      return added.length === 0 ? state : { persistenceWrites: push(state.persistenceWrites, added, MAX_PERSISTENCE) };
    },
  },
  evaluate({ event, facts, state, ctx }) {
    if (facts.commands.length === 0) return [];
    const ran = executedOf(event, facts);
    // A cron write in this same line is the `crontab` itself installing, not a later run.
    const now = persistenceWritesOf(event, facts, ctx.home).filter((w) => w.cls.id !== 'cron' && !w.setupOnly)
      .map(remembered);
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const w of [...state.persistenceWrites, ...now].reverse()) {
      if (seen.has(w.path)) continue;
      seen.add(w.path);
      const how = trigger(w.classId, w.path, facts, ran);
      if (how === undefined) continue;
      const shown = displayPath(w.path, ctx.home);
      out.push({
        rule: 'persistence-then-execute', severity: 'critical', tactic: 'persistence', technique: w.technique,
        title: `Runs what was planted in ${shown}`,
        reason: `The agent wrote to ${shown} (${w.label}) and now ${how}, so the code it planted there is executed.`,
        evidence: [...new Set([w.eventId, event.id])], key: w.path, block: true,
      });
    }
    return out;
  },
};
