// MCP servers published by the vendor they speak for, or by the protocol's own project: an agent adding one of these
// to a project's config is setting up a tool the developer likely asked for (Playwright for browser tests, a
// vendor's own server for its API). Still a change to what the agent may do in every later session, so asked
// about (medium, blockable); anything else (an unknown package, a local script, a URL of an unknown host) is high.
// By exact package, npm scope or image name, so a lookalike (`@modeIcontextprotocol/…`) is not one of them.

/** npm scopes and packages (run by npx, pnpm dlx, bunx), PyPI packages (uvx, pipx run), container images. */
const PACKAGES: readonly string[] = [
  '@modelcontextprotocol/', '@playwright/mcp', '@upstash/context7-mcp', '@microsoft/', '@azure/mcp', '@stripe/mcp', '@sentry/mcp-server',
  '@cloudflare/', '@supabase/mcp-server-supabase', '@notionhq/notion-mcp-server', '@browserbasehq/mcp', '@heroku/mcp-server', '@vercel/',
  '@shopify/dev-mcp', '@neondatabase/mcp-server-neon', '@hubspot/mcp-server', '@atlassian/', '@figma/', '@linear/',
  'mcp-server-fetch', 'mcp-server-git', 'mcp-server-time', 'mcp-server-sqlite', 'awslabs.', 'ghcr.io/github/github-mcp-server', 'mcp/',
];
/** Remote servers run by the vendor itself. */
const HOSTS = /^https:\/\/(mcp\.(notion\.com|sentry\.dev|linear\.app|atlassian\.com|stripe\.com|vercel\.com|asana\.com|paypal\.com|intercom\.com|cloudflare\.com|supabase\.com|neon\.tech)|api\.githubcopilot\.com|docs\.mcp\.cloudflare\.com)(\/|$)/;
const RUNNERS = new Set(['npx', 'bunx', 'uvx', 'pnpm dlx', 'pipx run', 'docker']);

export interface McpLaunch { command?: string; args?: readonly string[]; url?: string }

/** The package, module or image a launch runs, if it runs one through a package runner. */
function packageOf(l: McpLaunch): string | undefined {
  const command = (l.command ?? '').split('/').pop() ?? '';
  const args = (l.args ?? []).filter((a) => typeof a === 'string');
  const words = command === 'pnpm' || command === 'pipx' ? args.slice(1) : args;
  const runner = command === 'pnpm' || command === 'pipx' ? `${command} ${args[0] ?? ''}` : command;
  if (!RUNNERS.has(runner)) return undefined;
  // `docker run -i --rm -e TOKEN image`: the image is the first word that is no option or option value.
  if (runner === 'docker') return words[0] === 'run' ? words.slice(1).find((w, i, all) => !w.startsWith('-') && !/^-(e|v|p|-env|-name|-network)$/.test(all[i - 1] ?? '')) : undefined;
  const pkg = words.find((w) => !w.startsWith('-'));
  return pkg?.replace(/(?<=.)@[^@/]*$/, '').replace(/==.*$/, ''); // `@latest`, `@1.2.3`, `==1.0` dropped
}

export function isKnownMcpLaunch(l: McpLaunch): boolean {
  if (l.url !== undefined) return HOSTS.test(l.url);
  const pkg = packageOf(l)?.replace(/:[\w.-]+$/, ''); // an image's tag
  return pkg !== undefined && PACKAGES.some((p) => (p.endsWith('/') || p.endsWith('.') ? pkg.startsWith(p) : pkg === p));
}
