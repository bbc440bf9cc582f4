// Loads and validates the agent catalog (catalog.yaml, next to this file in the source tree and in
// dist/). The catalog is data so that a new agent or install layout is a YAML edit, not a code change;
// a broken catalog is one line naming the file and the first problem. Every layer reads agent facts
// from here; the kinds it names are the agent kinds (AgentKind is a string validated against them).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AgentwatchError } from '../errors.js';
import { unslicedDeep } from '../intern.js';

/** The kind of an event no agent could be named for. */
export const UNKNOWN_AGENT = 'unknown';

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

const Variant = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  variant: z.string().min(1),
  label: z.string().min(1),
  match: z.array(MatchRule).min(1),
});

const EnvName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/);
const Paths = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const ModuleName = z.string().regex(/^[a-z0-9-]+$/);

export const McpLocationSpec = z.strictObject({
  scope: z.enum(['managed', 'user', 'project', 'local', 'extension']),
  format: z.enum(['json', 'jsonc', 'toml', 'yaml']),
  root: z.string().min(1),
  url: z.enum(['http', 'sse']).default('http'),
  paths: z.strictObject({ all: Paths.optional(), linux: Paths.optional(), darwin: Paths.optional(), win32: Paths.optional() }),
});

const PathClassSpec = z.strictObject({ id: z.string().regex(/^[a-z0-9-]+$/), label: z.string().min(1), patterns: z.array(z.string().min(1)).min(1) });

const AgentSpecSchema = z.strictObject({
  kind: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).refine((k) => k !== UNKNOWN_AGENT, { message: `"${UNKNOWN_AGENT}" is reserved` }),
  label: z.string().min(1),
  commands: z.array(z.string().min(1)).default([]),
  helpers: z.array(z.string().min(1)).default([]),
  variants: z.array(Variant).min(1),
  configFiles: z.array(z.string()).default([]),
  hookFiles: z.array(z.string()).default([]),
  hookEvents: z.array(z.string()).default([]),
  envStamps: z.array(EnvName).default([]),
  configEnv: z.array(EnvName).default([]),
  sessionEnv: EnvName.optional(),
  toolCallEnv: EnvName.optional(),
  markerEnv: z.record(EnvName, z.string()).default({}),
  stateDirs: z.array(z.string().startsWith('~/')).default([]),
  stateFilePattern: Pattern.optional(),
  ruleFiles: z.strictObject({ hooks: PathClassSpec.optional(), mcp: z.array(z.string().min(1)).default([]) }).default({ mcp: [] }),
  adapter: ModuleName.optional(),
  install: z.strictObject({
    file: z.string().startsWith('~/'), format: ModuleName.optional(), note: z.string().optional(),
    // `install --system`: the agent's managed (machine-wide) hook file per OS, with its own format module.
    system: z.strictObject({ linux: z.string().startsWith('/').optional(), darwin: z.string().startsWith('/').optional(), format: ModuleName.optional(), note: z.string().optional() }).optional(),
  }).optional(),
  mcp: z.array(McpLocationSpec).default([]),
}).superRefine((a, ctx) => {
  const stamped = [a.sessionEnv, a.toolCallEnv, ...Object.keys(a.markerEnv)].filter((v): v is string => v !== undefined);
  for (const v of stamped) if (!a.envStamps.includes(v)) ctx.addIssue({ code: 'custom', message: `${v} is not one of its envStamps` });
  if (a.install && !a.adapter) ctx.addIssue({ code: 'custom', path: ['install'], message: 'install needs an adapter (the hooks it installs post to it)' });
});

const CatalogSchema = z.strictObject({ agents: z.array(AgentSpecSchema).min(1) });

export type MatchRule = z.infer<typeof MatchRule>;
export type AgentSpec = z.infer<typeof AgentSpecSchema>;
export type McpLocationSpec = z.infer<typeof McpLocationSpec>;
type Facts = Omit<AgentSpec, 'kind' | 'variants'>;
/** One way an agent's process looks (a variant), with the facts of its agent. */
export type CatalogEntry = Facts & z.infer<typeof Variant> & { agent: string };

