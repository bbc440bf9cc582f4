// GitHub Copilot CLI's ~/.copilot/settings.json `hooks` (agents-and-configs.md §1.6.4): flat entries
// `{type: "command", bash, timeoutSec}` running `agentwatch hook copilot-cli`. The events are named in
// PascalCase so the payloads come in the VS Code-compatible snake_case dialect. Failures are fail-open.
import { flatHookFormat } from './flat-hooks.js';

export const COPILOT_EVENTS = ['SessionStart', 'SessionEnd', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Stop'] as const;
export const COPILOT_TIMEOUT_S = 10;

/** The install format (catalog `install` of copilot-cli). */
export const format = flatHookFormat({
  events: COPILOT_EVENTS,
  entry: (command) => ({ type: 'command', bash: command, timeoutSec: COPILOT_TIMEOUT_S }),
  commandOf: (h) => h.bash,
});
