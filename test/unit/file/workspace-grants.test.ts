// Who holds which watched workspace: too-broad cwds, the per-session cap, the unconfirmed sessions' share,
// release on session end and on idleness (unconfirmed only), shared roots released with their last holder.
import { describe, expect, it } from 'vitest';
import { ANONYMOUS, WorkspaceGrants } from '../../../collectors/file/workspace-grants.js';
import { FileWatchConfigSchema } from '../../../collectors/file/config.js';

const HOME = '/home/dev';
const limits = { perSession: 2, unconfirmedWatches: 100, idleMs: 60_000 };
const forged = (sid: string) => ({ sessionId: sid, confirmed: false });
const real = (sid: string) => ({ sessionId: sid, confirmed: true });

describe('workspace grants', () => {
  it('never watches /, the home directory or its ancestors for an unconfirmed session; caps the workspaces of one session', () => {
    const g = new WorkspaceGrants(limits, HOME);
    for (const cwd of ['/', HOME, '/home', `${HOME}/`]) expect(g.precheck(cwd, forged('s'), undefined), cwd).toBe('too-broad');
    expect(g.precheck(HOME, real('s'), undefined)).toBeUndefined(); // `agentwatch run` in ~: the budget decides
    expect(g.precheck(`${HOME}/proj`, forged('s'), undefined)).toBeUndefined();
    expect(g.precheck('/home/devx', forged('s'), undefined)).toBeUndefined(); // a sibling, not an ancestor
    g.hold('/a', forged('s'), 0, 5);
    g.hold('/b', forged('s'), 0, 5);
    expect(g.precheck('/c', forged('s'), undefined)).toBe('per-session');
    expect(g.precheck('/a/sub', forged('s'), '/a')).toBeUndefined(); // inside one it holds already
    expect(g.precheck('/c', forged('t'), undefined)).toBeUndefined();
    expect(g.precheck('/c', ANONYMOUS, undefined)).toBeUndefined();
  });

  it('unconfirmed sessions share a budget; confirmation takes a root out of it; release gives it back', () => {
    const g = new WorkspaceGrants(limits, HOME);
    g.hold('/a', forged('f1'), 0, 60);
    expect(g.room(forged('f2'))).toBe(40);
    expect(g.room(real('r'))).toBe(Infinity);
    g.hold('/a', real('f1'), 0); // the same session, now confirmed by its process
    expect(g.unconfirmedUsed).toBe(0);
    g.hold('/b', forged('f2'), 0, 30);
    g.hold('/b', forged('f3'), 0); // another session in the same workspace
    expect(g.end('f2')).toEqual([]); // f3 still holds it
    expect(g.end('f3')).toEqual([{ root: '/b', cost: 30 }]);
    expect(g.end('f1')).toEqual([{ root: '/a', cost: 60 }]);
    expect(g).toMatchObject({ unconfirmedUsed: 0, released: 2, workspaces: 0 });
  });

  it('a shared root goes back to the unconfirmed budget when its confirmed holder ends', () => {
    const g = new WorkspaceGrants(limits, HOME);
    g.hold('/a', real('r'), 0, 10);
    g.hold('/a', forged('f'), 0);
    expect(g.unconfirmedUsed).toBe(0);
    expect(g.end('r')).toEqual([]);
    expect(g.unconfirmedUsed).toBe(10);
  });

  it('idle unconfirmed sessions are released; activity and confirmation keep them', () => {
    const g = new WorkspaceGrants(limits, HOME);
    g.hold('/idle', forged('f1'), 0, 5);
    g.hold('/busy', forged('f2'), 0, 5);
    g.hold('/real', real('r'), 0, 5);
    g.touch('f2', 50_000);
    expect(g.sweep(61_000)).toEqual([{ root: '/idle', cost: 5 }]);
    expect(g.sweep(200_000)).toEqual([{ root: '/busy', cost: 5 }]);
    expect(g.workspaces).toBe(1);
  });

  it('config: per-session cap, unconfirmed share and idle time have defaults', () => {
    expect(FileWatchConfigSchema.parse({})).toMatchObject({ maxWorkspacesPerSession: 4, unconfirmedShare: 0.5, workspaceIdleMinutes: 30 });
  });
});
