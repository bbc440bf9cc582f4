// How `agentwatch run` tells the daemon a supervised session started and ended. Best effort: a daemon
// that is down, slow or refuses never stops the session (the recording goes on without events).
import { readDaemonInfo, readToken } from '../state-dir.js';
import type { PtySessionBody } from './session-event.js';

export interface DaemonLink { port: number; token: string }

export function findDaemon(stateDir: string, port?: number): DaemonLink | undefined {
  const info = readDaemonInfo(stateDir);
  const token = readToken(stateDir);
  return info && token ? { port: port ?? info.port, token } : undefined;
}

/** Undefined when the daemon took the event, else why it did not. */
export async function postSession(link: DaemonLink, body: PtySessionBody, timeoutMs = 2000): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${link.port}/v1/pty/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${link.token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return res.ok ? undefined : `daemon answered ${res.status}: ${text.slice(0, 200)}`;
  } catch (err) {
    return (err as Error).message;
  }
}
