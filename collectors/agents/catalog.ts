// Loads and validates the agent catalog (catalog.yaml, next to this file in the source tree and in
// dist/). The catalog is data so that a new agent or install layout is a YAML edit, not a code change;
// a broken catalog is one line naming the file and the first problem.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { KNOWN_AGENT_KINDS } from '../../core/event.js';
import { AgentwatchError } from '../../core/errors.js';

/** The kinds a catalog entry may name (every one but `unknown`). */
export { KNOWN_AGENT_KINDS as AGENT_KINDS } from '../../core/event.js';

/** A regex given as a string; compiled once at load so a bad pattern is a load error, not a scan error. */
const Pattern = z.string().min(1).transform((src, ctx) => {
  try { return new RegExp(src); } catch (err) {
    ctx.addIssue({ code: 'custom', message: `bad regex ${JSON.stringify(src)}: ${(err as Error).message}` });
    return z.NEVER;
  }
});

const MatchRule = z.strictObject({
  program: Pattern.optional(),
  path: Pattern.optional(),
  args: Pattern.optional(),
  notArgs: Pattern.optional(),
  extension: z.string().regex(/^[\w.-]+$/).optional(),
}).refine((r) => r.program ?? r.path ?? r.args, { message: 'a match rule needs program, path or args' });

const Entry = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  agent: z.enum(KNOWN_AGENT_KINDS),
  variant: z.string().min(1),
  label: z.string().min(1),
  match: z.array(MatchRule).min(1),
  configFiles: z.array(z.string()).default([]),
  hookFiles: z.array(z.string()).default([]),
  hookEvents: z.array(z.string()).default([]),
  envStamps: z.array(z.string().regex(/^[A-Z_][A-Z0-9_]*$/)).default([]),
  sessionEnv: z.string().optional(),
});

const CatalogSchema = z.strictObject({ agents: z.array(Entry).min(1) }).superRefine((c, ctx) => {
  const seen = new Set<string>();
  for (const e of c.agents) {
    if (seen.has(e.id)) ctx.addIssue({ code: 'custom', message: `duplicate id ${e.id}` });
    seen.add(e.id);
  }
});

export type MatchRule = z.infer<typeof MatchRule>;
export type CatalogEntry = z.infer<typeof Entry>;
export interface Catalog { agents: CatalogEntry[] }

export const DEFAULT_CATALOG_FILE = fileURLToPath(new URL('./catalog.yaml', import.meta.url));

/** Parses catalog text; throws an AgentwatchError whose message is one line. */
export function parseCatalog(text: string, file = 'catalog'): Catalog {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new AgentwatchError('AW_ERR_CATALOG', `${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const r = CatalogSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new AgentwatchError('AW_ERR_CATALOG', `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}

let cached: Catalog | undefined;

/** The catalog shipped with agentwatch (or another file, uncached). */
export function loadCatalog(file = DEFAULT_CATALOG_FILE): Catalog {
  if (file === DEFAULT_CATALOG_FILE && cached) return cached;
  let text: string;
  try { text = fs.readFileSync(file, 'utf8'); } catch (err) {
    throw new AgentwatchError('AW_ERR_CATALOG', `${file}: cannot read the agent catalog: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const catalog = parseCatalog(text, file);
  if (file === DEFAULT_CATALOG_FILE) cached = catalog;
  return catalog;
}
