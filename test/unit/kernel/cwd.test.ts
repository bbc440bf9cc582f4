// Naming the directory a kernel record was made in, from its device and inode, once /proc cannot say.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCwdLookup, DirNames, kernelDev, secretDirIds, seedDirs, statDev } from '../../../collectors/kernel/cwd.js';
import { ProcessTable } from '../../../collectors/proc/process-table.js';

/** The directory's identity as the kernel would print it. */
function kernelId(path: string): { dev: number; ino: number } {
  const { dev, ino } = statSync(path);
  return { dev: kernelDev(dev), ino };
}

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });
const tmp = () => { const d = mkdtempSync(join(tmpdir(), 'aw-cwd-')); dirs.push(d); return d; };
const GONE_PID = 4_194_999; // above pid_max: never a live process

describe('statDev', () => {
  it("packs the kernel's major/minor as glibc's makedev does", () => {
    expect(statDev((8 << 20) | 1)).toBe(0x801); // sda1
    expect(statDev(254 << 20)).toBe(0xfe00); // vda
    expect(statDev(300)).toBe(44 + (1 << 20)); // an anonymous device with a minor past 255 (tmpfs, overlay)
    expect(statDev((259 << 20) | 3)).toBe((259 << 8) | 3); // nvme0n1p3
  });

  it('and kernelDev undo each other', () => {
    for (const k of [(8 << 20) | 1, 254 << 20, 300, (259 << 20) | 3, 4095 * 2 ** 20 + 0xfffff]) expect(kernelDev(statDev(k))).toBe(k);
    const d = tmp();
    expect(statDev(kernelDev(statSync(d).dev))).toBe(statSync(d).dev);
  });
});

describe('DirNames', () => {
  it('names a learned directory by the kernel identity, and only while the path still has it', () => {
    const home = tmp();
    const ssh = join(home, '.ssh');
    mkdirSync(ssh);
    const names = new DirNames();
    seedDirs(names, [home]);
    expect(names.name(kernelId(home))).toBe(home);
    expect(names.name(kernelId(ssh))).toBe(ssh); // a home's secret-holding directory is known before any process ran there
    expect(names.name(kernelId('/etc'))).toBe('/etc');
    const id = kernelId(ssh);
    rmSync(ssh, { recursive: true });
    expect(names.name(id)).toBeUndefined(); // removed: its identity names nothing now
    expect(names.name({ dev: id.dev, ino: 987_654_321 })).toBeUndefined();
  });

  it('learns nothing from files or missing paths', () => {
    const names = new DirNames();
    names.learn('/etc/hostname');
    names.learn('/nonexistent/dir');
    expect(names.size).toBe(0);
  });
});

describe('secretDirIds', () => {
  it('names the homes and the secret-holding directories under them that exist', () => {
    const home = tmp();
    for (const d of ['.ssh', '.docker', '.config/gh']) mkdirSync(join(home, d), { recursive: true });
    const ids = secretDirIds([home], ['.ssh/', '.aws/', '.npmrc', '.docker/config.json', '.config/gh/hosts.yml']);
    expect(ids.homes).toEqual([kernelId(home)]);
    // .aws does not exist; .npmrc is a file in the home itself (the home's names cover it).
    expect(ids.secret).toEqual(expect.arrayContaining([kernelId(join(home, '.ssh')), kernelId(join(home, '.docker')), kernelId(join(home, '.config/gh'))]));
    expect(ids.secret).toHaveLength(3);
    // Those not made yet are named by their parent and name, when the parent is there (.aws under the home).
    expect(ids.unmade).toEqual([{ parent: kernelId(home), name: '.aws' }]);
  });
});

describe('createCwdLookup', () => {
  it('names the directory the kernel reported; asks /proc (and learns its answer) only for one it does not know', () => {
    const names = new DirNames();
    const cwdOf = createCwdLookup(new ProcessTable(), names);
    expect(cwdOf(process.pid, undefined, kernelId(process.cwd()))).toBe(process.cwd()); // not learned yet, alive: /proc
    expect(names.name(kernelId(process.cwd()))).toBe(process.cwd()); // and learned from it
    const project = tmp();
    names.learn(project);
    expect(cwdOf(GONE_PID, `${GONE_PID}:1`, kernelId(project))).toBe(project); // gone: the kernel's word
    // Alive but elsewhere now (it `cd`d on after the syscall): where the syscall was made, not where /proc says.
    expect(cwdOf(process.pid, undefined, kernelId(project))).toBe(project);
    const unknown = tmp();
    expect(cwdOf(process.pid, undefined, kernelId(unknown))).toBeUndefined(); // /proc says elsewhere: unknown, not wrong
    expect(cwdOf(GONE_PID + 1, undefined, { dev: 1, ino: 2 })).toBeUndefined(); // never learned, gone: unknown, not guessed
    expect(cwdOf(process.pid, undefined, undefined)).toBe(process.cwd()); // no identity read: /proc as it is
  });

  it('names a seeded directory made since the seeding (the seeds are stat\'d again on a miss, at most once a second)', () => {
    const home = tmp();
    const names = new DirNames();
    seedDirs(names, [home]);
    let reseeds = 0;
    const cwdOf = createCwdLookup(new ProcessTable(), names, () => { reseeds++; seedDirs(names, [home], true); });
    const aws = join(home, '.aws');
    mkdirSync(aws); // `aws configure`, after the daemon started
    expect(cwdOf(GONE_PID, undefined, kernelId(aws))).toBe(aws);
    expect(cwdOf(GONE_PID, undefined, { dev: 1, ino: 2 })).toBeUndefined(); // a miss right after: no second stat round
    expect(reseeds).toBe(1);
  });
});
