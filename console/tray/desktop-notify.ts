// Shows a notification with what the desktop has: notify-send (Linux, libnotify) or osascript (macOS).
// Where neither exists the tray still works; it says once that notifications are off, and why.
import { execFile } from 'node:child_process';
import { onPath } from '../../core/on-path.js';
import type { Notification } from './notify-policy.js';

export type Notifier = { available: true; show(n: Notification): void } | { available: false; why: string };

export function desktopNotifier(platform = process.platform): Notifier {
  if (platform === 'darwin' && onPath('osascript')) {
    // Text goes in as arguments to the script, never spliced into AppleScript source.
    const script = 'on run argv\ndisplay notification (item 2 of argv) with title (item 1 of argv)\nend run';
    return { available: true, show: (n) => { execFile('osascript', ['-e', script, n.title, n.body], () => undefined); } };
  }
  const notifySend = onPath('notify-send');
  if (notifySend) {
    return { available: true, show: (n) => { execFile(notifySend, ['--app-name=agentwatch', `--urgency=${n.urgent ? 'critical' : 'normal'}`, '--', n.title, n.body], () => undefined); } };
  }
  return { available: false, why: platform === 'darwin' ? 'osascript not found' : 'notify-send not found (install libnotify-bin)' };
}
