import { describe, expect, it } from 'vitest';
import { mayHoldSecret, redactDeep, redactEveryPattern, redactString } from '../../core/redact.js';

// Canary secrets: none of these may appear in anything stored, logged, streamed or exported.
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const GITHUB_TOKEN = `ghp_${'A1b2C3d4E5f6G7h8I9j0'}${'K1l2M3n4O5p6Q7r8'}`;
const ANTHROPIC_KEY = 'sk-ant-api03-Zq8xVb3nLmK2pR7sT9wY4uE6iO1aQ5dF';
const BEARER = 'eyJhbGciOiJIUzI1NiJ9abcdefghijklmnop';
const KEY_BODY = ['b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW', 'QyNTUxOQAAACDx2Yx0ZXN0LWNhbmFyeS1rZXktbWF0ZXJpYWwtZG8tbm90LWxlYWsAAA'];
const PRIVATE_KEY = ['-----BEGIN OPENSSH PRIVATE KEY-----', ...KEY_BODY, '-----END OPENSSH PRIVATE KEY-----'].join('\n');

const canaries: [string, string, string[]][] = [
  ['an AWS access key id', `export AWS_ACCESS_KEY_ID=${AWS_KEY_ID}`, [AWS_KEY_ID]],
  ['an AWS access key id alone', AWS_KEY_ID, [AWS_KEY_ID]],
  ['an AWS secret access key alone', `key is ${AWS_SECRET} ok`, [AWS_SECRET]],
  ['an AWS secret access key in a credentials file', `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\n`, [AWS_KEY_ID, AWS_SECRET]],
  ['a GitHub token', `git clone https://x-access-token:${GITHUB_TOKEN}@github.com/o/r`, [GITHUB_TOKEN]],
  ['a GitHub token alone', `GH says ${GITHUB_TOKEN}.`, [GITHUB_TOKEN]],
  ['an OpenSSH private key block', `$ cat ~/.ssh/id_ed25519\n${PRIVATE_KEY}\n$ `, KEY_BODY],
  ['a truncated private key block', `${PRIVATE_KEY.slice(0, 120)}… [900 more chars]`, [KEY_BODY[0]!.slice(0, 40)]],
  ['a password in a URL', 'psql https://admin:hunter2@db.internal:5432/app', ['hunter2']],
  ['an Authorization: Bearer header', `curl -H "Authorization: Bearer ${BEARER}" https://api.example`, [BEARER]],
  ['an Anthropic API key', `ANTHROPIC_API_KEY=${ANTHROPIC_KEY} claude -p hi`, [ANTHROPIC_KEY]],
  ['an Anthropic API key alone', `using ${ANTHROPIC_KEY}`, [ANTHROPIC_KEY]],
  ['a JSON password', '{"user": "jane", "password": "correct-horse-battery"}', ['correct-horse-battery']],
  ['a compact JSON password', '{"password":"correct-horse-battery"}', ['correct-horse-battery']],
  ['a password= argument', 'mysql --password=s3cr3tpass -u root', ['s3cr3tpass']],
  ['a password echoed into sudo -S', "echo 'Winter2026!' | sudo -S systemctl restart nginx", ['Winter2026!']],
  ['a password printf-ed into sudo --stdin', "printf '%s\\n' opensesame42 | sudo -k --stdin true", ['opensesame42']],
  ['a password in a here-string to sudo -S', 'sudo -S apt-get -y install jq <<< "pa55w0rd-x"', ['pa55w0rd-x']],
];

describe('redactString: canary secrets never survive', () => {
  it.each(canaries)('%s', (_name, text, secrets) => {
    const out = redactString(text);
    for (const s of secrets) expect(out).not.toContain(s);
    expect(out).toContain('[REDACTED]');
  });

  it('keeps the parts around a secret that say what it was', () => {
    expect(redactString('https://admin:hunter2@db.internal:5432/app')).toBe('https://admin:[REDACTED]@db.internal:5432/app');
    expect(redactString(`Authorization: Bearer ${BEARER}`)).toMatch(/^Authorization: /);
    expect(redactString(`aws_secret_access_key = ${AWS_SECRET}`)).toBe('aws_secret_access_key = [REDACTED]');
    expect(redactString(`${PRIVATE_KEY}\nnext line`)).toMatch(/PRIVATE KEY-----\nnext line$/);
  });

  it('is stable: redacting twice changes nothing more', () => {
    for (const [, text] of canaries) {
      const once = redactString(text);
      expect(redactString(once)).toBe(once);
    }
  });
});

