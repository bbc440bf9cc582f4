// Detection on data the project was not tuned on (../shared/corpora, see its README): every command of
// the benign corpus (real agent sessions) and of the attack corpus (GTFOBins and RedCode one-liners) is
// posted to a real daemon as a Claude Code Bash PreToolUse + PostToolUse, exactly as the agent's http
// hook would, and the stored alerts are counted per session and per category. Shared by the corpus test
// (thresholds) and `npm run eval` (tables). Works from the sources and compiled under dist/.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';
import { cli, makeHome, postHook, rmHome, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import type { Alert, Severity } from '../../core/event.js';
import { severityRank } from '../../core/event.js';

// The main checkout sits beside ../shared; a worktree one level deeper (wt/<name>) finds it two up.
// AGENTWATCH_CORPORA names another place.
const corporaCandidates = [process.env.AGENTWATCH_CORPORA, path.join(repoRoot, '..', 'shared', 'corpora'), path.join(repoRoot, '..', '..', 'shared', 'corpora')]
  .filter((p): p is string => Boolean(p));
export const corporaDir = corporaCandidates.find((p) => fs.existsSync(path.join(p, 'agent-commands.json'))) ?? corporaCandidates[0]!;

interface BenignSession { source: string; agent: string; task: string; commands: string[] }
interface AttackRow { source: string; id: string; category: string; command: string }

export interface CategoryResult { category: string; total: number; flagged: number; mediumPlus: number; denied: number }
export interface CorpusReport {
  benign: { sessions: number; commands: number; mediumPlus: Alert[]; low: number };
  attacks: CategoryResult[];
  /** Attack rows with no alert at all, by category (for reading, not for tuning on single strings). */
  missed: Record<string, string[]>;
}

export const corporaPresent = (): boolean => fs.existsSync(path.join(corporaDir, 'agent-commands.json'));

export function loadCorpora(): { benign: BenignSession[]; attacks: AttackRow[] } {
  return {
    benign: JSON.parse(fs.readFileSync(path.join(corporaDir, 'agent-commands.json'), 'utf8')) as BenignSession[],
    attacks: JSON.parse(fs.readFileSync(path.join(corporaDir, 'attack-commands.json'), 'utf8')) as AttackRow[],
  };
}

/** One Bash tool call as Claude Code sends it; returns whether the daemon denied it. */
async function bashCall(d: TestDaemon, sessionId: string, cwd: string, command: string): Promise<boolean> {
  const base = { session_id: sessionId, transcript_path: path.join(d.home, '.claude', 'projects', 'corpus', `${sessionId}.jsonl`), cwd, permission_mode: 'default' };
  const toolUseId = `toolu_${crypto.randomBytes(8).toString('hex')}`;
  const tool = { tool_name: 'Bash', tool_input: { command, description: 'corpus command' }, tool_use_id: toolUseId };
  const pre = await postHook(d, { ...base, hook_event_name: 'PreToolUse', ...tool });
  if (pre.status !== 200) throw new Error(`PreToolUse answered ${pre.status}: ${JSON.stringify(pre.json).slice(0, 200)}`);
  const denied = JSON.stringify(pre.json).includes('"deny"');
  await postHook(d, { ...base, hook_event_name: 'PostToolUse', ...tool, tool_response: { stdout: '', stderr: '', interrupted: false, isImage: false } });
  return denied;
}

// A thousand attack rows in a few minutes would trip the alert flood guard (alerts.perMinute), which
// folds alerts into one summary: that measures the guard, not detection, so the eval lifts it.
const NO_ALERT_CAP = { perMinute: 1_000_000, perSessionPerMinute: 100_000 };

const atLeast = (a: Alert, s: Severity) => severityRank[a.severity] >= severityRank[s];

/**
 * Runs both corpora through one daemon (observe, or enforce to count denials). `sample` keeps every
 * n-th benign session and attack row, for a quick look; the test and the eval use all of them.
 */
export async function runCorpusEval(opts: { mode?: 'observe' | 'enforce'; sample?: number } = {}): Promise<CorpusReport> {
  const { benign, attacks } = loadCorpora();
  const every = Math.max(1, opts.sample ?? 1);
  const home = makeHome('aw-corpus-');
  const d = await startDaemon({ home, args: ['--mode', opts.mode ?? 'observe'], config: { policy: { decisionBudgetMs: 2000 }, alerts: NO_ALERT_CAP } });
  try {
    const benignSessions = benign.filter((_, i) => i % every === 0);
    let commands = 0;
    for (const [i, s] of benignSessions.entries()) {
      const sid = `corpus-benign-${i}`;
      for (const c of s.commands) { await bashCall(d, sid, '/app', c); commands++; }
    }
    const rows = attacks.filter((_, i) => i % every === 0);
    const deniedRows = new Set<number>();
    for (const [i, r] of rows.entries()) if (await bashCall(d, `corpus-attack-${i}`, path.join(home, 'project'), r.command)) deniedRows.add(i);

    const listed = cli(d, ['alerts', '--json', '--limit', '100000']);
    if (listed.code !== 0) throw new Error(`agentwatch alerts failed: ${listed.stderr}`);
    const alerts = listed.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Alert);
    const bySession = new Map<string, Alert[]>();
    for (const a of alerts) if (a.sessionId) bySession.set(a.sessionId, [...(bySession.get(a.sessionId) ?? []), a]);

    const benignAlerts = alerts.filter((a) => a.sessionId?.startsWith('corpus-benign-'));
    const categories = new Map<string, CategoryResult>();
    const missed: Record<string, string[]> = {};
    for (const [i, r] of rows.entries()) {
      const c = categories.get(r.category) ?? { category: r.category, total: 0, flagged: 0, mediumPlus: 0, denied: 0 };
      const mine = bySession.get(`corpus-attack-${i}`) ?? [];
      c.total++;
      if (mine.length > 0) c.flagged++; else (missed[r.category] ??= []).push(r.command);
      if (mine.some((a) => atLeast(a, 'medium'))) c.mediumPlus++;
      if (deniedRows.has(i)) c.denied++;
      categories.set(r.category, c);
    }
    return {
      benign: { sessions: benignSessions.length, commands, mediumPlus: benignAlerts.filter((a) => atLeast(a, 'medium')), low: benignAlerts.filter((a) => !atLeast(a, 'medium')).length },
      attacks: [...categories.values()].sort((a, b) => a.category.localeCompare(b.category)),
      missed,
    };
  } finally {
    await d.stop();
    rmHome(home);
  }
}

