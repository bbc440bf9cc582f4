// Generates the bpftrace program. Each probe prints one tab-separated record (run with `-f json`,
// so bpftrace wraps it as one JSON line and escapes every byte of paths and argv for us); numeric
// fields come first and at most one free-form string comes last, so a tab or quote in a path cannot
// shift a field. parse-line.ts is the other half of this format: change both together.
//
// Every record but READY starts with the kernel's clock (nsecs) and the CPU it was printed on, each followed by
// a tab; each CPU also prints a heartbeat `H` `heartbeatHz` times a second. bpftrace prints one CPU's ring
// after another, and reorder.ts puts the lines back in the order things happened, then drops the stamp.
// Records (READY once all probes are attached; P = pid, S = process start time in USER_HZ ticks
// since boot, the same number as field 22 of /proc/<pid>/stat, so `P:S` is the procKey any tier computes;
// W = the cwd as two fields, its directory's device (the kernel's s_dev) and inode: a one-liner that `cd`s
// somewhere is gone before /proc could say where, and cwd.ts names the directory instead):
//   A P i arg            argv slot i of an execve (sys_enter_execve, before the exec succeeds)
//   M P                  argv had more than maxArgs slots
//   V P name=value       an agent's stamp variable in the execve's environment, and then HOME (after the
//                        A records of the same execve): a command gone before /proc/<pid>/environ could be
//                        read, or that wiped its environment (`exec env -i …`), still says whose it is
//   E P ppid uid S pS gppid W file   a successful exec (sched_process_exec); pS is the parent's start and
//                        gppid its parent's pid: a subshell (a fork that never execs) is gone by the time
//                        /proc could be read, and the two still link the program through it to the shell
//   X P S code           the process (its main thread) exited; code is the raw wait status
//   O P uid S flags W path   an open for writing/creating, or a read of a sensitive path (at entry: an
//                        attempt; the result needs the path in a map, which overflows the BPF stack)
//   U P uid S flag W path    unlink/unlinkat (flag 0x200 = rmdir)
//   R P uid S W old / r P new    a rename: two records from the same probe, always adjacent
//   C P uid S family port ret addr   connect to AF_INET/AF_INET6, at exit (ret<0 = -errno)
//   F P uid S family port err addr   a TCP handshake P started ended in CLOSE (async refusal/timeout)
//   D P uid S port len addr          sendto with an explicit destination port 53 (a DNS query)
import type { KernelConfig } from './config.js';
import type { DirId } from './parse-line.js';
import type { UnmadeDir } from './cwd.js';

export interface ProgramInput {
  /** The daemon's pid: its own file and network activity is never traced. */
  selfPid: number;
  /** Home directories (no trailing slash) whose sensitive names are watched for reads. */
  homes: readonly string[];
  cfg: Pick<KernelConfig, 'sensitiveHomeNames' | 'sensitivePaths' | 'maxArgs' | 'heartbeatHz'>;
  /**
   * The homes and their secret-holding directories as the kernel names them (cwd.ts): a read by a relative
   * path in one of those (`cd ~/.ssh && cat id_rsa`), or of a sensitive name from a home (`cat .aws/credentials`)
   * is reported like the absolute one. One not made yet when the program starts is matched by its parent's
   * identity and its name (`unmade`).
   */
  dirs?: { homes: readonly DirId[]; secret: readonly DirId[]; unmade?: readonly UnmadeDir[] };
  /** The environment variables agents stamp their processes with (core/agents/stamp.ts stampVariables). */
  stampEnv?: readonly string[];
}

// O_WRONLY | O_RDWR | O_CREAT | O_TRUNC: any of these makes an open a write.
const WRITE_FLAGS = '0x243';
// Writes there are devices and kernel knobs, not files an agent leaves behind.
const NOISY_WRITE_PREFIXES = ['/dev/', '/proc/', '/sys/'];
// Relative opens of these exact names (an agent's cwd is usually the project) also count as sensitive.
const RELATIVE_SENSITIVE = ['.env', '.npmrc', '.netrc', '.git-credentials'];

