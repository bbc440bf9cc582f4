// `agentwatch tray`: the tray icon (systray2's helper binary, shipped in its npm package), its menu and
// the desktop notifications. Live data comes over the same reconnecting stream client as the terminal
// console; the icon says ok / alerts / an action waits / the daemon is down.
import { execFile } from 'node:child_process';
import SysTrayModule, { type MenuItem } from 'systray2';
import type { Alert } from '../../core/event.js';
import { ConsoleClient, readHistory } from '../tui/client.js';
import { applyMessage, emptyModel, withAlert, type ConsoleModel } from '../tui/model.js';
import { fit } from '../tui/lines.js';
import { desktopNotifier } from './desktop-notify.js';
import { DEFAULT_NOTIFY, emptyNotifyState, flush, offer, type Notification } from './notify-policy.js';
import { iconBase64 } from './icons.js';
import { prepareHelper } from './helper-binary.js';
import { STATE_TEXT, trayState, type TrayState } from './state.js';

// systray2 is CommonJS with `exports.default`; under NodeNext its default import is the module object.
type SysTrayClass = typeof import('systray2').default;
const SysTray = ((SysTrayModule as unknown as { default?: SysTrayClass }).default ?? SysTrayModule) as unknown as SysTrayClass;

export interface TrayOptions { stateDir: string; port?: number; log: (line: string) => void }

const LATEST = 5;
const PAUSE_S = 600;
// Menu layout: fixed slots, updated in place (seq_id is the index in this list).
const STATUS = 0;
const FIRST_ALERT = 1;
const OPEN_CONSOLE = FIRST_ALERT + LATEST + 1; // after the separator
const PAUSE = OPEN_CONSOLE + 1;
const QUIT = PAUSE + 1;

const item = (title: string, enabled = true): MenuItem => ({ title, tooltip: title, enabled, checked: false });

function alertTitle(a: Alert): string {
  return fit(`${a.acknowledged ? '✓ ' : ''}${a.severity.toUpperCase()} ${a.title} (${a.agent.kind}${a.sessionId ? ` ${a.sessionId.slice(0, 8)}` : ''})`, 70);
}

export function menuItems(state: TrayState, model: ConsoleModel): MenuItem[] {
  const latest = model.alerts.slice(0, LATEST);
  const alertSlots = Array.from({ length: LATEST }, (_, i) => {
    const a = latest[i];
    return a ? item(alertTitle(a)) : { ...item(i === 0 ? 'no alerts' : '', false), hidden: i !== 0 };
  });
  const waiting = model.pending.length > 0 ? ` — ${model.pending.length} waiting` : '';
  return [item(`${STATE_TEXT[state]}${waiting}`, false), ...alertSlots, SysTray.separator, item('Open console'), item('Pause enforcement for 10 minutes', state !== 'down'), item('Quit')];
}

function openUrl(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  execFile(opener, [url], () => undefined);
}

