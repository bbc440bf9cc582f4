// Runs one command in a pseudo-terminal and passes the user's terminal through unchanged: raw stdin
// when it is a TTY (so Ctrl-C, arrows and the agent's own key handling reach the agent), window size
// changes forwarded, piped stdin forwarded with an EOF (^D) at its end, output written as it comes.
import os from 'node:os';
import pty from 'node-pty';

export interface PtyExit { exitCode: number; signal?: NodeJS.Signals }

export interface PtySession {
  pid: number;
  exited: Promise<PtyExit>;
  /** Forwards a signal to the command (SIGTERM/SIGHUP sent to `agentwatch run` itself). */
  kill(signal: NodeJS.Signals): void;
}

export interface PtyOptions {
  file: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  onOutput: (data: string) => void;
  onResize: (cols: number, rows: number) => void;
}

const signalName = (n: number): NodeJS.Signals | undefined =>
  (Object.entries(os.constants.signals).find(([, v]) => v === n)?.[0] as NodeJS.Signals | undefined);

export function terminalSize(): { cols: number; rows: number } {
  const out = process.stdout;
  return out.isTTY && out.columns > 0 && out.rows > 0 ? { cols: out.columns, rows: out.rows } : { cols: 80, rows: 24 };
}

/** Starts the command; the caller's terminal is restored when the command exits. */
export function startPty(opts: PtyOptions): PtySession {
  const { cols, rows } = terminalSize();
  const term = pty.spawn(opts.file, opts.args, {
    name: opts.env.TERM ?? 'xterm-256color', cols, rows, cwd: opts.cwd, env: opts.env as Record<string, string>,
  });
  const stdin = process.stdin;
  const wasRaw = stdin.isTTY ? stdin.isRaw : false;
  if (stdin.isTTY) stdin.setRawMode(true);
  const onInput = (d: Buffer | string) => term.write(typeof d === 'string' ? d : d.toString('utf8'));
  // Piped input: the pty's line discipline turns ^D at the start of a line into end-of-file for the command.
  const onEnd = () => term.write('\x04');
  stdin.on('data', onInput);
  if (!stdin.isTTY) stdin.once('end', onEnd);
  stdin.resume();
  // The user's terminal changed size (SIGWINCH, which node turns into 'resize' once it has re-read the size).
  const onWinch = () => {
    const size = terminalSize();
    term.resize(size.cols, size.rows);
    opts.onResize(size.cols, size.rows);
  };
  process.stdout.on('resize', onWinch);
  const output = term.onData((d) => opts.onOutput(d));
  const exited = new Promise<PtyExit>((resolve) => {
    term.onExit(({ exitCode, signal }) => {
      output.dispose();
      process.stdout.off('resize', onWinch);
      stdin.off('data', onInput);
      stdin.off('end', onEnd);
      if (stdin.isTTY) stdin.setRawMode(wasRaw);
      stdin.pause();
      const name = signal ? signalName(signal) : undefined;
      resolve({ exitCode, ...(name ? { signal: name } : {}) });
    });
  });
  return { pid: term.pid, exited, kill: (signal) => { try { term.kill(signal); } catch { /* already gone */ } } };
}
