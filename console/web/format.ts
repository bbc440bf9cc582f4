// Small display helpers shared by the views.
import type { Event } from './api.js';
import { callOrigin } from '../../core/event.js';

export function age(ts: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(ts)) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

export const clock = (ts: string) => new Date(ts).toLocaleTimeString([], { hour12: false });

/** One line saying what an event is: the tool and its command or path, the program run, the file, the host. */
export function summary(e: Event): string {
  const input = (e.tool?.input ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  if (e.tool && e.source === 'hook') {
    const origin = callOrigin(e);
    return `${origin ? `${origin}: ` : ''}${e.tool?.name ?? 'tool'} ${str(input.command) || str(input.file_path) || str(input.path) || str(input.url) || str(input.pattern) || ''}`.trim();
  }
  switch (e.kind) {
    case 'prompt': return e.text ?? '';
    case 'exec': return e.command ?? e.argv?.join(' ') ?? e.exe ?? '';
    case 'net.connect': return `${e.remote?.host ?? e.remote?.addr ?? '?'}:${e.remote?.port ?? ''}`;
    default: return e.path ?? e.command ?? e.tool?.name ?? e.kind;
  }
}

/** Which timeline lane an event belongs on. */
export function laneOf(e: Event): 'intent' | 'process' | 'file' | 'network' | 'other' {
  if (e.source === 'hook' || e.kind === 'prompt' || e.kind.startsWith('session.')) return 'intent';
  if (e.kind === 'exec' || e.kind === 'exit') return 'process';
  if (e.kind.startsWith('file.')) return 'file';
  if (e.kind.startsWith('net.')) return 'network';
  return 'other';
}
