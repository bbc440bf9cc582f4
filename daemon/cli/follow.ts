// `--follow`: live events or alerts from the daemon's WebSocket stream.
import WebSocket from 'ws';
import { TOKEN_ROTATED } from '../stream.js';
import type { Alert, Event } from '../../core/event.js';

export function follow(port: number, token: string, topic: 'events' | 'alerts', onItem: (item: Event | Alert) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/stream?topics=${topic}`, { headers: { authorization: `Bearer ${token}` } });
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as { type: string; event?: Event; alert?: Alert };
      if (msg.type === 'event' && msg.event) onItem(msg.event);
      if (msg.type === 'alert' && msg.alert) onItem(msg.alert);
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`stream refused: HTTP ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('close', (code) => {
      if (code === TOKEN_ROTATED) process.stderr.write('agentwatch: the stream token was rotated (agentwatch token rotate); run the command again\n');
      resolve();
    });
    const stop = () => ws.close();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
