// Typed reads of one server entry's fields. A field of the wrong type makes the entry invalid (the client
// would refuse it too), reported with the field's name instead of crashing or guessing.
export class InvalidEntry extends Error {}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function optStr(e: Record<string, unknown>, key: string): string | undefined {
  const v = e[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InvalidEntry(`${key} must be a string, found ${describe(v)}`);
  return v;
}

export function optBool(e: Record<string, unknown>, key: string): boolean | undefined {
  const v = e[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new InvalidEntry(`${key} must be true or false, found ${describe(v)}`);
  return v;
}

export function optStrArray(e: Record<string, unknown>, key: string): string[] | undefined {
  const v = e[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new InvalidEntry(`${key} must be a list, found ${describe(v)}`);
  return v.map((x, i) => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    throw new InvalidEntry(`${key}[${i}] must be a string, found ${describe(x)}`);
  });
}

/** env / headers: values that are numbers or booleans are what the client would pass as text. */
export function optStrRecord(e: Record<string, unknown>, key: string): Record<string, string> | undefined {
  const v = e[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw new InvalidEntry(`${key} must be a map, found ${describe(v)}`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') out[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
    else throw new InvalidEntry(`${key}.${k} must be a string, found ${describe(x)}`);
  }
  return out;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v).slice(0, 30)}`;
}