/** A bpftrace string literal; the prefixes come from config, so escape rather than trust them. */
function lit(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

function prefixTest(v: string, prefixes: readonly string[], negate = false): string {
  const byteLen = (p: string) => Buffer.byteLength(p, 'utf8');
  if (negate) return prefixes.map((p) => `strncmp(${v}, ${lit(p)}, ${byteLen(p)}) != 0`).join(' && ');
  return prefixes.map((p) => `strncmp(${v}, ${lit(p)}, ${byteLen(p)}) == 0`).join(' || ') || '0';
}

function homesOf(input: ProgramInput): string[] {
  return [...new Set(input.homes.map((h) => h.replace(/\/+$/, '')).filter(Boolean))];
}

function namesOf(input: ProgramInput): string[] {
  return input.cfg.sensitiveHomeNames.map((n) => n.replace(/^\/+/, ''));
}

/** Every absolute prefix whose reads are reported (for docs, tests and the compare length). */
export function allPrefixes(input: ProgramInput): string[] {
  const out = new Set<string>(input.cfg.sensitivePaths);
  for (const h of homesOf(input)) for (const n of namesOf(input)) out.add(`${h}/${n}`);
  return [...out];
}

// `<home>/` first, then the names under it: bpftrace's && short-circuits, so a path outside every home
// costs one compare per home.
function sensitiveTest(v: string, input: ProgramInput): string {
  const names = namesOf(input);
  const parts = homesOf(input).map((h) => `(${prefixTest(v, [`${h}/`])} && (${prefixTest(v, names.map((n) => `${h}/${n}`))}))`);
  if (input.cfg.sensitivePaths.length) parts.push(prefixTest(v, input.cfg.sensitivePaths));
  return parts.join(' || ') || '0';
}

// The cwd's directory as the kernel names it: the device of its filesystem and its inode (cwd.ts).
const CWD_DEV = 'curtask->fs->pwd.dentry->d_sb->s_dev';
const CWD_INO = 'curtask->fs->pwd.dentry->d_inode->i_ino';

/** `$cd`/`$ci` (the cwd's device and inode) is one of `ids`. */
function inDirs(ids: readonly DirId[]): string {
  return ids.map((d) => `($ci == ${Math.trunc(d.ino)} && $cd == ${Math.trunc(d.dev)})`).join(' || ') || '0';
}

/**
 * The cwd is one of `unmade` (a secret directory made after the program started): its parent's device and
 * inode, then its own name. The parent and the name are read only when the cwd matched nothing else.
 */
function inUnmade(unmade: readonly UnmadeDir[]): string {
  if (unmade.length === 0) return '';
  const len = Math.min(64, Math.max(...unmade.map((u) => Buffer.byteLength(u.name, 'utf8'))) + 1);
  const tests = unmade.map((u) => `($pi == ${Math.trunc(u.parent.ino)} && $pd == ${Math.trunc(u.parent.dev)} && $cn == ${lit(u.name)})`);
  return `
    if ($hit == 0) {
      $pa = (struct dentry *)curtask->fs->pwd.dentry->d_parent; $pd = $pa->d_sb->s_dev; $pi = $pa->d_inode->i_ino;
      $cn = str(curtask->fs->pwd.dentry->d_name.name, ${len});
      if (${tests.join(' || ')}) { $hit = 1; }
    }`;
}

/**
 * The `else if` that reports reads by relative paths in a secret-holding directory, or of a sensitive name
 * from a home (input.dirs); empty without those. The cwd is read only for a relative path.
 */
function relativeSecretBranch(v: string, input: ProgramInput): string {
  const dirs = input.dirs;
  if (!dirs || (dirs.homes.length === 0 && dirs.secret.length === 0 && !dirs.unmade?.length)) return '';
  const names = namesOf(input).flatMap((n) => [n, `./${n}`]);
  return ` else if (strncmp(${v}, "/", 1) != 0) {
    $cd = ${CWD_DEV}; $ci = ${CWD_INO};
    if ((${inDirs(dirs.secret)}) || ((${inDirs(dirs.homes)}) && (${prefixTest(v, names)}))) { $hit = 1; }${inUnmade(dirs.unmade ?? [])}
  }`;
}

// argv is a user array of pointers; bpftrace 0.17 has no loops over it, so the slots are unrolled as
// nested ifs that stop at the NULL terminator. One printf per slot keeps each under the 512-byte stack.
function argvProbe(maxArgs: number): string {
  let body = `if (args->argv[${maxArgs}] != 0) { printf("%llu\\t%d\\tM\\t%d\\n", nsecs, cpu, pid); }`;
  for (let i = maxArgs - 1; i >= 0; i--) {
    body = `if (args->argv[${i}] != 0) { printf("%llu\\t%d\\tA\\t%d\\t${i}\\t%s\\n", nsecs, cpu, pid, str(args->argv[${i}])); ${body} }`;
  }
  return body;
}

// Environment slots an execve's stamp is looked for in: more than any shell's environment holds (the kernel
// caps the strings at 2 MB in all, so a longer one is possible, and what comes after is not read).
const MAX_ENV = 512;

/** The first four bytes of a string as the little-endian word a `*(uint32 *)` read of it gives. */
const wordOf = (s: string) => `0x${Buffer.from(s, 'utf8').readUInt32LE(0).toString(16)}`;

/**
 * The V records of an execve: each environment string that begins as a stamp variable does, and then HOME
 * when there was one. Comparing whole names in a loop of 512 slots is more than the verifier will take
 * (it gave up after a minute), so each slot costs one read of its first four bytes and a few compares; the
 * collector keeps the names that are stamps (and CLAUDE_CODE_ENTRYPOINT and the like pass through unused).
 * A name shorter than four bytes cannot be told by its first word and is left to /proc.
 */
function envProbe(names: readonly string[]): string {
  const words = [...new Set(names.filter((n) => Buffer.byteLength(n) >= 4).map(wordOf))];
  if (words.length === 0) return '';
  const rec = (v: string) => `printf("%llu\\t%d\\tV\\t%d\\t%s\\n", nsecs, cpu, pid, str(${v}, 160));`;
  return `
  $envp = args->envp; $i = 0; $home = (uint64)0; $found = 0;
  while ($i < ${MAX_ENV}) {
    $p = *($envp + $i);
    if ($p == 0) { break; }
    $w = *(uint32 *)$p;
    if ($w == ${wordOf('HOME')}) { $home = (uint64)$p; }
    else if (${words.map((w) => `$w == ${w}`).join(' || ')}) { $found = 1; ${rec('$p')} }
    $i++;
  }
  if ($found && $home != 0) { ${rec('$home')} }`;
}

export function generateProgram(input: ProgramInput): string {
  const self = Math.trunc(input.selfPid);
  const notSelf = `/pid != ${self}/`;
  const start = 'curtask->group_leader->start_boottime / 10000000';
  const cwd = `${CWD_DEV}, ${CWD_INO}`;
  // Compares re-read a short copy of the path instead of sharing one variable: a 200-byte $p plus the
  // printf buffer does not fit bpftrace 0.17's 512-byte stack. Grouping by home keeps a miss cheap.
  const cmpLen = Math.min(200, Math.max(16, ...allPrefixes(input).map((p) => Buffer.byteLength(p) + 1)));
  const S = `str($fn, ${cmpLen})`;
  const sensitive = sensitiveTest(S, input);
  const relative = prefixTest(S, RELATIVE_SENSITIVE);
  const skipNoisy = prefixTest(S, NOISY_WRITE_PREFIXES, true);
  const openRec = `printf("%llu\\t%d\\tO\\t%d\\t%d\\t%llu\\t%d\\t%llu\\t%llu\\t%s\\n", nsecs, cpu, pid, uid, ${start}, $fl, ${cwd}, str($fn));`;
  const unlink = (field: string, flag: string) =>
    `{ printf("%llu\\t%d\\tU\\t%d\\t%d\\t%llu\\t%d\\t%llu\\t%llu\\t%s\\n", nsecs, cpu, pid, uid, ${start}, ${flag}, ${cwd}, str(args->${field})); }`;
  const rename = (from: string, to: string) =>
    `{ printf("%llu\\t%d\\tR\\t%d\\t%d\\t%llu\\t%llu\\t%llu\\t%s\\n", nsecs, cpu, pid, uid, ${start}, ${cwd}, str(args->${from}));\n` +
    `  printf("%llu\\t%d\\tr\\t%d\\t%s\\n", nsecs, cpu, pid, str(args->${to})); }`;
  return `
// bpftrace prints "attached_probes" before it attaches; BEGIN fires once every probe is in place,
// so READY is the moment nothing is missed any more (the collector's start() waits for it).
BEGIN { printf("READY\\n"); }

// Each CPU's heartbeat: its ring has been printed up to here (reorder.ts lets out what came before).
profile:hz:${Math.trunc(input.cfg.heartbeatHz)} { printf("%llu\\t%d\\tH\\n", nsecs, cpu); }

tracepoint:syscalls:sys_enter_execve ${notSelf} { ${argvProbe(input.cfg.maxArgs)}${envProbe(input.stampEnv ?? [])} }

tracepoint:sched:sched_process_exec ${notSelf} {
  printf("%llu\\t%d\\tE\\t%d\\t%d\\t%d\\t%llu\\t%llu\\t%d\\t%llu\\t%llu\\t%s\\n", nsecs, cpu, pid, curtask->real_parent->tgid, uid, ${start},
    curtask->real_parent->group_leader->start_boottime / 10000000, curtask->real_parent->real_parent->tgid, ${cwd}, str(args->filename));
}

tracepoint:sched:sched_process_exit /pid == tid && pid != ${self}/ {
  printf("%llu\\t%d\\tX\\t%d\\t%llu\\t%d\\n", nsecs, cpu, pid, ${start}, curtask->exit_code);
}

tracepoint:syscalls:sys_enter_openat ${notSelf} {
  // Copy the ctx fields once: re-reading args-> in every compare makes LLVM emit a ctx access the
  // verifier rejects ("dereference of modified ctx ptr").
  $fn = args->filename; $fl = args->flags; $hit = 0;
  if (($fl & ${WRITE_FLAGS}) != 0) {
    if (${skipNoisy}) { $hit = 1; }
  } else if (${sensitive} || ${relative}) { $hit = 1; }${relativeSecretBranch(S, input)}
  // One printf site: each site gets its own stack buffer, and two no longer fit in 512 bytes.
  if ($hit) { ${openRec} }
}

tracepoint:syscalls:sys_enter_unlinkat ${notSelf} ${unlink('pathname', 'args->flag')}
tracepoint:syscalls:sys_enter_unlink ${notSelf} ${unlink('pathname', '0')}
tracepoint:syscalls:sys_enter_renameat2 ${notSelf} ${rename('oldname', 'newname')}
tracepoint:syscalls:sys_enter_renameat ${notSelf} ${rename('oldname', 'newname')}
tracepoint:syscalls:sys_enter_rename ${notSelf} ${rename('oldname', 'newname')}

tracepoint:syscalls:sys_enter_connect ${notSelf} {
  $sa = (struct sockaddr_in *)args->uservaddr;
  if ($sa->sin_family == 2) {
    @cfam[tid] = 2; @cport[tid] = $sa->sin_port; @caddr[tid] = ntop(2, $sa->sin_addr.s_addr);
  } else if ($sa->sin_family == 10) {
    $s6 = (struct sockaddr_in6 *)args->uservaddr;
    @cfam[tid] = 10; @cport[tid] = $s6->sin6_port; @caddr[tid] = ntop(10, $s6->sin6_addr.in6_u.u6_addr8);
  }
}

// At exit so a refused or unreachable attempt carries its errno (a non-blocking connect says EINPROGRESS).
tracepoint:syscalls:sys_exit_connect /@cfam[tid]/ {
  $port = @cport[tid];
  printf("%llu\\t%d\\tC\\t%d\\t%d\\t%llu\\t%d\\t%d\\t%d\\t%s\\n", nsecs, cpu, pid, uid, ${start}, @cfam[tid],
    (($port >> 8) & 0xff) | (($port << 8) & 0xff00), args->ret, @caddr[tid]);
  delete(@cfam[tid]); delete(@cport[tid]); delete(@caddr[tid]);
}

// A non-blocking connect (node, python with a timeout, curl) returns EINPROGRESS and learns of a
// refusal later, in softirq context where pid means nothing. So remember who started each TCP
// handshake (CLOSE → SYN_SENT happens inside connect(), in the caller's context) and report a
// handshake that ends in CLOSE with that pid and the socket's error (ECONNREFUSED, ETIMEDOUT …).
tracepoint:sock:inet_sock_set_state /args->protocol == 6/ {
  $sk = args->skaddr;
  if (args->oldstate == 7 && args->newstate == 2) {
    if (pid != ${self}) { @skpid[$sk] = pid; @skuid[$sk] = uid; @skst[$sk] = ${start}; }
  } else if (args->oldstate == 2) {
    if (args->newstate == 7 && @skpid[$sk] != 0) {
      $err = ((struct sock *)$sk)->sk_err;
      if (args->family == 2) {
        printf("%llu\\t%d\\tF\\t%d\\t%d\\t%llu\\t2\\t%d\\t%d\\t%s\\n", nsecs, cpu, @skpid[$sk], @skuid[$sk], @skst[$sk], args->dport, $err, ntop(2, args->daddr));
      } else {
        printf("%llu\\t%d\\tF\\t%d\\t%d\\t%llu\\t10\\t%d\\t%d\\t%s\\n", nsecs, cpu, @skpid[$sk], @skuid[$sk], @skst[$sk], args->dport, $err, ntop(10, args->daddr_v6));
      }
    }
    delete(@skpid[$sk]); delete(@skuid[$sk]); delete(@skst[$sk]);
  }
}

tracepoint:syscalls:sys_enter_sendto /pid != ${self} && args->addr != 0/ {
  $sa = (struct sockaddr_in *)args->addr;
  // 53 in network byte order is 0x3500.
  if ($sa->sin_port == 0x3500) {
    if ($sa->sin_family == 2) {
      printf("%llu\\t%d\\tD\\t%d\\t%d\\t%llu\\t53\\t%d\\t%s\\n", nsecs, cpu, pid, uid, ${start}, args->len, ntop(2, $sa->sin_addr.s_addr));
    } else if ($sa->sin_family == 10) {
      $s6 = (struct sockaddr_in6 *)args->addr;
      printf("%llu\\t%d\\tD\\t%d\\t%d\\t%llu\\t53\\t%d\\t%s\\n", nsecs, cpu, pid, uid, ${start}, args->len, ntop(10, $s6->sin6_addr.in6_u.u6_addr8));
    }
  }
}
`;
}
