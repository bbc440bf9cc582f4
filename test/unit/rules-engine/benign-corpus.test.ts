// Everyday agent actions must not trip any built-in rule: the false-positive guard for the pack.
import { describe, expect, it } from 'vitest';
import { loadRulePack } from '../../../detectors/rules/pack.js';
import { factsOf } from '../../../detectors/facts.js';
import { newSessionState } from '../../../detectors/session-state.js';
import { EXAMPLE_CTX, exampleEvent } from '../../../detectors/rules/engine/examples.js';

const builtinPack = loadRulePack();

const COMMANDS = [
  'npm install', 'npm ci && npm test', 'npm run build', 'npx tsc --noEmit', 'pnpm add -D vitest', 'yarn test --watch=false',
  'pip install -r requirements.txt', 'python -m pytest -q', 'cargo build --release', 'cargo test', 'go test ./...',
  'git status', 'git diff --stat', 'git add -A && git commit -m "fix: handle empty input"', 'git push origin feature/login',
  'git push -u origin HEAD', 'git pull --rebase origin main', 'git checkout -b fix/typo', 'git log --oneline -20', 'git stash pop',
  'git reset --soft HEAD~1', 'git rebase -i HEAD~3', 'git fetch --all --prune',
  'rm -rf dist', 'rm -rf node_modules package-lock.json', 'rm -rf build && mkdir build', 'find . -name "*.pyc" -delete',
  'curl -s http://localhost:3000/health', 'curl -fsSL https://api.github.com/repos/x/y/releases/latest | jq -r .tag_name',
  'wget -q https://example.com/data.csv -O data/data.csv', 'docker build -t app .', 'docker compose up -d', 'docker run --rm -p 8080:80 nginx',
  'docker ps -a', 'kubectl get pods -n dev', 'kubectl logs deploy/web --tail=100', 'kubectl apply -f k8s/',
  'terraform plan', 'terraform fmt -recursive', 'aws s3 ls', 'aws s3 sync ./public s3://my-site', 'gcloud config list',
  'cp .env.example .env.local', 'cat package.json | jq .scripts', 'ls -la ~', 'echo $PATH', 'printenv NODE_ENV',
  'chmod +x scripts/dev.sh', 'sed -i "s/foo/bar/g" src/index.ts', 'tar czf release.tgz dist', 'ssh-keygen -t ed25519 -f ./deploy_key -N ""',
  'psql -c "select 1"', 'sqlite3 dev.db ".tables"', 'make -j4', 'node scripts/gen.js > src/generated.ts', 'gh pr create --fill',
  'history | grep npm', 'journalctl --user -u myapp -n 50', 'systemctl --user status myapp', 'kill %1', 'pkill -f "node server.js"',
  'dig +short api.example.com', 'nc -zv localhost 5432', 'python3 -m http.server 8000', 'openssl rand -hex 32',
];

const FILES = [
  { tool: 'Read', path: 'src/index.ts' }, { tool: 'Read', path: '.env.example' }, { tool: 'Read', path: '~/.gitconfig' },
  { tool: 'Write', path: 'src/util.ts', content: 'export const x = 1;\n' }, { tool: 'Write', path: '.env.local', content: 'PORT=3000\n' },
  { tool: 'Edit', path: 'README.md', old: 'foo', new: 'bar' }, { tool: 'Write', path: 'CLAUDE.md', content: 'Run npm test.\n' },
  { tool: 'Edit', path: '.claude/settings.json', old: '"allow": []', new: '"allow": ["Bash(npm test)"]' },
  { tool: 'Write', path: '.github/workflows/ci.yml', content: 'on: push\n' }, { tool: 'Read', path: '/var/log/syslog' },
];

describe('benign agent actions trip no built-in rule', () => {
  it.each([...COMMANDS.map((command) => ({ tool: 'Bash', command })), ...FILES].map((e) => [JSON.stringify(e), e] as const))('%s', (_name, example) => {
    const event = exampleEvent(example);
    const findings = builtinPack.detector.evaluate({ event, facts: factsOf(event, EXAMPLE_CTX), session: newSessionState(event), ctx: EXAMPLE_CTX });
    expect(findings.map((f) => `${f.rule}: ${f.reason}`)).toEqual([]);
  });
});
