// The cmdlets that touch a file, a host or a process, each as the shell argv that does the same (what
// powershell.ts hands the shell parser). Parameters by any prefix PowerShell accepts (-Rec for -Recurse),
// positional ones in PowerShell's order.
import { singleQuoted } from './words.js';

export interface Params {
  /** `-Name value` and `-Name:value`, by lower-case name as typed (a list: `-Path a,b`). */
  named: Map<string, string[]>;
  /** `-Name` with no value. */
  switches: Set<string>;
  positional: string[];
  /** Every value, named or positional, in order. */
  all: string[];
  /** The words as typed, options included (a native program's argv). */
  raw: string[];
}

type Reading = (p: Params, piped: boolean) => string[] | undefined;

/** The values of a parameter given by any prefix of one of `names` (at least `min` letters), or its positional slot. */
function get(p: Params, names: readonly string[], position?: number, min = 2): string[] {
  for (const [k, v] of p.named) if (names.some((n) => k.length >= Math.min(min, n.length) && n.startsWith(k))) return v;
  return position === undefined || p.positional[position] === undefined ? [] : [p.positional[position]!];
}
const has = (p: Params, names: readonly string[], min = 3) => [...p.switches].some((k) => names.some((n) => k.length >= Math.min(min, n.length) && n.startsWith(k)));
const PATH = ['path', 'literalpath', 'lp', 'pspath', 'fullname'];
const paths = (p: Params) => get(p, PATH, 0);

const write = (append: boolean): Reading => (p, piped) => {
  const target = get(p, ['filepath', 'path', 'literalpath'], 0)[0];
  if (target === undefined) return undefined;
  const value = get(p, ['value', 'inputobject'], 1);
  if (piped || value.length === 0) return append ? ['tee', '-a', target] : ['tee', target];
  // A value written by a redirection the shell parser reads as the write it is.
  return ['sh', '-c', `printf '%s' ${shellWord(value.join(' '))} ${append ? '>>' : '>'} ${shellWord(target)}`];
};

/** A word for the shell line: bare when safe (so `~/x` is still a home path), `$(…)` and `${…}` in double quotes, else single-quoted. */
export function shellWord(w: string): string {
  if (/^[\w@%+=:,./~-]+$/.test(w)) return w;
  if (/^\$\([\s\S]*\)$/.test(w)) return `"${w}"`;
  if (/\$\{/.test(w) && !w.includes('$(')) return `"${w.replace(/(["\\`]|\$(?!\{))/g, '\\$1')}"`;
  return singleQuoted(w);
}

const web: Reading = (p, piped) => {
  const uri = get(p, ['uri', 'url'], 0)[0];
  if (uri === undefined) return undefined;
  const out = ['curl', '-s'];
  const method = get(p, ['method', 'custommethod'], undefined, 1)[0];
  if (method !== undefined) out.push('-X', method.toUpperCase());
  const infile = get(p, ['infile'], undefined, 1)[0];
  if (infile !== undefined) out.push('-T', infile);
  for (const b of get(p, ['body'], undefined, 1)) out.push('-d', b);
  if (piped && infile === undefined && !p.named.has('body') && method !== undefined && method.toUpperCase() !== 'GET') out.push('-d', '@-');
  for (const h of get(p, ['headers'], undefined, 1)) for (const [k, v] of hashPairs(h)) out.push('-H', `${k}: ${v}`);
  // `-Form @{file = Get-Item ~/.aws/credentials}`: a field whose value ends in a path sends that file.
  for (const f of get(p, ['form'], undefined, 1)) for (const [k, v] of hashPairs(f)) { const file = /(?:^|\s)((?:~|\.{1,2})?\/[^\s)]+)\)?$/.exec(v)?.[1]; out.push('-F', file === undefined ? `${k}=${v}` : `${k}=@${file}`); }
  const outfile = get(p, ['outfile'], undefined, 1)[0];
  if (outfile !== undefined) out.push('-o', outfile);
  if (has(p, ['skipcertificatecheck'])) out.push('-k');
  out.push(uri);
  return out;
};

/** `@{Authorization = "Bearer x"; a = 'b'}` as key, value and the value as typed (quotes kept: an expression). */
export function hashPairs(text: string): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const m of text.matchAll(/['"]?(?<![\w-])([\w-]+)['"]?\s*=\s*('([^']*)'|"([^"]*)"|([^;\n}]+))/g)) out.push([m[1]!, (m[3] ?? m[4] ?? m[5] ?? '').trim(), m[2]!]);
  return out;
}

const metadata: Reading = (p) => {
  const ps = paths(p);
  const env = ps.map((x) => /^env:(\w*)$/i.exec(x)).find((m) => m !== null);
  if (env) return env[1] ? ['printenv', env[1]] : ['env'];
  return ps.length > 0 ? ['stat', ...ps] : undefined;
};

