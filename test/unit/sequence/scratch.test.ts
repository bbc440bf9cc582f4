import fs from 'node:fs';
import { it } from 'vitest';
import { bash, hookEvent, replayAll, at, BARE_CTX, HOME, WORKSPACE } from './replay.js';

const unesc = (s: string) => s.replace(/\$WS/g, WORKSPACE).replace(/~\//g, `${HOME}/`).replace(/\\n/g, '\n');
function eventOf(part: string) {
  const p = part.trim();
  if (p.startsWith('WRITE ')) { const [path, content] = p.slice(6).split(' ::: '); return hookEvent('Write', { file_path: unesc(path!.trim()), content: unesc(content ?? '') }); }
  if (p.startsWith('EDIT ')) { const [path, o, n] = p.slice(5).split(' ::: '); return hookEvent('Edit', { file_path: unesc(path!.trim()), old_string: unesc(o ?? ''), new_string: unesc(n ?? '') }); }
  if (p.startsWith('READ ')) return hookEvent('Read', { file_path: unesc(p.slice(5).trim()) });
  return bash(p.replace(/\$WS/g, WORKSPACE).replace(/\\n/g, "\n"));
}
it('probe', () => {
  const lines = fs.readFileSync('/tmp/probe/in.txt', 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const out: string[] = [];
  for (const line of lines) {
    at(0);
    const evs = line.split(' |||| ').map(eventOf);
    const r = replayAll(evs, BARE_CTX);
    const fs2 = r.findings.flat();
    const tag = fs2.length === 0 ? 'quiet' : fs2.map((f) => `${f.severity}:${f.rule}`).join(',');
    out.push(`${tag}\t${line}`);
  }
  fs.writeFileSync('/tmp/probe/out.txt', out.join('\n') + '\n');
});