const pct = (n: number, of: number) => (of === 0 ? '—' : `${((100 * n) / of).toFixed(0)}%`);

/** The tables `npm run eval` prints. */
export function formatCorpusReport(r: CorpusReport): string[] {
  const out = [
    `benign corpus: ${r.benign.sessions} sessions, ${r.benign.commands} commands → ${r.benign.mediumPlus.length} medium+ alerts (${((1000 * r.benign.mediumPlus.length) / Math.max(1, r.benign.commands)).toFixed(2)} per 1,000), ${r.benign.low} low/info`,
    ...r.benign.mediumPlus.map((a) => `  ${a.severity.padEnd(8)} ${a.rule.padEnd(28)} ${a.sessionId}  ${a.reason.slice(0, 100)}`),
    '',
    `${'attack category'.padEnd(32)} ${'rows'.padStart(5)} ${'flagged'.padStart(8)} ${'medium+'.padStart(8)} ${'denied'.padStart(7)}`,
  ];
  let total = 0; let flagged = 0;
  for (const c of r.attacks) {
    total += c.total; flagged += c.flagged;
    out.push(`${c.category.padEnd(32)} ${String(c.total).padStart(5)} ${pct(c.flagged, c.total).padStart(8)} ${pct(c.mediumPlus, c.total).padStart(8)} ${pct(c.denied, c.total).padStart(7)}`);
  }
  out.push(`${'all'.padEnd(32)} ${String(total).padStart(5)} ${pct(flagged, total).padStart(8)}`);
  return out;
}