export interface Catalog {
  /** One per agent kind, in catalog order. */
  agents: AgentSpec[];
  /** Every variant of every agent, in catalog order: what recognition walks. */
  entries: CatalogEntry[];
  /** The agent kinds (without `unknown`). */
  kinds: ReadonlySet<string>;
}

export const DEFAULT_CATALOG_FILE = fileURLToPath(new URL('./catalog.yaml', import.meta.url));

function issueLine(file: string, issue: z.core.$ZodIssue): string {
  return `${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`;
}

/** Builds the catalog from validated agents; two agents of one kind or two variants of one id are an error. */
function catalogOf(agents: AgentSpec[], file: string): Catalog {
  const kinds = new Set<string>();
  const ids = new Set<string>();
  for (const [i, a] of agents.entries()) {
    if (kinds.has(a.kind)) throw new AgentwatchError('AW_ERR_CATALOG', `${file}: agents.${i}.kind: duplicate kind ${a.kind}`);
    kinds.add(a.kind);
    for (const v of a.variants) {
      if (ids.has(v.id)) throw new AgentwatchError('AW_ERR_CATALOG', `${file}: agents.${i}: duplicate id ${v.id}`);
      ids.add(v.id);
    }
  }
  const entries = agents.flatMap(({ kind, variants, ...facts }) => variants.map((v) => ({ ...facts, ...v, agent: kind })));
  return { agents, entries, kinds };
}

function parseAgents(text: string, file: string): AgentSpec[] {
  let raw: unknown;
  try {
    // Strings of their own: slices of the text would keep all of it in the heap for the daemon's life.
    raw = unslicedDeep(parseYaml(text, { logLevel: 'error' }) as unknown);
  } catch (err) {
    throw new AgentwatchError('AW_ERR_CATALOG', `${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const r = CatalogSchema.safeParse(raw);
  if (!r.success) throw new AgentwatchError('AW_ERR_CATALOG', issueLine(file, r.error.issues[0]!));
  return r.data.agents;
}

/** Parses catalog text; throws an AgentwatchError whose message is one line. */
export function parseCatalog(text: string, file = 'catalog'): Catalog {
  return catalogOf(parseAgents(text, file), file);
}

function readCatalogText(file: string): string {
  try { return fs.readFileSync(file, 'utf8'); } catch (err) {
    throw new AgentwatchError('AW_ERR_CATALOG', `${file}: cannot read the agent catalog: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** One catalog file (the shipped one by default), or the shipped one followed by the agents of `extraFiles`. */
export function loadCatalog(file = DEFAULT_CATALOG_FILE, extraFiles: readonly string[] = []): Catalog {
  const agents = [file, ...extraFiles].flatMap((f) => parseAgents(readCatalogText(f), f));
  return catalogOf(agents, extraFiles.length > 0 ? extraFiles.join(', ') : file);
}

let extra: readonly string[] = [];
let active: Catalog | undefined;

/**
 * The catalog every layer reads: the shipped one plus the agents of the files given to useCatalogFiles
 * (config `collectors.agents.catalogFiles`, tests). Loaded once; derived tables are keyed on the object.
 */
export function agentCatalog(): Catalog {
  active ??= loadCatalog(DEFAULT_CATALOG_FILE, extra);
  return active;
}

/** Adds agents from more catalog files (validated now: a broken file throws and changes nothing). */
export function useCatalogFiles(files: readonly string[]): Catalog {
  const next = loadCatalog(DEFAULT_CATALOG_FILE, files);
  extra = [...files];
  active = next;
  return next;
}

/** Whether `s` names an agent of the catalog, or is `unknown`. */
export const isAgentKind = (s: string): boolean => s === UNKNOWN_AGENT || agentCatalog().kinds.has(s);

/** The agent kinds, `unknown` last. */
export const agentKinds = (): string[] => [...agentCatalog().kinds, UNKNOWN_AGENT];

/** A table derived from a catalog, computed once per catalog object. */
export function derived<T>(build: (c: Catalog) => T): (c?: Catalog) => T {
  const memo = new WeakMap<Catalog, T>();
  return (c = agentCatalog()) => {
    let v = memo.get(c);
    if (v === undefined) { v = build(c); memo.set(c, v); }
    return v;
  };
}
