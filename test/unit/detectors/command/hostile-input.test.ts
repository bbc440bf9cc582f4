// The parser runs on the hook path on whatever an agent sends: huge and hostile lines must come
// through without an exception. (Their cost is measured in bench/parse-cost.ts, not asserted here.)
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../../detectors/command/parse-command.js';
import { factsOf } from '../../../../detectors/facts.js';
import { bash, CTX } from '../../helpers.js';


function bigScript(): string {
  let s = '';
  while (s.length < 64 * 1024) s += `for f in *.ts; do sed -i 's/a/b/' "$f" && git add "$f"; done; echo "$(ls -la | wc -l)" >> /tmp/count\n`;
  return s;
}

describe('hostile and huge input', () => {
  it('a 64 KB script still yields its commands', () => {
    const parsed = parseCommand(bigScript());
    expect(parsed.commands.some((c) => c.argv[0] === 'sed')).toBe(true);
    expect(parsed.commands.some((c) => c.argv[0] === 'git')).toBe(true);
  });

  it.each([
    ['deep $( nesting', '$('.repeat(20000)],
    ['deep ( nesting', '('.repeat(30000)],
    ['an unterminated quote', `echo "${'x'.repeat(65000)}`],
    ['many pipes', 'a | '.repeat(16000) + 'b'],
    ['nested sh -c quoting', `sh -c ${JSON.stringify('sh -c '.repeat(5000) + 'ls')}`],
    ['a long heredoc', `cat <<EOF > out\n${'line $(x)\n'.repeat(6000)}EOF`],
    ['thousands of backticks', 'echo `a` '.repeat(7000)],
    ['an interpreter snippet full of literals', `python3 -c "${"open('/x/y'); ".repeat(4000)}"`],
  ])('hostile input: %s goes through factsOf without throwing', (_name, line) => {
    expect(() => factsOf(bash(line), CTX)).not.toThrow();
  });
});
