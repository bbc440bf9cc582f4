// 100,000 fuzzed hook bodies per hooked agent through the daemon's hook path in this process: every one
// through JSON.parse and the agent's adapter (nothing but its HookPayloadError, a 400, may escape), and
// every 20th (FUZZ_PIPELINE_EVERY) on through the pipeline with the real detectors into SQLite, where
// every accepted one must be stored. The pipeline costs ~1 ms an event on this machine, so all 100k
// through it would take minutes per agent; FUZZ_PIPELINE_EVERY=1 does that in a long local run.
// No body may take long enough to look like a hang. A failure names the seed and the index:
// FUZZ_SEED=<seed> replays the run; FUZZ_SCALE scales the counts.
import { afterEach, describe, expect, it } from 'vitest';
import { hookedAgents } from '../../core/agents/tables.js';
import { hookAdapters } from '../../collectors/hooks/index.js';
import { HookPayloadError } from '../../collectors/hooks/hook-adapter.js';
import { HANG_MS, SEED, Tally, rngFor, scaled } from './fuzz/kit.js';
import { hookBody, seedsOf } from './fuzz/hook-seeds.js';
import { inProcessDaemon, type InProcessDaemon } from './fuzz/in-process.js';

const BODIES = scaled(100_000);
const PIPELINE_EVERY = Number(process.env.FUZZ_PIPELINE_EVERY ?? 20);
const agents = hookedAgents().map((a) => a.kind);
const stamp = { ts: new Date(0).toISOString(), newId: () => 'fuzz' };

/** The adapter alone: whether it accepts the body; anything but its own error escapes. */
function normalises(agent: string, body: string): boolean {
  let payload: unknown;
  try { payload = JSON.parse(body); } catch { return false; }
  try { hookAdapters.get(agent)!.normalise(payload, stamp); return true; } catch (err) {
    if (err instanceof HookPayloadError) return false;
    throw err;
  }
}