export const CMDLETS: Readonly<Record<string, Reading>> = {
  'get-content': (p) => ['cat', ...paths(p)],
  'set-content': write(false),
  'add-content': write(true),
  'out-file': (p, piped) => write(has(p, ['append'], 1))(p, piped),
  'new-item': (p, piped) => {
    const dir = get(p, ['path'], 0)[0];
    const name = get(p, ['name'], undefined, 1)[0];
    const target = dir !== undefined && name !== undefined ? `${dir}/${name}` : dir ?? name;
    if (target === undefined) return undefined;
    if (get(p, ['value'], undefined, 1).length > 0 || piped) return write(false)({ ...p, named: new Map([...p.named, ['path', [target]]]), positional: [] }, piped);
    return /^d/i.test(get(p, ['itemtype', 'type'], undefined, 1)[0] ?? '') ? ['mkdir', '-p', target] : ['touch', target];
  },
  'copy-item': (p) => copyOrMove('cp', p),
  'move-item': (p) => copyOrMove('mv', p),
  'remove-item': (p) => {
    const ps = paths(p);
    return ps.length === 0 ? undefined : ['rm', ...(has(p, ['recurse'], 1) ? ['-r'] : []), ...(has(p, ['force'], 1) ? ['-f'] : []), ...ps];
  },
  'rename-item': (p) => {
    const [from] = paths(p);
    const to = get(p, ['newname'], 1, 1)[0];
    return from === undefined || to === undefined ? undefined : ['mv', from, to.includes('/') ? to : from.replace(/[^/]*$/, to)];
  },
  'compress-archive': (p) => {
    const dest = get(p, ['destinationpath'], 1, 1)[0];
    return dest === undefined ? undefined : ['zip', '-r', dest, ...paths(p)];
  },
  'expand-archive': (p) => { const [from] = paths(p); return from === undefined ? undefined : ['unzip', from, '-d', get(p, ['destinationpath'], 1, 1)[0] ?? '.']; },
  'get-childitem': (p) => {
    const ps = paths(p);
    if (ps.some((x) => /^env:\\?$/i.test(x))) return ['env'];
    return ['ls', ...(has(p, ['recurse'], 1) ? ['-R'] : []), ...ps];
  },
  'select-string': (p) => { const pattern = get(p, ['pattern'], 0)[0]; return pattern === undefined ? undefined : ['grep', '-e', pattern, ...get(p, PATH, 1)]; },
  'get-item': metadata, 'test-path': metadata, 'get-itemproperty': metadata, 'get-acl': metadata, 'get-filehash': metadata,
  'invoke-webrequest': web,
  'invoke-restmethod': web,
  'start-bitstransfer': (p) => {
    const [source] = get(p, ['source'], 0, 1);
    const [dest] = get(p, ['destination'], 1, 1);
    if (source === undefined || dest === undefined) return undefined;
    return /^\w+:\/\//.test(dest) ? ['curl', '-s', '-T', source, dest] : ['curl', '-s', '-o', dest, source];
  },
  'start-process': (p) => {
    const [file] = get(p, ['filepath'], 0, 1);
    if (file === undefined) return undefined;
    const args = get(p, ['argumentlist', 'args'], 1, 1).flatMap((a) => a.split(/\s+/)).filter(Boolean);
    return [...(/^runas$/i.test(get(p, ['verb'], undefined, 1)[0] ?? '') ? ['sudo'] : []), file, ...args];
  },
  'write-output': (p) => ['echo', ...p.all],
  'set-location': (p) => ['cd', ...paths(p).slice(0, 1)],
  'push-location': (p) => ['pushd', ...paths(p).slice(0, 1)],
  'stop-process': (p) => {
    const names = get(p, ['name', 'processname'], undefined, 1);
    return names.length > 0 ? ['pkill', ...names] : ['kill', ...get(p, ['id'], 0, 1)];
  },
  'get-process': () => ['ps'],
};

function copyOrMove(prog: 'cp' | 'mv', p: Params): string[] | undefined {
  const dest = get(p, ['destination'], 1, 1)[0];
  const from = paths(p);
  if (dest === undefined || from.length === 0) return undefined;
  return [prog, ...(prog === 'cp' && has(p, ['recurse'], 1) ? ['-r'] : []), ...from, dest];
}

/**
 * Aliases of the cmdlets above. Those that are also Unix programs (ls, cat, cp, rm, curl …) are left out:
 * pwsh on Linux and macOS runs the program, and agentwatch runs there.
 */
const ALIASES: Readonly<Record<string, string>> = {
  gc: 'get-content', type: 'get-content', ac: 'add-content', sc: 'set-content', ni: 'new-item', copy: 'copy-item', cpi: 'copy-item',
  move: 'move-item', mi: 'move-item', del: 'remove-item', erase: 'remove-item', rd: 'remove-item', ri: 'remove-item', ren: 'rename-item',
  rni: 'rename-item', gci: 'get-childitem', dir: 'get-childitem', sls: 'select-string', gi: 'get-item', gp: 'get-itemproperty',
  iwr: 'invoke-webrequest', irm: 'invoke-restmethod', iex: 'invoke-expression', start: 'start-process', saps: 'start-process',
  write: 'write-output', sl: 'set-location', chdir: 'set-location', spps: 'stop-process', gps: 'get-process',
};

/** The cmdlet a command name is (any case, `Microsoft.PowerShell.Management\` prefix allowed), or undefined. */
export function cmdletOf(name: string): string | undefined {
  const n = name.toLowerCase().replace(/^[\w.]+\\/, '');
  if (n === 'invoke-expression' || n in CMDLETS) return n;
  return Object.hasOwn(ALIASES, n) ? ALIASES[n] : undefined;
}
