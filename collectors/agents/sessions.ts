// Ties agent processes to sessions from what the agents leave on disk. Parsers are pure; the readers
// are thin and best effort (the process may be gone, or not ours to read).
//  - Claude Code 2.1.197 writes ~/.claude/sessions/<pid>.json ({pid, sessionId, cwd, procStart, …}) while
//    a session runs; procStart is /proc's starttime, so the file names exactly this process (not a reused
//    pid). It does not keep its transcript open (checked on the real binary), so fds do not help there.
//  - Codex keeps its rollout file open: …/sessions/YYYY/MM/DD/rollout-<ts>-<uuid>.jsonl.
import fs from 'node:fs';
import path from 'node:path';
import type { AgentKind } from '../../core/event.js';
import { ProcessTable } from '../proc/process-table.js';

const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** ~/.claude/sessions/<pid>.json → the procKey it belongs to and its session id. */
export function parseClaudeSessionFile(text: string): { procKey: string; sessionId: string; cwd?: string } | undefined {
  let j: unknown;
  try { j = JSON.parse(text); } catch { return undefined; }
  if (!j || typeof j !== 'object') return undefined;
  const { pid, sessionId, procStart, cwd } = j as Record<string, unknown>;
  if (typeof pid !== 'number' || typeof sessionId !== 'string' || !SANE_ID.test(sessionId)) return undefined;
  const start = typeof procStart === 'string' || typeof procStart === 'number' ? String(procStart) : '?';
  return { procKey: `${pid}:${start}`, sessionId, ...(typeof cwd === 'string' ? { cwd } : {}) };
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TRANSCRIPTS: [AgentKind, RegExp][] = [
  ['claude-code', new RegExp(`/projects/[^/]+/(${UUID})\\.jsonl$`)],
  ['codex', new RegExp(`/sessions/\\d{4}/\\d{2}/\\d{2}/rollout-[^/]*-(${UUID})\\.jsonl$`)],
];

/** The session id in the path of a transcript file the agent holds open, if it is one. */
export function sessionIdFromOpenFile(agent: AgentKind, file: string): string | undefined {
  for (const [a, re] of TRANSCRIPTS) if (a === agent) return re.exec(file)?.[1];
  return undefined;
}

/** HOME and CLAUDE_CONFIG_DIR of a live process (Linux), for where its agent keeps session files. */
export function readAgentDirs(pid: number, procs: ProcessTable = new ProcessTable(), procKey?: string): { home?: string; claudeConfigDir?: string } {
  const env = procs.environ(pid, procKey);
  return env ? { home: env.get('HOME'), claudeConfigDir: env.get('CLAUDE_CONFIG_DIR') } : {};
}

/** Session ids an agent process is known by from its files: Claude's sessions/<pid>.json, open transcripts. */
export function sessionHintsFor(agent: AgentKind, pid: number, procKey: string, fallbackHome: string, procs: ProcessTable = new ProcessTable()): string[] {
  const ids = new Set<string>();
  if (agent === 'claude-code') {
    const dirs = readAgentDirs(pid, procs, procKey);
    const base = dirs.claudeConfigDir ?? path.join(dirs.home ?? fallbackHome, '.claude');
    try {
      const hit = parseClaudeSessionFile(fs.readFileSync(path.join(base, 'sessions', `${pid}.json`), 'utf8'));
      if (hit && (hit.procKey === procKey || hit.procKey.endsWith(':?'))) ids.add(hit.sessionId);
    } catch { /* no session file: not started yet, or another layout */ }
  }
  // Open files (not Linux, gone, or not ours: none).
  for (const target of procs.fdTargets(pid)) {
    const id = sessionIdFromOpenFile(agent, target);
    if (id) ids.add(id);
  }
  return [...ids];
}
