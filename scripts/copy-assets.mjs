// Post-build: makes the compiled CLI executable (npm links dist/daemon/main.js as the `agentwatch`
// bin) and copies the built-in rule pack (YAML is not compiled by tsc) next to its loader in dist/.
import fs from 'node:fs';

fs.chmodSync(new URL('../dist/daemon/main.js', import.meta.url), 0o755);

const from = new URL('../detectors/rules/builtin/', import.meta.url);
const to = new URL('../dist/detectors/rules/builtin/', import.meta.url);
fs.rmSync(to, { recursive: true, force: true });
fs.mkdirSync(to, { recursive: true });
for (const name of fs.readdirSync(from)) {
  if (/\.ya?ml$/.test(name)) fs.copyFileSync(new URL(name, from), new URL(name, to));
}

// The file watcher's catalog of sensitive locations (collectors/file/watch-catalog.ts loads it).
fs.copyFileSync(new URL('../collectors/file/watch-catalog.yaml', import.meta.url), new URL('../dist/collectors/file/watch-catalog.yaml', import.meta.url));

// The agent catalog, MCP locations included (core/agents/catalog.ts loads it).
fs.mkdirSync(new URL('../dist/core/agents/', import.meta.url), { recursive: true });
fs.copyFileSync(new URL('../core/agents/catalog.yaml', import.meta.url), new URL('../dist/core/agents/catalog.yaml', import.meta.url));
