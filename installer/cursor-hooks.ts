// Cursor's hooks.json (agents-and-configs.md §1.3): `{"version": 1, "hooks": {event: [entry]}}` with flat
// entries running `agentwatch hook cursor`. `timeout` is in seconds; Cursor fails open by default (no
// `failClosed`), which is what a monitor wants.
import { flatHookFormat } from './flat-hooks.js';

export const CURSOR_EVENTS = ['sessionStart', 'sessionEnd', 'beforeSubmitPrompt', 'preToolUse', 'postToolUse', 'postToolUseFailure', 'stop'] as const;
export const CURSOR_TIMEOUT_S = 10;

/** The install format (catalog `install` of cursor). */
export const format = flatHookFormat({
  events: CURSOR_EVENTS,
  entry: (command) => ({ command, timeout: CURSOR_TIMEOUT_S }),
  commandOf: (h) => h.command,
  header: { version: 1 },
});
