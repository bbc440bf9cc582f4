// The live feed: /v1/stream over a WebSocket opened with the session cookie (same origin), reconnecting
// with backoff when the daemon restarts. Messages go to one handler; `send` for decide.
export type LiveMessage = { type: string; [field: string]: unknown };

export interface Live { send(msg: object): boolean; close(): void }

export function connectLive(onMessage: (m: LiveMessage) => void, onState: (up: boolean) => void): Live {
  let ws: WebSocket | undefined;
  let closed = false;
  let backoff = 500;
  const open = () => {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/stream?topics=events,alerts,agents,status,pending`;
    ws = new WebSocket(url);
    ws.onopen = () => { backoff = 500; onState(true); ws!.send(JSON.stringify({ type: 'subscribe', topics: ['events', 'alerts', 'agents', 'status', 'pending'] })); };
    ws.onmessage = (e) => { try { onMessage(JSON.parse(String(e.data)) as LiveMessage); } catch { /* not JSON: ignored */ } };
    ws.onclose = () => {
      onState(false);
      if (!closed) { setTimeout(open, backoff); backoff = Math.min(backoff * 2, 10_000); }
    };
  };
  open();
  return {
    send: (msg) => { if (ws?.readyState !== WebSocket.OPEN) return false; ws.send(JSON.stringify(msg)); return true; },
    close: () => { closed = true; ws?.close(); },
  };
}
