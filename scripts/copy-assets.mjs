// Makes the compiled CLI executable (npm links dist/daemon/main.js as the `agentwatch` bin).
import fs from 'node:fs';
fs.chmodSync(new URL('../dist/daemon/main.js', import.meta.url), 0o755);
