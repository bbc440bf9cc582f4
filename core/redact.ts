// Secrets are masked before an event is stored, logged, streamed or exported. Patterns are for
// things that are secret by their shape (key formats, PEM blocks, URL passwords) or by the name
// they are given (`password=…`, `aws_secret_access_key = …`).

const MASK = '[REDACTED]';

interface Pattern { name: string; re: RegExp; replace: (match: string, ...groups: string[]) => string }

const keep = (prefix: string) => `${prefix}${MASK}`;

const PATTERNS: Pattern[] = [
  { name: 'private-key', re: /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(-----END \1PRIVATE KEY\2-----|$)/g, replace: () => `-----BEGIN PRIVATE KEY----- ${MASK} -----END PRIVATE KEY-----` },
  // scheme://user:password@host → scheme://user:[REDACTED]@host. The scheme is bounded and needs no word start:
  // `\b[a-z][a-z0-9+.-]*` re-read the rest of a run like `a.a.a.…` from each of its words (1.9 s on 64 KB).
  { name: 'url-password', re: /([a-z][a-z0-9+.-]{0,31}:\/\/[^:/?#@\s"']+:)([^@/\s"']+)(@)/gi, replace: (_m, a, _p, c) => `${a}${MASK}${c}` },
  // Prefixes distinctive enough to need no word boundary before them (`Tghp_…`, `xAKIA…` still leak the key).
  { name: 'aws-access-key', re: /((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16})(?![A-Z0-9])/g, replace: () => MASK },
  { name: 'github-token', re: /(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{40,})/g, replace: () => MASK },
  { name: 'gitlab-token', re: /glpat-[A-Za-z0-9_-]{20,}/g, replace: () => MASK },
  { name: 'slack-token', re: /xox[abposr]-[A-Za-z0-9-]{10,}/g, replace: () => MASK },
  { name: 'anthropic-openai-key', re: /sk-(?:ant|proj)-[A-Za-z0-9_-]{20,}|\bsk-[A-Za-z0-9_-]{20,}\b/g, replace: () => MASK },
  { name: 'google-api-key', re: /AIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/g, replace: () => MASK },
  { name: 'npm-token', re: /npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/g, replace: () => MASK },
  { name: 'stripe-key', re: /\b[rs]k_(?:live|test)_[A-Za-z0-9]{20,}\b/g, replace: () => MASK },
  { name: 'jwt', re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g, replace: () => MASK },
  { name: 'bearer', re: /\b(Bearer|Basic|token)\s+([A-Za-z0-9._~+/=-]{16,})/g, replace: (_m, a) => keep(`${a} `) },
  // A flag that takes a secret as its next word: `--password X`, `--token=X`, `--api-key X`; `sshpass -p X`,
  // `mysql -pX` / `mysql … -p X` (other tools' `-p` is a port or a parent dir, so only these).
  {
    name: 'secret-flag',
    re: /((?:^|\s)--?(?:password|passwd|pass|token|secret|api-?key|access-?key|auth-?token|client-?secret|private-?key)(?:=|\s+)["']?)(?![$\[-])([^\s"']{3,})/gi,
    replace: (_m, a) => keep(a),
  },
  { name: 'sshpass-mysql', re: /(\b(?:sshpass|mysql|mariadb|mysqldump)\b[^|;&\n]{0,2000}?\s-p\s*["']?)(?![$\[-])([^\s"']{3,})/g, replace: (_m, a) => keep(a) },
  // A password typed into sudo by the command: `echo pw | sudo -S …`, `sudo -S … <<< pw`.
  {
    name: 'sudo-stdin',
    re: /(\b(?:echo\s+(?:-[neE]+\s+)?|printf\s+(?:(?:'[^']*%[^']*'|"[^"]*%[^"]*")\s+)?)["']?)(?![$])([^\s"'|]{3,})(["']?(?:\s+\S{1,200}){0,30}?\s*\|\s*sudo\s+(?:-\S{1,60}\s+){0,12}(?:-[a-zA-Z]*S[a-zA-Z]*|--stdin)\b)/g,
    replace: (_m, a, _p, c) => `${a}${MASK}${c}`,
  },
  { name: 'sudo-here-string', re: /(\bsudo\s+(?:-\S{1,60}\s+){0,12}(?:-[a-zA-Z]*S[a-zA-Z]*|--stdin)\b[^|;&\n]{0,2000}<<<\s*["']?)(?![$])([^\s"']{3,})/g, replace: (_m, a) => keep(a) },
  // name = value, name: value, NAME=value, "name": "value" for names that say "secret".
  {
    name: 'named-secret',
    re: /((?:["']?)\b[A-Za-z0-9_.-]{0,40}(?:secret|passw(?:or)?d|passwd|pwd|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|auth[_-]?token|authorization|credential)[A-Za-z0-9_.-]{0,40}["']?\s*[:=]\s*["']?)((?!\d+(?:[\s"',;&}\])]|$))[^\s"',;&]{4,})/gi,
    // A name that says its value is where the secret comes from (RESTIC_PASSWORD_COMMAND, TOKEN_FILE) holds
    // a command or a path, not the secret: kept, so rules still see what runs.
    replace: (_m, a, v) => (v.startsWith('[REDACTED') || v.startsWith('$') || /_(?:COMMAND|CMD|FILE|PATH|PROGRAM|DIR)["']?\s*[:=]\s*["']?$/i.test(a) ? `${a}${v}` : keep(a)),
  },
  // A 40-character AWS secret access key on its own (mixed case and digits; git SHAs are lower-case hex,
  // and a run that starts with `/` is an absolute path such as /Users/JaneDoe/Documents/Projects/Alpha1).
  { name: 'aws-secret-key', re: /(?<![A-Za-z0-9/+=])(?!\/)(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g, replace: () => MASK },
];

// No pattern above matches fewer characters than this.
const SHORTEST_SECRET = 8;

// The pre-check: running 14 patterns over every string is the costliest stage of the pipeline, and
// most strings (commands, paths, file contents) hold none of what they look for. Every pattern but
// aws-secret-key needs one of these literals (matched without case: a superset, never a miss). Keep it
// in step with PATTERNS: test/unit/redact.test.ts checks it against redactEveryPattern.
const TRIGGERS = /-----BEGIN|:\/\/|A(?:KIA|SIA|GPA|IDA|ROA|NPA|NVA|IPA)|gh[pousr]_|github_pat_|glpat-|xox|sk-|AIza|npm_|_(?:live|test)_|eyJ|bearer|basic|token|secret|pass|pwd|key|authorization|credential|mysql|mariadb|sudo/i;
const AWS_SECRET = PATTERNS[PATTERNS.length - 1]!;

/**
 * True when some run of [A-Za-z0-9/+] is exactly 40 long, does not start with `/` and holds upper, lower
 * and digit-or-/+ characters: the shape aws-secret-key needs, found in one pass without backtracking.
 */
function hasSecretKeyRun(s: string): boolean {
  let len = 0, upper = false, lower = false, other = false, slashFirst = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0;
    if (c >= 65 && c <= 90) upper = true;
    else if (c >= 97 && c <= 122) lower = true;
    else if ((c >= 48 && c <= 57) || c === 47 || c === 43) other = true;
    else {
      if (len === 40 && upper && lower && other && !slashFirst) return true;
      len = 0; upper = lower = other = false;
      continue;
    }
    if (len++ === 0) slashFirst = c === 47;
  }
  return false;
}

/** Whether `s` could hold a secret at all; false means redactString returns it unchanged. */
export function mayHoldSecret(s: string): boolean {
  return s.length >= SHORTEST_SECRET && (TRIGGERS.test(s) || hasSecretKeyRun(s));
}

/** Every pattern over `s`, no pre-check: what redactString must always equal (its tests compare). */
export function redactEveryPattern(s: string): string {
  let out = s;
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    out = out.replace(p.re, p.replace as (m: string, ...g: string[]) => string);
  }
  return out;
}

// Strings that came back unchanged: a session id, a cwd, a transcript path, a hook name or a tool input
// key repeats on every event of a session. Only clean strings are kept (never a secret), short ones, and
// the set starts over when full.
const CLEAN_MAX_LENGTH = 256;
const CLEAN_MAX_ENTRIES = 4096;
const clean = new Set<string>();

/** Masks every secret in a string. Cheap when there is nothing to mask. */
export function redactString(s: string): string {
  if (s.length < SHORTEST_SECRET) return s;
  if (s.length > CLEAN_MAX_LENGTH) return redactLong(s);
  if (clean.has(s)) return s;
  const out = redactLong(s);
  if (out === s) {
    if (clean.size >= CLEAN_MAX_ENTRIES) clean.clear();
    clean.add(s);
  }
  return out;
}

function redactLong(s: string): string {
  let out = s;
  if (TRIGGERS.test(s)) {
    for (const p of PATTERNS) {
      if (p === AWS_SECRET) continue;
      p.re.lastIndex = 0;
      out = out.replace(p.re, p.replace as (m: string, ...g: string[]) => string);
    }
  }
  // Masks replace what they cover, so they never join two runs into a new 40-character one.
  if (hasSecretKeyRun(out)) {
    AWS_SECRET.re.lastIndex = 0;
    out = out.replace(AWS_SECRET.re, AWS_SECRET.replace as (m: string, ...g: string[]) => string);
  }
  return out;
}

/** A deep copy of `value` with every string redacted, object keys included (a secret can be a key). */
export function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactString(value) as T;
  if (value === null || typeof value !== 'object') return value;
  // Deeper than any real tool input: drop it rather than let a secret hide below the limit.
  if (depth > 32) return '[nested too deep]' as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[redactString(k)] = redactDeep(v, depth + 1);
  return out as T;
}

// Event fields the daemon itself fills (ids, times, kinds, numbers): everything else came from an agent,
// a hook payload or the system, and is redacted, whatever its name (session ids and hook event names too).
const OWN_FIELDS = new Set(['id', 'ts', 'source', 'kind', 'agent', 'attribution', 'pid', 'ppid', 'uid', 'procKey']);

/** A copy of the event with every field it observed redacted; the daemon's own fields are copied as they are. */
export function redactEvent<E extends object>(event: E): E {
  const out = { ...event } as Record<string, unknown>;
  for (const k of Object.keys(out)) if (!OWN_FIELDS.has(k) && out[k] !== undefined) out[k] = redactDeep(out[k]);
  return out as E;
}
