// One line of `agentwatch doctor`: what was checked, how it stands, and — when it is a problem — what to do.
// `fail` lines make doctor exit non-zero; `warn` lines are worth knowing but not wrong; `skip`: not checkable here.
export interface Check {
  check: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  message: string;
  /** The agent a hook check is about. */
  agent?: string;
}
