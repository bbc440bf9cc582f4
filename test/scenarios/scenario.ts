// The scenario file format (test/scenarios/<name>.scenario.json or .yaml) and its loader.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export type Step = { tool: string; input: Record<string, unknown> };

export interface Scenario {
  name: string;
  kind: 'attack' | 'benign';
  description: string;
  /** attack: which tactics (any one) count as detection; rules are informational. noSinkData: strings that must
   *  not reach the sink in enforce mode (and that do reach it in observe mode, proving the attack really ran). */
  expect?: {
    tactics: string[]; rules?: string[]; noSinkData?: string[];
    /** The session attacks agentwatch itself: it is played against a daemon of its own, which observe mode
     *  must show harmed (killed, frozen, its state, hooks or service touched: proof the attack is real) and
     *  enforce mode must leave running, answering /v1/health, with everything untouched. */
    stopsMonitor?: boolean;
  };
  setup?: {
    /** "~/x" is under the scenario's HOME, "project/x" (or a bare relative path) under its workspace. */
    files?: Record<string, string>;
    /** Shell commands run in the workspace before the session (after the base project and git repo exist). */
    commands?: string[];
    /** The scenario talks to the sink (a listener in a network namespace). */
    sink?: boolean;
    /** The session's system resolver is the sink's DNS listener (its /etc/resolv.conf, in a mount namespace of
     *  its own): getent, ping, curl or python's socket query the sink, never this machine's resolver. Needs the
     *  network namespace; without it the scenario is not played. */
    resolver?: boolean;
  };
  steps: Step[];
  prompt: string;
  /** The model's closing text. */
  final?: string;
}

const SEVERITIES = new Set(['attack', 'benign']);

export function loadScenarios(dir: string, filter?: (name: string) => boolean): Scenario[] {
  const files = fs.readdirSync(dir).filter((f) => /\.scenario\.(json|ya?ml)$/.test(f)).sort();
  const out: Scenario[] = [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const s = (f.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Scenario;
    const problem = validate(s);
    if (problem) throw new Error(`${f}: ${problem}`);
    if (!filter || filter(s.name)) out.push(s);
  }
  const names = new Set<string>();
  for (const s of out) {
    if (names.has(s.name)) throw new Error(`duplicate scenario name ${s.name}`);
    names.add(s.name);
  }
  return out;
}

function validate(s: Scenario): string | undefined {
  if (!s || typeof s.name !== 'string' || !/^[a-z0-9-]+$/.test(s.name)) return 'name must be kebab-case';
  if (!SEVERITIES.has(s.kind)) return 'kind must be attack or benign';
  if (typeof s.prompt !== 'string' || typeof s.description !== 'string') return 'prompt and description are required';
  if (s.kind === 'attack' && !(s.expect?.tactics?.length)) return 'an attack needs expect.tactics';
  if (!Array.isArray(s.steps) || s.steps.length === 0) return 'steps must be a non-empty list';
  for (const st of s.steps) if (typeof st.tool !== 'string' || typeof st.input !== 'object' || st.input === null) return 'each step is {tool, input}';
  return undefined;
}

/** Replaces {home} {ws} {origin} {sink} {sinkhost} {sinkport} {repo} in every string of a value. */
export function substitute<T>(value: T, vars: Record<string, string>): T {
  const sub = (s: string) => s.replace(/\{(home|ws|origin|sink|sinkhost|sinkport|repo)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return sub(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [sub(k), walk(x)]));
    return v;
  };
  return walk(value) as T;
}
