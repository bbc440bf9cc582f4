// A real terminal for TUI tests: a detached tmux session of a given size on a private socket (its own
// server, killed at close). `screen()` is what a person sees (capture-pane), `raw()` every byte the
// program wrote (pipe-pane), so a test can check both the picture and the escape sequences behind it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const hasTmux = spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;

export interface Terminal {
  screen(): string;
  raw(): string;
  keys(...keys: string[]): void;
  /** Whether the program still runs (its pane closes when it exits). */
  alive(): boolean;
  waitFor(pred: (screen: string) => boolean, ms?: number, what?: string): Promise<string>;
  close(): void;
}

let n = 0;

/** Runs `argv` in a cols×rows terminal with exactly `env` (plus TERM). */
export function openTerminal(argv: string[], env: NodeJS.ProcessEnv, cols = 80, rows = 24): Terminal {
  const socket = `aw-test-${process.pid}-${n++}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aw-tmux-'));
  const rawFile = path.join(dir, 'raw');
  fs.writeFileSync(rawFile, '');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const tmux = (...args: string[]) => {
    const r = spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: { ...env, TERM: 'xterm-256color' } });
    if (r.status !== 0) throw new Error(`tmux ${args[0]}: ${r.stderr.trim()}`);
    return r.stdout;
  };
  // The pause lets pipe-pane attach before the program writes its first frame.
  tmux('new-session', '-d', '-s', 't', '-x', String(cols), '-y', String(rows), `sleep 0.3; exec ${argv.map(quote).join(' ')}`);
  tmux('pipe-pane', '-t', 't', '-o', `cat >> ${quote(rawFile)}`);
  const term: Terminal = {
    screen: () => tmux('capture-pane', '-t', 't', '-p'),
    raw: () => fs.readFileSync(rawFile, 'utf8'),
    keys: (...keys) => { tmux('send-keys', '-t', 't', ...keys); },
    alive: () => { try { tmux('has-session', '-t', 't'); return true; } catch { return false; } },
    waitFor: async (pred, ms = 20_000, what = 'the expected screen') => {
      const until = Date.now() + ms;
      let last = '';
      while (Date.now() < until) {
        try { last = term.screen(); } catch { last = ''; /* the program exited: the pane is gone */ }
        if (pred(last)) return last;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`terminal did not show ${what} within ${ms} ms; screen:\n${last}`);
    },
    close: () => {
      try { tmux('kill-server'); } catch { /* already gone */ }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return term;
}
