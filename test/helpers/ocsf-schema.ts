// JSON Schemas generated from the OCSF 1.8.0 schema files (../shared/ocsf-schema-1.8.0), so a test can
// validate the records the daemon emits with ajv instead of hand-written checks. Resolved the way the OCSF
// server compiles them: a class's `extends` chain (down to base_event), `$include`d profiles (their
// attributes required only when the record names the profile in metadata.profiles), object `extends`
// chains, attribute types from dictionary.json (with their regex, range and max length), enums (a
// child's enum adds to its parent's), `requirement: required`, object constraints (at_least_one,
// just_one), and no attribute the schema does not define (additionalProperties: false).
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './repo-root.js';

export const OCSF_ROOT = path.resolve(repoRoot, '..', '..', 'shared', 'ocsf-schema-1.8.0');
const schemaRoot = fs.existsSync(OCSF_ROOT) ? OCSF_ROOT : '/work/shared/ocsf-schema-1.8.0';

type Json = Record<string, unknown>;
interface AttrDef { requirement?: string; type?: string; is_array?: boolean; enum?: Record<string, unknown>; profile?: string | null; [k: string]: unknown }
interface Resolved { attributes: Record<string, AttrDef & { fromProfile?: string }>; constraints?: { at_least_one?: string[]; just_one?: string[] } }
interface Spec { name: string; extends?: string; uid?: number; category?: string; attributes: Json; constraints?: Resolved['constraints'] }

const read = (rel: string) => JSON.parse(fs.readFileSync(path.join(schemaRoot, rel), 'utf8')) as Spec;
const walk = (dir: string): string[] => fs.readdirSync(path.join(schemaRoot, dir), { withFileTypes: true })
  .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith('.json') ? [path.join(dir, d.name)] : []));

const dictionary = read('dictionary.json') as unknown as { attributes: Record<string, AttrDef>; types: { attributes: Record<string, Json> } };
const categories = (read('categories.json').attributes as Record<string, { uid: number }>);
const events = new Map(walk('events').map((f) => { const s = read(f); return [s.name, s]; }));
const objects = new Map(walk('objects').map((f) => { const s = read(f); return [s.name, s]; }));

/** A file's attributes: its `$include`s first (profile ones marked), then its own, which win. */
function ownAttributes(spec: Spec): Resolved['attributes'] {
  const out: Resolved['attributes'] = {};
  for (const inc of (spec.attributes.$include as string[] | undefined) ?? []) {
    const included = read(inc) as Spec & { meta?: string };
    for (const [k, v] of Object.entries(included.attributes)) {
      out[k] = { ...(v as AttrDef), ...(included.meta === 'profile' ? { fromProfile: included.name } : {}) };
    }
  }
  for (const [k, v] of Object.entries(spec.attributes)) if (k !== '$include') out[k] = mergeAttr(out[k], v as AttrDef, true);
  return out;
}

function mergeAttr(base: (AttrDef & { fromProfile?: string }) | undefined, over: AttrDef, own: boolean): AttrDef & { fromProfile?: string } {
  const merged = { ...base, ...over };
  if (base?.enum && over.enum) merged.enum = { ...base.enum, ...over.enum };
  // The class's own definition of an attribute a profile also brings makes it the class's own.
  if (own && over.requirement !== undefined) delete merged.fromProfile;
  return merged;
}

function resolve(spec: Spec, table: Map<string, Spec>): Resolved {
  const parent = spec.extends ? table.get(spec.extends) : undefined;
  const up: Resolved = parent ? resolve(parent, table) : { attributes: {} };
  const attributes = { ...up.attributes };
  for (const [k, v] of Object.entries(ownAttributes(spec))) attributes[k] = mergeAttr(attributes[k], v, !v.fromProfile);
  return { attributes, constraints: spec.constraints ?? up.constraints };
}