describe('redactString: ordinary text survives unchanged', () => {
  it.each([
    ['a git SHA', 'git checkout 3f786850e387550fdab836ed7e6dc881de23001b'],
    ['a UUID', 'session 123e4567-e89b-12d3-a456-426614174000'],
    ['the path of a secret file', 'cat /home/dev/.aws/credentials ~/.ssh/id_rsa'],
    ['a 40-character absolute path', 'cd /Users/JaneDoe/Documents/Projects/Alpha1'],
    ['max_tokens in JSON', '"max_tokens": 4096'],
    ['max_tokens in compact JSON', '{"model":"claude","max_tokens":4096}'],
    ['an author line', 'author: Jane'],
    ['a test command', 'npm test'],
    ['a shell variable holding a secret', 'curl -H "Authorization: $TOKEN" https://api.example'],
    ['a variable fed to sudo -S', 'echo "$SUDO_PW" | sudo -S true'],
    ['echo piped elsewhere', 'echo building | tee build.log'],
    ['a variable naming the command that yields a password', 'RESTIC_PASSWORD_COMMAND="pass show restic" restic backup'],
    ['a variable naming the file that holds a token', 'GITHUB_TOKEN_FILE=/run/secrets/gh ./deploy.sh'],
    ['a sentence about passwords', 'the password field is required'],
  ])('%s', (_name, text) => {
    expect(redactString(text)).toBe(text);
  });
});

describe('redactDeep', () => {
  const event = {
    id: 'ev-1',
    command: `aws s3 ls --profile prod # ${AWS_KEY_ID}`,
    tool: {
      name: 'Bash',
      input: { command: 'curl https://u:hunter2@h.example', env: { GITHUB_TOKEN } },
      output: { stdout: [`line ${ANTHROPIC_KEY}`, { nested: [PRIVATE_KEY] }], exitCode: 0, interrupted: false, extra: null },
    },
  };

  it('masks secrets at any depth in objects and arrays', () => {
    const text = JSON.stringify(redactDeep(event));
    for (const s of [AWS_KEY_ID, 'hunter2', GITHUB_TOKEN, ANTHROPIC_KEY, ...KEY_BODY]) expect(text).not.toContain(s);
  });

  it('keeps keys, shape and non-string values', () => {
    const out = redactDeep(event);
    expect(out.id).toBe('ev-1');
    expect(Object.keys(out.tool.input.env)).toEqual(['GITHUB_TOKEN']);
    expect(out.tool.output.stdout).toHaveLength(2);
    expect(out.tool.output).toMatchObject({ exitCode: 0, interrupted: false, extra: null });
    expect(out.tool.input.command).toBe('curl https://u:[REDACTED]@h.example');
  });

  it('does not modify its input', () => {
    const before = JSON.stringify(event);
    redactDeep(event);
    expect(JSON.stringify(event)).toBe(before);
  });

  it('passes numbers, booleans, null and undefined through', () => {
    expect(redactDeep(4096)).toBe(4096);
    expect(redactDeep(true)).toBe(true);
    expect(redactDeep(null)).toBeNull();
    expect(redactDeep(undefined)).toBeUndefined();
  });
});

describe('the pre-check (skips strings that cannot hold a secret)', () => {
  const benign = ['git status --porcelain', 'ls -la src', 'npm test -- --reporter=dot', '/home/dev/proj/src/lib/parse.ts',
    'cd /Users/JaneDoe/Documents/Projects/Alpha1', 'git checkout 3f786850e387550fdab836ed7e6dc881de23001b', 'grep -rn "TODO" src | head -20'];

  it('lets every canary through and skips ordinary commands and paths', () => {
    for (const [name, text] of canaries) expect(mayHoldSecret(text), name).toBe(true);
    for (const text of benign) expect(mayHoldSecret(text), text).toBe(false);
  });

  // Secrets of every pattern's shape, cut up, cased differently and glued to benign text: whatever the
  // pre-check decides, the result must be what running every pattern gives.
  it('never changes what redaction returns', () => {
    const pieces = [...canaries.map(([, t]) => t), ...benign, 'token abcdefghijklmnop1234', 'Basic dXNlcjpwYXNzd29yZDEyMzQ=', 'xoxb-1234567890-abcdef',
      'glpat-abcdefghij0123456789', 'AIzaSyA1234567890abcdefghijklmnopqrstuv', `npm_${'a1B2'.repeat(9)}`, 'sk_live_abcdefghij0123456789AB',
      `${BEARER}.eyJzdWIiOiIxMjM0NTY3ODkwIn0.signature1234`, 'github_pat_' + 'A1_b'.repeat(12), '{"apiKey": "abcd1234efgh"}', 'PWD=/home/dev',
      'x'.repeat(39) + 'A1', 'Ab1/'.repeat(10), '=Ab1/'.repeat(10), 'a'.repeat(40)];
    let seed = 42;
    const rnd = (n: number) => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed % n; };
    const cases: string[] = [...pieces];
    for (let i = 0; i < 3000; i++) {
      let s = pieces[rnd(pieces.length)]!;
      const cut = rnd(s.length + 1);
      s = rnd(2) ? s.slice(0, cut) + pieces[rnd(pieces.length)]! : s.slice(cut) + ' ' + s.slice(0, cut);
      if (rnd(4) === 0) s = rnd(2) ? s.toUpperCase() : s.toLowerCase();
      cases.push(s);
    }
    let skipped = 0;
    for (const s of cases) {
      if (!mayHoldSecret(s)) skipped++;
      expect(redactString(s), JSON.stringify(s)).toBe(redactEveryPattern(s));
    }
    expect(skipped).toBeGreaterThan(0); // the corpus does exercise the skipping path
  });
});
