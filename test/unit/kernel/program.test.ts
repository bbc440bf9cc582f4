// The generated bpftrace source: filters are there and config strings cannot break out of a literal.
import { describe, expect, it } from 'vitest';
import { KernelConfigSchema } from '../../../collectors/kernel/config.js';
import { allPrefixes, generateProgram } from '../../../collectors/kernel/program.js';

const cfg = KernelConfigSchema.parse({ maxArgs: 4 });

describe('generateProgram', () => {
  const src = generateProgram({ selfPid: 4242, homes: ['/home/dev/', '/root'], cfg });

  it('attaches every tracepoint the tier needs', () => {
    for (const tp of ['sched:sched_process_exec', 'sched:sched_process_exit', 'syscalls:sys_enter_execve',
      'syscalls:sys_enter_openat', 'syscalls:sys_enter_unlinkat', 'syscalls:sys_enter_renameat2',
      'syscalls:sys_enter_connect', 'syscalls:sys_exit_connect', 'syscalls:sys_enter_sendto']) {
      expect(src).toContain(`tracepoint:${tp}`);
    }
  });

  it('skips the daemon pid everywhere', () => {
    expect(src.match(/pid != 4242/g)?.length).toBeGreaterThanOrEqual(11);
  });

  it('reads argv up to maxArgs slots and flags the rest', () => {
    expect(src).toContain('args->argv[3]');
    expect(src).not.toContain('str(args->argv[4])');
    expect(src).toContain('if (args->argv[4] != 0) { printf("%llu\\t%d\\tM');
  });

  it("starts every record but READY with the kernel's clock and the CPU, and beats on every CPU (the collector puts lines back in order by them)", () => {
    const printfs = src.match(/printf\("[^"]*"[^;]*/g) ?? [];
    expect(printfs.length).toBeGreaterThanOrEqual(15);
    for (const p of printfs.filter((p) => !p.includes('READY'))) expect(p).toMatch(/^printf\("%llu\\t%d\\t[A-Za-z](\\t[^"]*)?\\n", nsecs, cpu/);
    expect(src).toContain('profile:hz:10 { printf("%llu\\t%d\\tH\\n", nsecs, cpu); }');
  });

  it('filters opens by write flags and sensitive prefixes per home', () => {
    expect(src).toContain('($fl & 0x243) != 0');
    expect(src).toContain('"/home/dev/.ssh/"');
    expect(src).toContain('"/root/.aws/"');
    expect(src).toContain('"/etc/shadow"');
    expect(allPrefixes({ selfPid: 1, homes: ['/home/dev/'], cfg })).toContain('/home/dev/.git-credentials');
  });

  it('reports relative reads only where the secret directories and homes it was given are the cwd', () => {
    expect(src).not.toContain('pwd.dentry->d_inode->i_ino; if'); // none given: no cwd compare on reads
    const withDirs = generateProgram({ selfPid: 1, homes: ['/home/dev'], cfg, dirs: { homes: [{ dev: 265289728, ino: 2 }], secret: [{ dev: 265289728, ino: 77 }] } });
    const branch = withDirs.slice(withDirs.indexOf('strncmp(str($fn'), withDirs.indexOf('// One printf site'));
    expect(branch).toContain('($ci == 77 && $cd == 265289728)');
    expect(branch).toMatch(/\(\$ci == 2 && \$cd == 265289728\)\) && \(strncmp\(str\(\$fn, \d+\), "\.ssh\/", 5\) == 0/);
    expect(branch).not.toContain('d_parent'); // every secret directory was there: no parent read
    // One not made yet: the cwd's parent and own name, read only when nothing else matched.
    const unmade = generateProgram({ selfPid: 1, homes: ['/home/dev'], cfg, dirs: { homes: [{ dev: 265289728, ino: 2 }], secret: [], unmade: [{ parent: { dev: 265289728, ino: 2 }, name: '.aws' }] } });
    expect(unmade).toContain('if ($hit == 0) {');
    expect(unmade).toContain('$cn = str(curtask->fs->pwd.dentry->d_name.name, 5);');
    expect(unmade).toContain('($pi == 2 && $pd == 265289728 && $cn == ".aws")');
  });

  it("looks for the agents' stamp variables in every execve's environment, by their first four bytes, HOME after them", () => {
    expect(src).not.toContain('args->envp'); // none asked for: no loop
    const names = ['CLAUDE_CODE_SESSION_ID', 'CLAUDECODE', 'CODEX_SESSION_ID', 'AGENTWATCH_SESSION_ID', 'X'];
    const withEnv = generateProgram({ selfPid: 1, homes: [], cfg, stampEnv: names });
    const probe = withEnv.slice(withEnv.indexOf('tracepoint:syscalls:sys_enter_execve'), withEnv.indexOf('tracepoint:sched:sched_process_exec'));
    expect(probe).toContain('$envp = args->envp;');
    expect(probe).toContain('while ($i < 512)');
    // "CLAU" and "CODE" and "AGEN" as little-endian words, each once; "X" is too short to tell by a word.
    expect(probe.match(/\$w == 0x[0-9a-f]+/g)).toEqual(['$w == 0x454d4f48', '$w == 0x55414c43', '$w == 0x45444f43', '$w == 0x4e454741']);
    expect(probe).toContain('if ($found && $home != 0)');
    // After the argv slots of the same execve (the parser starts a new environment at slot 0).
    expect(probe.indexOf('\\tA\\t')).toBeLessThan(probe.indexOf('\\tV\\t'));
  });

  it('escapes quotes and backslashes from config', () => {
    const evil = KernelConfigSchema.parse({ sensitivePaths: ['/x"); system("id'] });
    const s = generateProgram({ selfPid: 1, homes: [], cfg: evil });
    expect(s).toContain('"/x\\"); system(\\"id"');
  });
});