export async function runTray(opts: TrayOptions): Promise<void> {
  const { log } = opts;
  const notifier = desktopNotifier();
  if (!notifier.available) log(`tray: desktop notifications off: ${notifier.why}`);
  const show = (n: Notification) => { log(`tray: notify: ${n.title} — ${n.body}`); if (notifier.available) notifier.show(n); };

  let model = emptyModel();
  try { for (const a of readHistory(opts.stateDir, 50, 0).alerts) model = withAlert(model, a); } catch { /* no store yet */ }
  const notes = emptyNotifyState();
  let shownState: TrayState = 'down';
  const initial = menuItems('down', model);
  const shownItems = initial.map((it) => JSON.stringify(it));
  let ready = false;

  const tray = new SysTray({ menu: { icon: iconBase64('down'), title: '', tooltip: STATE_TEXT.down, items: initial }, copyDir: prepareHelper(opts.stateDir) });
  const refresh = () => {
    // Nothing may reach the helper before its first line, the whole menu: an update first makes it panic.
    if (!ready) return;
    const state = trayState({ connected: model.connection.state === 'connected', alerts: model.alerts, pending: model.pending.length });
    const items = menuItems(state, model);
    if (state !== shownState) {
      shownState = state;
      log(`tray: state ${state}`);
      void tray.sendAction({ type: 'update-menu', menu: { icon: iconBase64(state), title: '', tooltip: STATE_TEXT[state], items } });
    }
    items.forEach((it, i) => {
      if (it === SysTray.separator) return;
      const key = JSON.stringify(it);
      if (shownItems[i] !== key) { shownItems[i] = key; void tray.sendAction({ type: 'update-item', item: it, seq_id: i }); }
    });
  };

  const client = new ConsoleClient(opts.stateDir, opts.port, {
    onMessage: (msg) => {
      const before = model;
      model = applyMessage(model, msg);
      const now = Date.now();
      if (msg.type === 'alert' && model.alerts[0] && model.alerts[0] !== before.alerts[0]) {
        const a = model.alerts[0];
        if (a.count === 1) for (const n of offer(notes, { kind: 'alert', sessionId: a.sessionId, severity: a.severity, title: a.title, agent: a.agent.kind }, now)) show(n);
      }
      if (msg.type === 'pending' && model.pending.length > before.pending.length) {
        const p = model.pending.at(-1)!;
        for (const n of offer(notes, { kind: 'pending', sessionId: p.sessionId, title: `${p.tool.name}: ${p.title ?? p.reason ?? ''}`, agent: p.agent.kind }, now)) show(n);
      }
      refresh();
    },
    onConnection: (c) => { model = { ...model, connection: c }; refresh(); },
    onConnected: () => undefined,
  });

  const actions: Record<number, () => Promise<void>> = {
    [OPEN_CONSOLE]: async () => {
      const r = await client.request('POST', '/v1/console/link');
      const url = (r.json as { url?: string } | undefined)?.url;
      if (r.status === 200 && url) { log('tray: opening the web console'); openUrl(url); return; }
      show({ title: 'agentwatch: cannot open the console', body: r.status === 404 ? 'the web console is not available from this daemon' : (r.error ?? `HTTP ${r.status}`), urgent: false });
    },
    [PAUSE]: async () => {
      const r = await client.request('POST', '/v1/mode', { mode: 'observe', forS: PAUSE_S });
      const until = (r.json as { until?: string } | undefined)?.until;
      show(r.status === 200
        ? { title: 'agentwatch: enforcement paused', body: until ? `observing only until ${new Date(until).toLocaleTimeString()}` : 'enforcement was not on: nothing to pause', urgent: false }
        : { title: 'agentwatch: could not pause enforcement', body: r.status === 404 ? 'this daemon has no mode switch' : (r.error ?? `HTTP ${r.status}`), urgent: false });
    },
    [QUIT]: async () => { stop(); },
  };
  for (let i = FIRST_ALERT; i < FIRST_ALERT + LATEST; i++) actions[i] = actions[OPEN_CONSOLE]!;

  const ticker = setInterval(() => { for (const n of flush(notes, Date.now(), DEFAULT_NOTIFY)) show(n); refresh(); }, 1000);
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => { done = resolve; });
  const stop = () => {
    clearInterval(ticker);
    client.stop();
    void tray.kill(false).finally(() => { log('tray: stopped'); done(); });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // A helper that cannot start (a missing library) never says ready: give up with the likely reason.
  let startTimer: NodeJS.Timeout | undefined;
  const startFailed = new Promise<never>((_, reject) => { startTimer = setTimeout(() => reject(new Error('the tray helper did not start within 15 s (on Linux it needs GTK 3 and libayatana-appindicator3-1, and a graphical session)')), 15_000); });
  try { await Promise.race([tray.ready(), startFailed]); } catch (err) {
    clearInterval(ticker);
    try { tray.process?.kill(); } catch { /* not started */ }
    throw err;
  } finally { clearTimeout(startTimer); }
  // The helper's own complaints (GTK, D-Bus, a Go panic) are the only clue when it dies: keep the last lines.
  let helperErr = '';
  tray.process.stdin?.on('error', () => undefined); // a dead helper: its exit is reported below
  ready = true;
  tray.process.stderr?.on('data', (d: Buffer) => { helperErr = (helperErr + d.toString()).slice(-2000); });
  tray.onError((err: Error) => { log(`tray: the tray helper failed: ${err.message}`); stop(); });
  tray.onExit((code) => { if (code !== 0 && code !== null) { log(`tray: the tray helper exited ${code}: ${helperErr.trim().split('\n').filter((l) => !/WARNING/.test(l)).slice(-3).join(' | ')}`); stop(); } });
  log(`tray: ready (helper ${tray.binPath}, pid ${tray.process.pid ?? '?'})`);
  await tray.onClick((action: { seq_id: number }) => { void actions[action.seq_id]?.().catch((err: Error) => log(`tray: ${err.message}`)); });
  client.start();
  refresh();
  await finished;
}
