// Reason, title and key templates: text with `{field}` and `{var.name}` placeholders, checked at load.
import { displayPath } from '../../paths.js';
import { FIELDS, valuesOf, type Env } from './fields.js';

export type Render = (env: Env, forKey?: boolean) => string;

const PLACEHOLDER = /\{([a-z_.]+)\}/g;
const MAX_VALUE = 160;

/** Compiles a template; throws an Error naming the first unknown placeholder. */
export function compileTemplate(text: string, knownVars: ReadonlySet<string>): Render {
  const parts: (string | { field: string } | { v: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(last, m.index));
    const name = m[1]!;
    if (name.startsWith('var.')) {
      if (!knownVars.has(name.slice(4))) throw new Error(`unknown variable {${name}} in template "${text}"`);
      parts.push({ v: name.slice(4) });
    } else if (FIELDS[name] !== undefined) parts.push({ field: name });
    else throw new Error(`unknown field {${name}} in template "${text}"`);
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return (env, forKey = false) => parts.map((p) => {
    if (typeof p === 'string') return p;
    if ('v' in p) return env.vars?.[p.v] ?? '';
    const def = FIELDS[p.field]!;
    const values = valuesOf(p.field, def, env).map((v) => (def.path && !forKey ? displayPath(String(v), env.input.ctx.home) : String(v)));
    const joined = [...new Set(values)].join(', ');
    if (forKey) return joined;
    const flat = joined.replace(/\s+/g, ' ').trim();
    return flat.length > MAX_VALUE ? `${flat.slice(0, MAX_VALUE - 1)}…` : flat;
  }).join('');
}