describe('hook bodies through the adapter and the pipeline, in process', () => {
  let d: InProcessDaemon | undefined;
  afterEach(() => { d?.close(); d = undefined; });

  it('covers every hooked agent of the catalog', () => {
    expect(agents).toEqual(expect.arrayContaining(['claude-code', 'codex', 'gemini-cli', 'qwen-code']));
    for (const agent of agents) expect(seedsOf(agent, 's').length).toBeGreaterThan(3);
  });

  // Random mutations rarely make a long run of one kind of character, which is what turns a backtracking
  // regex quadratic (a fork-bomb pattern once took ~1 s per 60 KB word). Each shape, 128 KB, as a Bash
  // command, a file path and an MCP tool's text, through every detector.
  it('long runs of one kind of character in a command, a path or a tool input: none looks like a hang', () => {
    d = inProcessDaemon();
    const tally = new Tally('hooks/claude-code long inputs');
    const unit = ['y', 'a1', ' ', 'a ', '"', "'", '(', ':', '$', '|', '-', '/', '.', '=', 'x=', '\\', '{', '<', 'A:', '\n', '{a,', '${IFS}', 'c?'];
    const shapes = unit.flatMap((u) => [u.repeat(Math.ceil(131_072 / u.length)).slice(0, 131_072), `echo ${u.repeat(32_768)}`]);
    // Text the parser decodes and parses again (command/printed-text.ts), at the size it still follows.
    shapes.push(`echo ${'ZWNobyB4Owo='.repeat(5_400)} | base64 -d | sh`, `echo '${'x'.repeat(64_000)}' | rev | rev | bash`);
    // Many commands on one line. A rule that iterates the commands ran its whole-line tests for each of
    // them (1.7–2.2 s a line of 32,000 here); the parser follows 1,000 commands and 64 KB of a line; a
    // function called a thousand times (14 KB) made a million commands, three nested ones exhausted the heap.
    const calls = (name: string, n: number) => Array.from({ length: n }, () => `${name} x`).join(';');
    shapes.push('x\n'.repeat(32_000), `${'a|'.repeat(32_000)}a`, Array.from({ length: 16_000 }, (_, k) => `x${k}`).join(';'), 'x\n'.repeat(400_000),
      `f(){ ${'echo a;'.repeat(1_000)} }; ${calls('f', 1_000)}`,
      `f(){ ${'echo a;'.repeat(1_000)} }; g(){ ${calls('f', 10)}; }; h(){ ${calls('g', 10)}; }; ${calls('h', 100)}`);
    // Words the patterns look for, repeated (60 KB): `sudo -` made the sudo-password patterns (redaction's and a
    // rule's) take 2 s, `${ ` one 60 KB word whose program name every rule asked for (0.9 s).
    for (const unit of ['sudo -', '${ ', 'env -', 'echo x | sudo -', 'sh -', 'cap_']) shapes.push(unit.repeat(Math.ceil(60_000 / unit.length)).slice(0, 60_000));
    // An awk program's or a one-liner's strings: `\"` repeated took 2 s (awk) and 1.6 s (python3 -c) in a string pattern; a
    // glob per word made every rule's path lists compile thousands of patterns (0.4-1.8 s a line).
    shapes.push(`awk '${'\\"'.repeat(30_000)}'`, `python3 -c '${'\\"'.repeat(30_000)}'`, `awk 'BEGIN{${'"x" '.repeat(15_000)}system("id")}'`, `cat ${Array.from({ length: 5_000 }, (_, k) => `~/.aws/c*${k}`).join(' ')}`, `cat ${Array.from({ length: 5_000 }, (_, k) => `/*${k}?`).join(' ')}`);
    // Words the line hands on (xargs, a substitution, cd): an echoed 40 KB word fed to xargs -I in place of 1,800
    // words took 3 s once each copy of it was an argument every rule judged.
    shapes.push(`echo ${'a\\n'.repeat(20_000)} | xargs -I{} ${'{} '.repeat(2_000)}`, `cat ${'$(echo a) '.repeat(6_000)}`, `${'cd a; '.repeat(10_000)}cat x`, `${'(cd a; cat b); '.repeat(4_000)}`,
      `rm ${Array.from({ length: 5_000 }, (_, k) => `~/.a*/c*${k}`).join(' ')}`, `find ~ -name 'id_*' -exec cat ${'{} '.repeat(20_000)}\\;`);
    // Directories handed over whole (an archive, a container's mounts): 6,000 in a tar took 0.8 s of list scans.
    shapes.push(`grep -r x ${Array.from({ length: 6_000 }, (_, k) => `~/.a${k}`).join(' ')}`, `tar czf /tmp/x.tgz ${Array.from({ length: 6_000 }, (_, k) => `~/.a${k}`).join(' ')}`, `docker run ${Array.from({ length: 6_000 }, (_, k) => `-v ~/.a${k}:/x`).join(' ')} img`,
      // …under a secret location's fixed part, where each is tried as a directory of secrets (`…/Local Storage`).
      `tar czf /tmp/x.tgz ${Array.from({ length: 6_000 }, (_, k) => `~/.config/a${k}/b/c`).join(' ')}`);
    // Package names, each compared with the popular ones: many to one install, and many installs.
    shapes.push(`npm i ${Array.from({ length: 10_000 }, (_, k) => `pk${k % 1000}ge`).join(' ')}`, `${'pip install reqests; '.repeat(3_000)}`);
    // Commands ssh runs on other hosts are parsed again (two hops deep, eight a line).
    shapes.push(`${'ssh a '.repeat(10_000)}cat x`, `ssh a '${'cat ~/.a/b; '.repeat(700)}'; `.repeat(9),
      Array.from({ length: 900 }, (_, k) => `scp ${Array.from({ length: 8 }, (_, j) => `h:~/.a*${k}/c*${j}`).join(' ')} .; `).join(''));
    // A long value expanded many times (and split on spaces): 2.2 s before expansions counted against the text limit,
    // and out of memory once they were split into words.
    shapes.push(`v="${'a '.repeat(15_000)}"; cat ${'$v '.repeat(3_000)}`, `IFS=_; v=${'cat_'.repeat(8_000)}; $v $v $v`);
    // Moves a later delete follows: 16 moves and 980 deletes of 21 paths took 1.5 s when each delete rescanned every one before it.
    shapes.push(Array.from({ length: 16 }, (_, k) => `mv ~/a${k} /tmp/b${k}; `).join('') + Array.from({ length: 980 }, (_, k) => `rm -rf /tmp/c${k} ${Array.from({ length: 20 }, (_, j) => `/tmp/d${j}`).join(' ')}; `).join(''));
    // PowerShell scripts read again as shell lines (command/powershell.ts): groups nested or left open, blocks, chained
    // assignments, calls with groups for arguments, many cmdlets, and an encoded command of one.
    const ps = (script: string) => `pwsh -c "${script.replace(/"/g, '\\"')}"`;
    shapes.push(ps('('.repeat(30_000)), ps(`${'(gc a '.repeat(8_000)}${')'.repeat(8_000)}`), ps('{ '.repeat(30_000)), ps('$a = '.repeat(12_000) + 'gc x'),
      ps(".UploadString('u', (gc x)) ".repeat(2_000)), ps('gc ~/.a/b; '.repeat(6_000)), ps("iwr -Headers @{a='b'} -Uri u -InFile f | ".repeat(1_500)),
      ps('${'.repeat(30_000)), ps("'".repeat(60_000)), ps('@"\n'.repeat(20_000)), `pwsh -enc ${Buffer.from('Get-Content x; '.repeat(2_000), 'utf16le').toString('base64')}`,
      `osascript -e '${'read POSIX file "a" '.repeat(3_000)}'`, `osascript -l JavaScript -e '${'a.doShellScript("x"); '.repeat(3_000)}'`);
    // Files handed to senders (command/file-transfers.ts): thousands to a relay or a host (scp: 1.45 s while
    // workspace-exfil compared each with every read, each `~/` word against every path of the line), an FTP script of put lines.
    shapes.push(`croc send ${Array.from({ length: 6_000 }, (_, k) => `~/.a${k}`).join(' ')}`, `scp ${Array.from({ length: 6_000 }, (_, k) => `~/.a${k}`).join(' ')} h:/x`, `ftp h <<EOF\n${'put ~/.a/b c\n'.repeat(5_000)}EOF`, `smbclient //h/s -c '${'mput a b c; '.repeat(5_000)}'`);
    let i = 0;
    for (const text of shapes) {
      for (const [tool, input] of [['Bash', { command: text }], ['Write', { file_path: `/tmp/${text.slice(0, 4000)}`, content: text }], ['mcp__notes__add', { text }]] as const) {
        const body = JSON.stringify({ session_id: 'long', transcript_path: '/t/long.jsonl', cwd: '/tmp/long', hook_event_name: 'PreToolUse', tool_name: tool, tool_input: input, tool_use_id: `toolu_long${i}` });
        tally.time(i++, () => d!.judge('claude-code', body).status === 200);
      }
    }
    tally.print();
    expect(d.errors).toEqual([]);
    expect(tally.slowestMs, `long input #${tally.slowestIndex} took ${tally.slowestMs.toFixed(0)} ms`).toBeLessThan(HANG_MS);
  }, 600_000);

  for (const agent of agents) {
    it(`${agent}: ${BODIES} fuzzed bodies, 0 crashes, 0 hangs, every accepted body stored`, () => {
      d = inProcessDaemon();
      const adapter = new Tally(`hooks/${agent} adapter`);
      const pipeline = new Tally(`hooks/${agent} adapter+pipeline+store`);
      const ids = new Set<string>();
      const seeds = seedsOf(agent, 'fz-valid');
      for (const seed of seeds) expect(d.judge(agent, JSON.stringify(seed)).status, JSON.stringify(seed)).toBe(200);
      for (let i = 0; i < BODIES; i++) {
        const body = hookBody(agent, rngFor(agent, i));
        const replay = () => `hook ${agent}: FUZZ_SEED=${SEED} index ${i} (body ${JSON.stringify(body.slice(0, 300))})`;
        try {
          if (i % PIPELINE_EVERY === 0) {
            pipeline.time(i, () => {
              const r = d!.judge(agent, body);
              if (r.id !== undefined) ids.add(r.id);
              return r.status === 200;
            });
          } else adapter.time(i, () => normalises(agent, body));
        } catch (err) { throw new Error(`${replay()} threw: ${(err as Error).stack}`); }
      }
      adapter.print();
      pipeline.print();
      expect(d.errors, 'detector, output or store errors').toEqual([]);
      for (const t of [adapter, pipeline]) expect(t.slowestMs, `${t.target}: body #${t.slowestIndex} (FUZZ_SEED=${SEED}) took ${t.slowestMs.toFixed(0)} ms`).toBeLessThan(HANG_MS);
      expect(ids.size).toBe(pipeline.accepted); // every accepted body got its own event…
      expect(d.storedEvents()).toBe(pipeline.accepted + seeds.length); // …and it is in the database
      // The fuzzer reaches both sides: what the adapter refuses and what the detectors judge.
      for (const t of [adapter, pipeline]) {
        expect(t.accepted).toBeGreaterThan(t.tried * 0.2);
        expect(t.rejected).toBeGreaterThan(t.tried * 0.1);
      }
    }, 600_000); // ~20 s an agent on an idle 2-core machine; minutes when it is shared
  }
});
