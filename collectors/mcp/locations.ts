// Where every agent keeps MCP configs (each agent's `mcp` in the agent catalog, core/agents/catalog.yaml)
// and the pure step that turns one of its path templates into a concrete path for a home, a platform, an
// environment and a project. Globs are expanded elsewhere (fs-glob.ts).
import path from 'node:path';
import { z } from 'zod';
import type { AgentKind } from '../../core/event.js';
import { agentCatalog, derived, McpLocationSpec, type Catalog } from '../../core/agents/catalog.js';

const LocationSchema = McpLocationSpec.extend({
  agent: z.string().refine((k) => agentCatalog().kinds.has(k), { message: 'not an agent kind of the catalog' }),
});

export type McpLocation = z.infer<typeof McpLocationSpec> & { agent: AgentKind };

/** Validates a location list; a bad entry is one line naming its index and key. */
export function parseLocations(doc: unknown): McpLocation[] {
  const result = z.array(LocationSchema).safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`MCP location catalog: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

const locationsOf = derived((c: Catalog): McpLocation[] => c.agents.flatMap((a) => a.mcp.map((l) => ({ agent: a.kind, ...l }))));

/** Every agent's MCP locations, from the agent catalog (validated when it loaded). */
export function builtinLocations(catalog?: Catalog): McpLocation[] {
  return locationsOf(catalog);
}

/** The path templates of a location on one platform (`all` plus that platform's own). */
export function templatesFor(loc: McpLocation, platform: NodeJS.Platform): string[] {
  const own = platform === 'linux' || platform === 'darwin' || platform === 'win32' ? loc.paths[platform] : loc.paths.linux;
  return [loc.paths.all, own].flatMap((p) => (p === undefined ? [] : Array.isArray(p) ? p : [p]));
}

export interface ExpandContext {
  home: string;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  project?: string;
}

// Windows variables that default to places under the home when the environment does not say.
const WIN_DEFAULTS: Record<string, (home: string) => string> = {
  APPDATA: (h) => path.win32.join(h, 'AppData', 'Roaming'),
  LOCALAPPDATA: (h) => path.win32.join(h, 'AppData', 'Local'),
  USERPROFILE: (h) => h,
};

/**
 * A template → a concrete path, or undefined when it needs a variable that is unset and has no default
 * (or `{project}` without a project). Globs are left in place.
 */
export function expandTemplate(template: string, ctx: ExpandContext): string | undefined {
  let missing = false;
  const lookup = (name: string): string | undefined => {
    const v = ctx.env[name];
    if (v !== undefined && v !== '') return v;
    if (ctx.platform === 'win32' && WIN_DEFAULTS[name]) return WIN_DEFAULTS[name](ctx.home);
    return undefined;
  };
  const expandVars = (s: string): string => {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      if (s.startsWith('${', i)) {
        const end = closingBrace(s, i + 1);
        const body = s.slice(i + 2, end);
        const sep = body.indexOf(':-');
        const name = sep < 0 ? body : body.slice(0, sep);
        const value = lookup(name) ?? (sep < 0 ? undefined : expandVars(body.slice(sep + 2)));
        if (value === undefined) missing = true;
        out += value ?? '';
        i = end;
      } else if (s[i] === '%' && /^%([A-Za-z_][A-Za-z0-9_]*)%/.test(s.slice(i))) {
        const name = /^%([A-Za-z_][A-Za-z0-9_]*)%/.exec(s.slice(i))![1]!;
        const value = lookup(name);
        if (value === undefined) missing = true;
        out += value ?? '';
        i += name.length + 1;
      } else if (s[i] === '$' && /^\$[A-Za-z_]/.test(s.slice(i))) {
        const name = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(i))![1]!;
        const value = lookup(name);
        if (value === undefined) missing = true;
        out += value ?? '';
        i += name.length;
      } else {
        out += s[i];
      }
    }
    return out;
  };
  let p = expandVars(template);
  if (p === '~' || p.startsWith('~/') || p.startsWith('~\\')) p = ctx.home + p.slice(1);
  if (p.includes('{project}')) {
    if (ctx.project === undefined) return undefined;
    p = p.replaceAll('{project}', ctx.project);
  }
  if (missing) return undefined;
  const lib = ctx.platform === 'win32' ? path.win32 : path.posix;
  return lib.normalize(p);
}

function closingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return s.length - 1;
}

/**
 * A managed path moved under a system root (a test fixture or a mounted image). Only a path that came from
 * the template's own default is moved: one an environment variable named (GEMINI_CLI_SYSTEM_SETTINGS_PATH)
 * is taken as it is.
 */
export function underSystemRoot(template: string, ctx: ExpandContext, systemRoot: string | undefined): string | undefined {
  const file = expandTemplate(template, ctx);
  if (file === undefined || systemRoot === undefined) return file;
  const fromDefault = expandTemplate(template, { ...ctx, env: {} });
  return file === fromDefault && path.isAbsolute(file) ? path.join(systemRoot, file) : file;
}
