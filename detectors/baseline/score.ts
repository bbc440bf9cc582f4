// Scores one event against its agent×project baseline and advances the session's trace. Pure: the
// model, the allowance and the trace come in, a new trace and the deviations (named) go out.
import type { Event } from '../../core/event.js';
import type { EventFacts } from '../facts.js';
import type { BaselineConfig } from './config.js';
import type { Allowance } from './allowance.js';
import { addDistinct, minuteOf, type BaselineModel, type SessionTrace } from './model.js';
import { tokenizeEvent } from './tokenize.js';
import { countMismatches, judgeWindow, ngramsEnding, pushFrame, showNgram } from './ngram.js';
import { spreadOf, thresholdOf, type Spread } from './rates.js';
import { displayPath } from '../paths.js';

export type DeviationKind = 'host' | 'exe' | 'class' | 'mcp' | 'token' | 'sequence' | 'outside-reads' | 'rate';

export interface Deviation {
  kind: DeviationKind;
  /** Said once per session: `host:1.2.3.4`, `sequence`, `outside-reads` … */
  id: string;
  /** The clause a reason leads with: "first connection from claude-code to 1.2.3.4 after 25 sessions in /p". */
  phrase: string;
  /** The clause a later reason adds: "contacted 1.2.3.4 for the first time". */
  context: string;
  /** Allowance items an acknowledgement folds in. */
  items: string[];
}

export interface ScoreInput {
  event: Event;
  facts: EventFacts;
  home: string;
  model: BaselineModel;
  allow: Allowance;
  trace: SessionTrace;
  /** Still learning: the trace advances, nothing is judged. */
  learning: boolean;
  cfg: BaselineConfig;
}

// Tokens whose first appearance is already said by an item (a new exe, host or path class).
const SAID_BY_ITEM = /^(EXEC_(?!DOWNLOAD)|NET_EGRESS_|READ_SECRET|WRITE_AGENT_CONFIG|WRITE_PERSISTENCE|MCP_TOOL)/;

export function scoreEvent(inp: ScoreInput): { trace: SessionTrace; deviations: Deviation[] } {
  const { event, facts, model, allow, cfg, home } = inp;
  const t: SessionTrace = { ...inp.trace, lastTs: event.ts > inp.trace.lastTs ? event.ts : inp.trace.lastTs };
  const judge = !inp.learning && !t.silenced;
  const devs: Deviation[] = [];
  const raise = (d: Deviation) => { if (!t.raised.includes(d.id) && !devs.some((x) => x.id === d.id)) devs.push(d); };
  const after = `after ${model.sessions} sessions in ${t.project}`;

  const minute = minuteOf(event.ts);
  if (minute !== t.minute) {
    if (t.minuteCount > 0) t.minuteCounts = [...t.minuteCounts, t.minuteCount].slice(-120);
    Object.assign(t, { minute, minuteCount: 0 });
  }
  t.minuteCount += 1;
  if (judge) {
    const { rateLimit, rates: s } = limitsOf(model, cfg);
    if (t.minuteCount > rateLimit && t.minuteCount > allow.minuteRate) {
      raise({ kind: 'rate', id: 'rate', items: [`rate:${t.minuteCount}`], context: `ran at ${t.minuteCount} events a minute`,
        phrase: `${t.minuteCount} events in one minute from this ${t.agent} session, where its sessions in ${t.project} usually have ${s.median} (MAD ${s.mad})` });
    }
  }

  const toks = tokenizeEvent({ event, facts, project: t.project, home, knownHost: (h) => (model.items[`host:${h}`] ?? 0) > 0 || t.hosts.includes(h) });
  for (const tok of toks.tokens) {
    if (judge && !SAID_BY_ITEM.test(tok) && !(model.tokens[tok] ?? 0) && !allow.items.has(`tok:${tok}`)) {
      raise({ kind: 'token', id: `tok:${tok}`, items: [`tok:${tok}`], context: `did ${tok} for the first time`, phrase: `first ${tok} by ${t.agent} ${after}` });
    }
    t.tokens = addDistinct(t.tokens, [tok]);
    if (t.recent[t.recent.length - 1] === tok) continue;
    t.recent = [...t.recent, tok].slice(-cfg.ngram.max);
    t.ngrams = addDistinct(t.ngrams, ngramsEnding(t.recent, cfg.ngram.max));
    if (!judge) continue;
    const v = judgeWindow(t.recent, model, allow, cfg.ngram);
    if (!v.judged) continue;
    t.frame = pushFrame(t.frame, v.mismatch, cfg.ngram.frame);
    if (v.novel !== undefined) t.mismatched = addDistinct(t.mismatched, [v.novel], 50);
    const k = countMismatches(t.frame);
    if (v.novel !== undefined && k >= cfg.ngram.mismatches) {
      raise({ kind: 'sequence', id: 'sequence', items: t.mismatched.slice(-20).map((n) => `seq:${n}`), context: `ran the unseen sequence ${showNgram(v.novel)}`,
        phrase: `${showNgram(v.novel)} never seen for ${t.agent} in ${t.project} (${k} of the last ${t.frame.length} action windows were unusual)` });
    }
  }

  for (const item of toks.items) {
    if (!judge || (model.items[item] ?? 0) > 0 || allow.items.has(item)) continue;
    raise(itemDeviation(item, t.agent, after));
  }
  t.items = addDistinct(t.items, toks.items);
  t.hosts = addDistinct(t.hosts, toks.hosts);
  t.outsidePaths = addDistinct(t.outsidePaths, toks.outsideReads);
  if (judge && toks.outsideReads.length > 0) {
    const n = t.outsidePaths.length;
    const { outsideLimit, outside } = limitsOf(model, cfg);
    if (n > outsideLimit && n > allow.outsideReads) {
      const usual = outside.median;
      raise({ kind: 'outside-reads', id: 'outside-reads', items: [`outside-reads:${n}`], context: '',
        phrase: `this ${t.agent} session read ${n} files outside ${t.project} (${outsideExamples(t, home)}), where its sessions there usually read ${usual}` });
    }
  }
  return { trace: t, deviations: devs.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind)) };
}

