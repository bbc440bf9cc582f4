// A git hook whose every line runs the project's own checks (`npm run lint`, `npx lint-staged`, `make test`,
// `cargo clippy`): what husky and pre-commit install, written by hand into .git/hooks. It runs on each commit, but
// what it runs is the project's, as `npm test` run by the agent is. Anything else on a line (a download, a pipe, a
// substitution, a path outside the project's tools, a background job) leaves the hook a hook.
import type { EventFacts, WriteFact } from './facts.js';

const RUNNERS = String.raw`(?:npm|pnpm|yarn|bun)(?:\s+run)?\s+[\w:.-]{1,64}(?:\s+--?[\w-]{1,40})*`;
const TOOLS = String.raw`npx\s+(?:--no(?:-install)?\s+)?(?:lint-staged|eslint|prettier|tsc|commitlint|vitest|jest)(?:\s+[\w./:=-]{1,80})*`;
const BUILDS = String.raw`make\s+[\w-]{1,40}|go\s+(?:test|vet|build)(?:\s+[\w./-]{1,80})*|cargo\s+(?:test|fmt|clippy|check)(?:\s+--?[\w-]{1,40})*|(?:python3?\s+-m\s+)?(?:pytest|ruff(?:\s+check)?|black|mypy|flake8)(?:\s+[\w./=-]{1,80})*|gofmt\s+-l\s+\.|golangci-lint\s+run`;
const CHECK_LINE = new RegExp(String.raw`^(?:exec\s+)?(?:${RUNNERS}|${TOOLS}|${BUILDS})(?:\s*(?:&&|\|\|)\s*exit\s+1)?\s*$`);
/** Lines that are no command: a comment, the shebang, `set -e`, husky's own loader. */
const INERT = /^(?:#.*|set\s+-[eux]+|\.\s+"\$\(dirname\s+--?\s+"\$0"\)\/_\/husky\.sh")?$/;

/** Whether `text` only runs the project's own checks (and runs at least one). */
export function runsOnlyProjectChecks(text: string): boolean {
  let checks = 0;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (INERT.test(line)) continue;
    if (line.length > 300 || !CHECK_LINE.test(line)) return false;
    checks++;
  }
  return checks > 0;
}

/** The hook's text as this event writes it: a Write's content, or what a shell line prints into the file. */
export function hookText(w: WriteFact, written: EventFacts['textWritten']): string | undefined {
  if (w.oldContent !== undefined) return undefined; // an Edit's fragment is not the whole hook
  return w.content ?? written?.find((t) => t.path === w.path && t.append !== true)?.text;
}
