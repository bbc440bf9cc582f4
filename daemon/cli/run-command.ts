// `agentwatch run [--agent KIND] -- <command…>`: the command runs in a pseudo-terminal, its environment
// stamped with a session id (AGENTWATCH_SESSION_ID) that ties its whole process tree to one session even
// when it has no hooks; the terminal is recorded (asciicast v2, redacted) next to the session's events;
// the daemon, when it runs, logs session.start/session.end around the OS events. Exits as the command did.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SUPERVISED_SESSION_PREFIX } from '../../core/event.js';
import { agentKinds, isAgentKind } from '../../core/agents/catalog.js';
import { AgentwatchError } from '../../core/errors.js';
import { redactString } from '../../core/redact.js';
import { ensureStateDir } from '../state-dir.js';
import { ProcFs } from '../../collectors/proc/procfs.js';
import { procKeyOf } from '../../collectors/proc/record.js';
import { stampOf } from '../../core/agents/stamp.js';
import { guessAgent } from '../supervise/agent-guess.js';
import { CastWriter, castPathOf } from '../supervise/cast-writer.js';
import { findDaemon, postSession, type DaemonLink } from '../supervise/daemon-client.js';
import { startPty, terminalSize, type PtyExit } from '../supervise/pty-session.js';
import type { PtySessionBody } from '../supervise/session-event.js';
import { stateDirOf, type CommonArgs } from './options.js';

export interface RunArgs extends CommonArgs { agent?: string; quiet?: boolean; '--'?: (string | number)[] }

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
const say = (line: string) => process.stderr.write(`agentwatch: ${line}\n`);

/** Whether `name` is an executable file, as a path or on PATH (the pty would only say "execvp failed"). */
function isRunnable(name: string, envPath = process.env.PATH ?? ''): boolean {
  const runnable = (f: string) => { try { fs.accessSync(f, fs.constants.X_OK); return fs.statSync(f).isFile(); } catch { return false; } };
  return name.includes('/') ? runnable(name) : envPath.split(path.delimiter).filter(Boolean).some((d) => runnable(path.join(d, name)));
}

/**
 * Waits (≤1 s, or until the command is gone) for the child to have exec'd with our stamp in its environment,
 * so the daemon, reading it from /proc, ties session.start to the session; and its identity (pid:starttime),
 * so session.end finds the same process after it is gone.
 */
async function stampedKey(pid: number, sessionId: string, gone: () => boolean): Promise<string | undefined> {
  const proc = new ProcFs();
  if (!proc.available()) return undefined; // no procfs (macOS): the daemon attributes by pid
  for (let i = 0; i < 100 && !gone(); i++) {
    const env = proc.environ(pid); // read again each time: the stamp appears only once the child has exec'd
    if (env && stampOf(env)?.sessionId === sessionId) return procKeyOf(pid, proc.stat(pid)?.startTicks);
    await new Promise((r) => setTimeout(r, 10));
  }
  return undefined;
}

function openCast(file: string, argv: string[]): CastWriter | undefined {
  const { cols, rows } = terminalSize();
  try {
    return CastWriter.open(file, {
      width: cols, height: rows, timestamp: Date.now() / 1000,
      env: { TERM: process.env.TERM, SHELL: process.env.SHELL }, title: redactString(argv.join(' ')),
    });
  } catch (err) {
    say(`not recording the terminal: ${(err as Error).message}`);
    return undefined;
  }
}

export async function runCommand(args: RunArgs): Promise<void> {
  const argv = (args['--'] ?? []).map(String);
  if (argv.length === 0) throw new AgentwatchError('AW_ERR_ARGS', 'name the agent command after --, e.g. agentwatch run -- claude');
  if (args.agent !== undefined && !isAgentKind(args.agent)) throw new AgentwatchError('AW_ERR_ARGS', `--agent "${args.agent}" is not one of: ${agentKinds().join(', ')}`);
  if (!isRunnable(argv[0]!)) { say(`command not found: ${argv[0]}`); process.exitCode = 127; return; }
  const agent = args.agent ?? guessAgent(argv);
  const sessionId = `${SUPERVISED_SESSION_PREFIX}${crypto.randomUUID()}`;
  const stateDir = stateDirOf(args);
  ensureStateDir(stateDir);
  const cast = openCast(castPathOf(stateDir, sessionId), argv);
  const link: DaemonLink | undefined = findDaemon(stateDir, args.port);
  if (!args.quiet) say(`session ${sessionId} (recording to ${cast?.file ?? 'nothing'})`);
  if (!link) say(`no daemon is running on state dir ${stateDir}: this session's events are not being recorded (start it with: agentwatch daemon)`);

  const cwd = process.cwd();
  const session = startPty({
    file: argv[0]!, args: argv.slice(1), cwd, // as typed: the pty looks it up in PATH, and argv[0] stays what the user wrote
    env: { ...process.env, AGENTWATCH_SESSION_ID: sessionId, AGENTWATCH_AGENT: agent },
    onOutput: (d) => { process.stdout.write(d); cast?.output(d); },
    onResize: (c, r) => cast?.resize(c, r),
  });
  const forward = (s: NodeJS.Signals) => session.kill(s);
  for (const s of FORWARDED) process.on(s, forward);

  let gone = false;
  void session.exited.then(() => { gone = true; });
  const base = { sessionId, agent, pid: session.pid, cwd } as const;
  const started = link && stampedKey(session.pid, sessionId, () => gone).then((procKey) => {
    const body: PtySessionBody = { ...base, kind: 'session.start', argv, ...(procKey ? { procKey } : {}), ...(cast ? { cast: cast.file } : {}) };
    return postSession(link, body).then((why) => { if (why) say(`the daemon did not take the session start (${why}); events may not be recorded`); return procKey; });
  });

  const exit: PtyExit = await session.exited;
  cast?.close();
  if (cast?.error) say(`the recording stopped early: ${cast.error.message}`);
  if (link && started) {
    const procKey = await started;
    await postSession(link, { ...base, kind: 'session.end', ...(procKey ? { procKey } : {}), exitCode: exit.exitCode, ...(exit.signal ? { signal: exit.signal } : {}) });
  }
  for (const s of FORWARDED) process.off(s, forward);
  process.exitCode = exit.signal ? 128 + os.constants.signals[exit.signal] : exit.exitCode;
  if (exit.signal) process.kill(process.pid, exit.signal); // die the way the command died
}