// What a reason leads with: the concrete novelty first, the statistical signals after it.
const ORDER: DeviationKind[] = ['host', 'exe', 'class', 'mcp', 'outside-reads', 'token', 'sequence', 'rate'];

// Models are immutable (a fold makes a new one), so their thresholds are computed once per model.
const LIMITS = new WeakMap<BaselineModel, { of: BaselineConfig['rates']; rateLimit: number; rates: Spread; outsideLimit: number; outside: Spread }>();

function limitsOf(model: BaselineModel, cfg: BaselineConfig) {
  let l = LIMITS.get(model);
  if (l === undefined || l.of !== cfg.rates) {
    l = { of: cfg.rates,
      rateLimit: thresholdOf(model.minuteRates, cfg.rates.madK, cfg.rates.minEventsPerMinute), rates: spreadOf(model.minuteRates),
      outsideLimit: thresholdOf(model.outsideReads, cfg.rates.madK, cfg.rates.minOutsideReads), outside: spreadOf(model.outsideReads),
    };
    LIMITS.set(model, l);
  }
  return l;
}

function itemDeviation(item: string, agent: string, after: string): Deviation {
  const [kind, ...rest] = item.split(':');
  const what = rest.join(':');
  switch (kind) {
    case 'host': return { kind: 'host', id: item, items: [item], context: `contacted ${what} for the first time`, phrase: `first connection from ${agent} to ${what} ${after}` };
    case 'exe': return { kind: 'exe', id: item, items: [item], context: `ran ${what} for the first time`, phrase: `first run of ${what} by ${agent} ${after}` };
    case 'mcp': return { kind: 'mcp', id: item, items: [item], context: `used ${what} for the first time`, phrase: `first use of MCP tool ${what} by ${agent} ${after}` };
    default: return { kind: 'class', id: item, items: [item], context: `touched ${what} files for the first time`, phrase: `first access by ${agent} to ${what} files ${after}` };
  }
}

/** "/etc/hosts, ~/.ssh/config, /etc/passwd …": the latest outside-project reads, as a developer writes them. */
export function outsideExamples(t: SessionTrace, home: string): string {
  const shown = t.outsidePaths.slice(-3).map((p) => displayPath(p, home));
  return shown.join(', ') + (t.outsidePaths.length > 3 ? ' …' : '');
}
