import { describe, expect, it } from 'vitest';
import { ProcessTree, procKeyOf } from '../../../daemon/attribution/process-tree.js';

describe('process tree', () => {
  it('links a child to the parent that was live when it started, not a later process with that pid', () => {
    const t = new ProcessTree();
    t.add({ key: '10:1', pid: 10 });
    const child = t.add({ key: '11:2', pid: 11, ppid: 10 });
    t.exit('10:1');
    t.add({ key: '10:9', pid: 10, stamp: { agent: 'claude-code', sessionId: 'other' } }); // pid 10 reused
    expect(t.parentOf(child)?.key).toBe('10:1');
    expect([...t.ancestors(child)].map((n) => n.key)).toEqual(['10:1']);
    expect(t.byPid(10)?.key).toBe('10:9');
  });

  it('an exit frees the pid but keeps the node for its children', () => {
    const t = new ProcessTree();
    t.add({ key: '5:1', pid: 5 });
    t.exit('5:1');
    expect(t.byPid(5)).toBeUndefined();
    expect(t.get('5:1')?.exited).toBe(true);
  });

  it('is bounded: the oldest nodes go first and are counted', () => {
    const t = new ProcessTree(3);
    for (let pid = 1; pid <= 5; pid++) t.add({ key: procKeyOf(pid, '1'), pid });
    expect(t.size).toBe(3);
    expect(t.evicted).toBe(2);
    expect(t.byPid(1)).toBeUndefined();
    expect(t.byPid(5)?.key).toBe('5:1');
  });

  it('a child that came before its parent (the kernel\'s per-CPU buffers) is adopted when the parent comes; an older one is not', () => {
    const t = new ProcessTree();
    const early = t.add({ key: '21:50', pid: 21, ppid: 20 });
    const stale = t.add({ key: '22:5', pid: 22, ppid: 20 }); // started before the parent below: another pid-20's child
    expect(t.parentOf(early)).toBeUndefined();
    t.add({ key: '20:40', pid: 20, ppid: 10 });
    expect(t.parentOf(early)?.key).toBe('20:40');
    expect(t.parentOf(stale)).toBeUndefined();
    const later = t.add({ key: '23:60', pid: 23, ppid: 20 });
    expect(t.parentOf(later)?.key).toBe('20:40');
  });

  it('stops at a cycle of stale keys', () => {
    const t = new ProcessTree();
    t.add({ key: 'a', pid: 1, parentKey: 'b' });
    const b = t.add({ key: 'b', pid: 2, parentKey: 'a' });
    expect([...t.ancestors(b)].map((n) => n.key)).toEqual(['a']);
  });
});
