// The shape of a rule file: a YAML sequence of `rule`, `list` and `macro` items (as in Falco).
// Conditions are checked by the compiler (condition.ts), which knows fields and operators.
import { z } from 'zod';
import { ITEM_SCOPES } from './fields.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
import { TACTICS } from '../../../core/event.js';
export { TACTICS };

const Name = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case');
const Technique = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'must be a MITRE ATT&CK id like T1552.001');
const Template = z.string().min(1);
const Condition = z.unknown().refine((v) => v !== undefined && v !== null, 'a condition is required');
const Scope = z.enum(['event', ...ITEM_SCOPES]);

/** An example event, compact: {tool: Bash, command: "…"} or {tool: Read, path: "~/.aws/credentials"}. */
export const ExampleSchema = z.strictObject({
  tool: z.string().min(1),
  command: z.string().optional(),
  path: z.string().optional(),
  content: z.string().optional(),
  old: z.string().optional(),
  new: z.string().optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  cwd: z.string().optional(),
  hook: z.string().optional(),
});
export type Example = z.infer<typeof ExampleSchema>;

export const RuleSchema = z.strictObject({
  rule: Name,
  desc: z.string().min(1),
  /** Alert title template; defaults to desc. */
  title: Template.optional(),
  condition: Condition,
  severity: z.enum(SEVERITIES),
  tactic: z.enum(TACTICS),
  technique: Technique.optional(),
  tags: z.array(z.string()).default([]),
  /** Named conditions that veto a match. */
  exceptions: z.array(z.strictObject({ name: Name, condition: Condition })).default([]),
  block: z.boolean().default(false),
  /** One sentence; `{field}` and `{var.name}` placeholders. */
  reason: Template,
  /** Dedupe identity template; defaults to the item's path, host or command. */
  key: Template.optional(),
  /** Item scopes to iterate; inferred from the fields the rule names when absent. */
  scope: z.union([Scope, z.array(Scope).min(1)]).optional(),
  /** First case whose `when` holds overrides severity, technique, title, reason and vars. */
  cases: z.array(z.strictObject({
    when: Condition,
    severity: z.enum(SEVERITIES).optional(),
    technique: Technique.optional(),
    title: Template.optional(),
    reason: Template.optional(),
    vars: z.record(z.string(), z.string()).optional(),
  })).default([]),
  vars: z.record(z.string(), z.string()).default({}),
  examples: z.strictObject({ match: z.array(ExampleSchema).default([]), nomatch: z.array(ExampleSchema).default([]) }).optional(),
  enabled: z.boolean().default(true),
});
export type RuleSpec = z.infer<typeof RuleSchema>;

/** `- rule: id\n  enabled: false` switches off a rule loaded earlier (an IT pack muting a built-in). */
export const DisableSchema = z.strictObject({ rule: Name, enabled: z.literal(false) });

export const ListSchema = z.strictObject({
  list: Name,
  items: z.array(z.union([z.string(), z.number(), z.boolean()])),
  desc: z.string().optional(),
});

export const MacroSchema = z.strictObject({ macro: Name, condition: Condition, desc: z.string().optional() });

/** One zod issue as a message: `severity: Invalid option …` or `unknown key 'foo'`. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  const where = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}${where ? ` in ${where}` : ''}`;
  return `${where ? `${where}: ` : ''}${issue.message}`;
}
