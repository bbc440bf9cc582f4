// An agent switching off the hooks that report it: editing them out, `disableAllHooks`, deleting
// the settings file, uninstalling or killing agentwatch.
import type { Detector, Finding } from '../detector.js';
import type { Event } from '../../daemon/event.js';
import { AGENT_HOOK_FILES } from '../catalog.js';
import { matchPathClass, displayPath } from '../paths.js';
import { baseName } from '../command/parse-command.js';

const DISABLES = /"?(disableAllHooks|allowManagedHooksOnly)"?\s*[:=]\s*true/;
const OUR_HOOK = /\/v1\/hooks\/|agentwatch/;
// Where `agentwatch install` puts its hooks: a whole-file rewrite there without them removes them.
const USER_LEVEL = new Set(['claude-settings']);
const isUserLevel = (p: string, home: string) => p === `${home}/.claude/settings.json` || p.startsWith('/etc/claude-code/');

function finding(event: Event, key: string, reason: string): Finding {
  return {
    rule: 'agent-hook-tamper', severity: 'high', tactic: 'defense-evasion', technique: 'T1562.001',
    title: 'Agent hooks disabled or removed', reason, evidence: [event.id], key, block: true,
  };
}

export const hookTamper: Detector = {
  name: 'hook-tamper',
  evaluate({ event, facts, ctx }) {
    const out: Finding[] = [];
    for (const w of facts.writes) {
      const c = matchPathClass(w.path, AGENT_HOOK_FILES, ctx.home);
      if (!c) continue;
      const shown = displayPath(w.path, ctx.home);
      const text = `${w.content ?? ''}\n${event.command ?? ''}`;
      const removesOurs = w.oldContent !== undefined && OUR_HOOK.test(w.oldContent) && !OUR_HOOK.test(w.content ?? '');
      const removesHooks = w.oldContent !== undefined && /"hooks"/.test(w.oldContent) && !/"hooks"/.test(w.content ?? '');
      if (DISABLES.test(text)) out.push(finding(event, w.path, `The agent sets a hook kill switch in ${shown} (${c.label}), so its actions stop being reported.`));
      else if (removesOurs || removesHooks) out.push(finding(event, w.path, `The agent edits the hooks out of ${shown} (${c.label}), so its actions stop being reported.`));
      else if (w.oldContent === undefined && w.content !== undefined && USER_LEVEL.has(c.id) && !OUR_HOOK.test(w.content) && isUserLevel(w.path, ctx.home)) {
        out.push(finding(event, w.path, `The agent rewrites ${shown} (${c.label}) without agentwatch's hooks, so its actions stop being reported.`));
      } else if (event.command !== undefined) out.push(finding(event, w.path, `A shell command rewrites ${shown} (${c.label}), where the hooks that report this agent live.`));
    }
    for (const d of facts.deletes) {
      const c = matchPathClass(d.path, AGENT_HOOK_FILES, ctx.home);
      if (c) out.push(finding(event, d.path, `The agent deletes ${displayPath(d.path, ctx.home)} (${c.label}), where the hooks that report it live.`));
    }
    for (const cmd of facts.commands) {
      const prog = baseName(cmd.argv[0] ?? '');
      const args = cmd.argv.slice(1);
      const stopsUs = (prog === 'agentwatch' && args[0] === 'uninstall')
        || ((prog === 'pkill' || prog === 'killall') && args.some((a) => a.includes('agentwatch')))
        || (prog === 'systemctl' && /^(stop|disable|mask|kill)$/.test(args.find((a) => !a.startsWith('-')) ?? '') && args.some((a) => a.includes('agentwatch')))
        || (prog === 'launchctl' && args.some((a) => a.includes('agentwatch')) && args.some((a) => /^(unload|bootout|remove|stop)$/.test(a)));
      if (stopsUs) out.push(finding(event, cmd.argv.join(' '), `The agent runs \`${cmd.argv.join(' ').slice(0, 100)}\`, which stops agentwatch from watching it.`));
    }
    return out;
  },
};
