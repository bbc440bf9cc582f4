// A rule's `examples:` run for real: each compact example becomes the Event the Claude Code hook
// adapter would make of the same PreToolUse payload (the same normaliser and dialect, from core),
// redacted as the pipeline redacts it before any detector sees it, then facts, then the rule.
import type { Event } from '../../../core/event.js';
import { normaliseHookPayload } from '../../../core/hooks/hook-payload.js';
import { redactEvent } from '../../../core/redact.js';
import { claudeDialect } from '../../../core/hooks/claude-dialect.js';
import type { DetectionContext } from '../../facts.js';
import { factsOf } from '../../facts.js';
import { newSessionState } from '../../session-state.js';
import type { CompiledRule } from './compile-rule.js';
import { evaluateRule } from './rule-detector.js';
import { hasNeed, presentOf } from './prefilter.js';
import { ExampleSchema, issueMessage, type Example } from './schema.js';

export const EXAMPLE_HOME = '/home/dev';
export const EXAMPLE_WORKSPACE = '/home/dev/proj';
// agentwatch's own pid and files, as the daemon passes them (daemon/run-daemon.ts).
export const EXAMPLE_CTX: DetectionContext = {
  home: EXAMPLE_HOME, egressAllow: ['registry.npmjs.org', '*.github.com'],
  monitor: { pid: 4711, port: 47474, paths: [`${EXAMPLE_HOME}/.local/state/agentwatch`, `${EXAMPLE_HOME}/.config/agentwatch/config.json`] },
};

let seq = 0;

/** Turns `{tool: Bash, command}` / `{tool: Read|Write|Edit, path, content, old, new}` into an Event. */
export function exampleEvent(raw: unknown): Event {
  const parsed = ExampleSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`bad example ${JSON.stringify(raw)}: ${issueMessage(parsed.error.issues[0]!)}`);
  const ex: Example = parsed.data;
  const home = (p: string) => (p === '~' || p.startsWith('~/') ? EXAMPLE_HOME + p.slice(1) : p);
  const input: Record<string, unknown> = { ...ex.input };
  if (ex.command !== undefined) input.command = ex.command;
  if (ex.path !== undefined) input.file_path = home(ex.path);
  if (ex.content !== undefined) input.content = ex.content;
  if (ex.old !== undefined) input.old_string = ex.old;
  if (ex.new !== undefined) input.new_string = ex.new;
  seq += 1;
  return redactEvent(normaliseHookPayload(claudeDialect, {
    hook_event_name: ex.hook ?? 'PreToolUse', session_id: 'example', cwd: ex.cwd ?? EXAMPLE_WORKSPACE,
    tool_name: ex.tool, tool_input: input, tool_use_id: `toolu_${seq}`,
  }, { ts: '2026-01-01T00:00:00.000Z', newId: () => `ex-${seq}` }));
}

export interface ExampleFailure { rule: string; file: string; line: number; kind: 'match' | 'nomatch'; example: unknown; message: string }

/** Runs every example of the rules; returns what did not behave as the example says. */
export function runRuleExamples(rules: readonly CompiledRule[], ctx: DetectionContext = EXAMPLE_CTX): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  for (const rule of rules) {
    for (const kind of ['match', 'nomatch'] as const) {
      for (const example of rule.examples[kind]) {
        const fail = (message: string) => failures.push({ rule: rule.id, file: rule.file, line: rule.line, kind, example, message });
        try {
          const event = exampleEvent(example);
          const input = { event, facts: factsOf(event, ctx), session: newSessionState(event), ctx };
          const findings = evaluateRule(rule, input);
          if (kind === 'match' && findings.length === 0) fail('should match but does not');
          // The prefilter skips a rule on an event without what its condition needs (prefilter.ts): it must not skip one it matches.
          if (findings.length > 0 && rule.need !== undefined && !hasNeed(rule.need, presentOf(input))) fail('matches, but the prefilter skips it: its need is wrong');
          if (kind === 'nomatch' && findings.length > 0) fail(`should not match but does: ${findings[0]!.reason}`);
          for (const f of findings) {
            if (!/^[A-Z`~/][^\n]*\.$/.test(f.reason) || /[.!?]\s+[A-Z]/.test(f.reason)) fail(`reason is not one sentence: ${f.reason}`);
          }
        } catch (err) {
          fail((err as Error).message);
        }
      }
    }
  }
  return failures;
}
