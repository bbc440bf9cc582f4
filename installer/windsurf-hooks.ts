// Windsurf's hooks.json (agents-and-configs.md §1.7): `{"hooks": {event: [{command, show_output}]}}` at the
// user (~/.codeium/windsurf/hooks.json) or system level (/etc/windsurf/hooks.json), merged and all run.
// Windsurf blocks only on exit code 2, which `agentwatch hook` never uses: these hooks observe.
import { flatHookFormat } from './flat-hooks.js';

export const WINDSURF_EVENTS = ['pre_user_prompt', 'pre_read_code', 'pre_write_code', 'post_write_code', 'pre_run_command', 'post_run_command', 'pre_mcp_tool_use', 'post_mcp_tool_use', 'post_cascade_response'] as const;

/** The install format (catalog `install` of windsurf). */
export const format = flatHookFormat({
  events: WINDSURF_EVENTS,
  entry: (command) => ({ command, show_output: false }),
  commandOf: (h) => h.command,
});