/** The JSON Schema of one dictionary type (string_t, port_t, …). */
function scalar(type: string): Json {
  const t = dictionary.types.attributes[type];
  if (!t) throw new Error(`unknown OCSF type ${type}`);
  const base = (t.type as string | undefined) ?? type;
  const s: Json = base === 'string_t' ? { type: 'string' } : base === 'integer_t' || base === 'long_t' ? { type: 'integer' }
    : base === 'float_t' ? { type: 'number' } : base === 'boolean_t' ? { type: 'boolean' } : {};
  if (base !== type && base !== 'string_t' && base !== 'integer_t' && base !== 'long_t') Object.assign(s, scalar(base));
  if (typeof t.regex === 'string') s.pattern = t.regex;
  if (typeof t.max_len === 'number') s.maxLength = t.max_len;
  if (Array.isArray(t.range)) { s.minimum = t.range[0]; s.maximum = t.range[1]; }
  return s;
}

class Builder {
  readonly defs: Record<string, Json> = {};

  attribute(name: string, def: AttrDef): Json {
    const dict = dictionary.attributes[name] ?? {};
    const type = def.type ?? dict.type;
    if (!type) throw new Error(`OCSF attribute ${name} has no type`);
    let s: Json = type.endsWith('_t') ? scalar(type) : type === 'object' ? { type: 'object' } : { $ref: `#/$defs/${this.object(type)}` };
    const values = def.enum ?? dict.enum;
    if (values) s = { ...s, enum: Object.keys(values).map((k) => (s.type === 'integer' ? Number(k) : k)) };
    return (def.is_array ?? dict.is_array) ? { type: 'array', items: s } : s;
  }

  object(name: string): string {
    if (this.defs[name]) return name;
    const spec = objects.get(name);
    if (!spec) throw new Error(`unknown OCSF object ${name}`);
    this.defs[name] = {}; // placeholder: objects refer to themselves (process.parent_process)
    this.defs[name] = this.shape(resolve(spec, objects), []);
    return name;
  }

  shape(r: Resolved, profiles: string[]): Json {
    const properties: Record<string, Json> = {};
    const required: string[] = [];
    for (const [k, def] of Object.entries(r.attributes)) {
      properties[k] = this.attribute(k, def);
      if (def.requirement === 'required' && (!def.fromProfile || profiles.includes(def.fromProfile))) required.push(k);
    }
    const s: Json = { type: 'object', properties, required, additionalProperties: false };
    if (r.constraints?.at_least_one) s.anyOf = r.constraints.at_least_one.map((k) => ({ required: [k] }));
    if (r.constraints?.just_one) s.oneOf = r.constraints.just_one.map((k) => ({ required: [k] }));
    return s;
  }
}

/**
 * The JSON Schema of one event class (by its name, e.g. `process_activity`), with `profiles` applied:
 * class_uid and category_uid fixed, and type_uid = class_uid × 100 + activity_id for every activity.
 */
export function ocsfClassSchema(className: string, profiles: string[] = []): { schema: Json; classUid: number } {
  const spec = events.get(className);
  if (!spec || spec.uid === undefined) throw new Error(`unknown OCSF event class ${className}`);
  let categoryName = spec.category;
  for (let s: Spec | undefined = spec; !categoryName && s; s = s.extends ? events.get(s.extends) : undefined) categoryName = s.category;
  const category = categories[categoryName!]!.uid;
  const classUid = category * 1000 + spec.uid;
  const b = new Builder();
  const r = resolve(spec, events);
  const s = b.shape(r, profiles);
  const props = s.properties as Record<string, Json>;
  props.class_uid = { const: classUid };
  props.category_uid = { const: category };
  const activities = Object.keys(r.attributes.activity_id!.enum!).map(Number);
  const schema = {
    ...s, $defs: b.defs,
    allOf: [{ anyOf: activities.map((a) => ({ properties: { activity_id: { const: a }, type_uid: { const: classUid * 100 + a } } })) }],
  };
  return { schema, classUid };
}

/** Every event class name by its class_uid (1007 → process_activity). */
export function ocsfClassNames(): Map<number, string> {
  const out = new Map<number, string>();
  for (const spec of events.values()) {
    if (spec.uid === undefined) continue;
    let cat = spec.category;
    for (let s: Spec | undefined = spec; !cat && s; s = s.extends ? events.get(s.extends) : undefined) cat = s.category;
    const category = cat ? categories[cat] : undefined;
    if (category) out.set(category.uid * 1000 + spec.uid, spec.name);
  }
  return out;
}
