// The terminal console (`agentwatch console`): ink + react, written with htm instead of JSX. One screen
// of rows-1 lines (ink clears the whole terminal when its output is as tall as the screen), so it works
// in 80×24. Styles only when colour is allowed (NO_COLOR); the selected row is marked with › either way.
import React from 'react';
import htmDefault from 'htm';
import { Box, Text, render, useApp, useInput, useStdout } from 'ink';
import type { Alert, Event } from '../../core/event.js';
import { ConsoleClient, readHistory, readTimeline, thisWasMeInStore } from './client.js';
import { applyMessage, emptyModel, withAck, withAlert, withEvent, withoutPending, type ConsoleModel, type Connection } from './model.js';
import { ALERT_HEADER, SESSION_HEADER, alertRow, eventRow, fit, pendingRow, sessionRow, wrap } from './lines.js';

// htm's declarations describe its CommonJS build; under NodeNext they type the default import as the module.
type Htm = { bind(h: typeof React.createElement): (strings: TemplateStringsArray, ...values: unknown[]) => unknown };
const html = (htmDefault as unknown as Htm).bind(React.createElement);

export interface ConsoleOptions { stateDir: string; port?: number; color: boolean }

type View = { name: 'main' } | { name: 'help' } | { name: 'detail'; alert?: Alert; sessionId?: string; timeline: Event[]; scroll: number };
type Scope = 'session' | 'project' | 'agent';

const SEVERITY_COLOUR: Record<string, string> = { critical: 'magenta', high: 'red', medium: 'yellow', low: 'cyan', info: 'gray' };

/** A history load or a stream message, folded into the model. */
function loaded(m: ConsoleModel, stateDir: string): ConsoleModel {
  const h = readHistory(stateDir);
  let next = m;
  for (const e of h.events) next = withEvent(next, e);
  for (const a of h.alerts) next = withAlert(next, a);
  return next;
}

function Console({ opts }: { opts: ConsoleOptions }) {
  const { exit } = useApp();
  const { stdout } = useStdout();
  const [model, setModel] = React.useState<ConsoleModel>(() => { try { return loaded(emptyModel(), opts.stateDir); } catch { return emptyModel(); } });
  const [view, setView] = React.useState<View>({ name: 'main' });
  const [focus, setFocus] = React.useState<'alerts' | 'sessions'>('alerts');
  const [cursor, setCursor] = React.useState({ alerts: 0, sessions: 0 });
  const [note, setNote] = React.useState('? for help');
  const [asking, setAsking] = React.useState<Alert | undefined>(undefined);
  const [now, setNow] = React.useState(Date.now());
  const [size, setSize] = React.useState({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  const client = React.useRef<ConsoleClient | undefined>(undefined);

  React.useEffect(() => {
    const c = new ConsoleClient(opts.stateDir, opts.port, {
      onMessage: (msg) => setModel((m) => applyMessage(m, msg)),
      onConnection: (conn: Connection) => setModel((m) => ({ ...m, connection: conn })),
      onConnected: () => {
        setModel((m) => { try { return loaded(m, opts.stateDir); } catch { return m; } });
        void c.request('GET', '/v1/pending').then((r) => {
          const list = (r.json as { pending?: unknown[] } | undefined)?.pending ?? (Array.isArray(r.json) ? r.json : []);
          if (r.status === 200) setModel((m) => list.reduce<ConsoleModel>((acc, p) => applyMessage(acc, { type: 'pending', pending: p }), m));
        });
      },
    });
    client.current = c;
    c.start();
    const tick = setInterval(() => setNow(Date.now()), 1000);
    const resize = () => setSize({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', resize);
    return () => { c.stop(); clearInterval(tick); stdout.off('resize', resize); };
  }, []);

  const { cols, rows } = size;
  const selected = model.alerts[Math.min(cursor.alerts, model.alerts.length - 1)];
  const selectedSession = model.sessions[Math.min(cursor.sessions, model.sessions.length - 1)];

  const openDetail = (alert: Alert | undefined, sessionId: string | undefined) => {
    let timeline: Event[] = [];
    try { timeline = sessionId ? readTimeline(opts.stateDir, sessionId) : []; } catch (err) { setNote(`timeline: ${(err as Error).message}`); }
    setView({ name: 'detail', alert, sessionId, timeline, scroll: 0 });
  };

  const acknowledge = (a: Alert | undefined) => {
    if (!a) return setNote('no alert selected');
    if (!client.current?.send({ type: 'ack', alertId: a.id })) return setNote('disconnected — cannot acknowledge now');
    setModel((m) => withAck(m, a.id));
    setNote(`acknowledged ${a.id.slice(0, 8)}`);
  };

  const thisWasMe = async (a: Alert, scope: Scope) => {
    const r = await client.current!.request('POST', `/v1/console/alerts/${encodeURIComponent(a.id)}/mine`, { scope });
    if (r.status === 200) { setModel((m) => withAck(m, a.id)); return setNote(`this was me (${scope}): ${a.id.slice(0, 8)}`); }
    if (r.status === 404 && r.json && (r.json as { error?: string }).error === 'not found') {
      // A daemon without the console API: the same store write as `agentwatch alerts ack --this-was-me`.
      try { setNote(`${thisWasMeInStore(opts.stateDir, a.id, scope)} (the console API is not available from this daemon)`); setModel((m) => withAck(m, a.id)); } catch (err) { setNote(`this was me: ${(err as Error).message}`); }
      return;
    }
    setNote(`this was me failed: ${r.error ?? `HTTP ${r.status} ${JSON.stringify(r.json)}`}`);
  };

  const decide = (answer: 'allow' | 'deny') => {
    const p = model.pending[0];
    if (!p) return setNote('no action is waiting');
    if (!client.current?.send({ type: 'decide', pendingId: p.id, answer })) return setNote('disconnected — cannot answer now');
    setModel((m) => withoutPending(m, p.id));
    setNote(`${answer === 'allow' ? 'allowed' : 'refused'} ${p.tool.name} (${p.id.slice(0, 8)})`);
  };

  useInput((input: string, key: { upArrow: boolean; downArrow: boolean; return: boolean; escape: boolean; tab: boolean; backspace: boolean; ctrl: boolean }) => {
    if (asking) {
      const scope = ({ s: 'session', p: 'project', a: 'agent' } as Record<string, Scope>)[input];
      const a = asking;
      setAsking(undefined);
      if (scope) void thisWasMe(a, scope); else setNote('this was me: cancelled');
      return;
    }
    if (input === 'q' || (key.ctrl && input === 'c')) { client.current?.stop(); exit(); return; }
    if (input === '?') return setView(view.name === 'help' ? { name: 'main' } : { name: 'help' });
    if (input === 'y') return decide('allow');
    if (input === 'n') return decide('deny');
    const current = view.name === 'detail' ? view.alert : focus === 'alerts' ? selected : undefined;
    if (input === 'a') return acknowledge(current);
    if (input === 'm') {
      if (!current) return setNote('no alert selected');
      setAsking(current);
      return setNote('this was me — scope: [s]ession [p]roject [a]gent (any other key cancels)');
    }
    const up = key.upArrow || input === 'k';
    const down = key.downArrow || input === 'j';
    if (view.name === 'detail') {
      if (key.escape || key.return || key.backspace || input === 'h') return setView({ name: 'main' });
      if (up || down) return setView({ ...view, scroll: Math.max(0, Math.min(view.timeline.length - 1, view.scroll + (down ? 1 : -1))) });
      return;
    }
    if (view.name === 'help') { if (key.escape || key.return) setView({ name: 'main' }); return; }
    if (key.tab) return setFocus(focus === 'alerts' ? 'sessions' : 'alerts');
    if (up || down) {
      const len = focus === 'alerts' ? model.alerts.length : model.sessions.length;
      return setCursor((c) => ({ ...c, [focus]: Math.max(0, Math.min(len - 1, c[focus] + (down ? 1 : -1))) }));
    }
    if (key.return) return focus === 'alerts' ? openDetail(selected, selected?.sessionId) : openDetail(undefined, selectedSession?.id);
  });

  const style = (props: Record<string, unknown>) => (opts.color ? props : {});
  const line = (text: string, props: Record<string, unknown> = {}, k?: string | number) => html`<${Text} key=${k} wrap="truncate" ...${style(props)}>${text || ' '}</${Text}>`;
  const body: unknown[] = [];
  const conn = model.connection;
  const status = conn.state === 'connected' ? `connected :${conn.port}` : conn.state === 'connecting' ? 'connecting…' : `disconnected — retrying (${conn.why})`;
  const unacked = model.alerts.filter((a) => !a.acknowledged).length;
  body.push(line(fit(`agentwatch console · ${status} · ${model.sessions.length} sessions · ${unacked}/${model.alerts.length} alerts new · ${model.pending.length} waiting`, cols), { bold: true, color: conn.state === 'connected' ? 'green' : 'red' }, 'head'));
  const height = rows - 1; // never the full height: see the file comment
  const footer = [line(fit(note, cols), { color: 'yellow' }, 'note'), line(fit('↑↓/jk move  ⏎ detail  tab pane  a ack  m mine  y/n allow/refuse  ? help  q quit', cols), { dimColor: true }, 'keys')];
  let room = height - body.length - footer.length;

  if (model.pending.length > 0) {
    body.push(line(fit(`ACTION WAITING (${model.pending.length}) — y allow · n refuse: ${model.pending[0]!.title ?? model.pending[0]!.reason ?? ''}`, cols), { bold: true, color: 'magenta' }, 'ph'));
    body.push(line(pendingRow(model.pending[0]!, now, cols), { color: 'magenta' }, 'p0'));
    room -= 2;
  }

  if (view.name === 'help') {
    const help = ['Keys', '  ↑/↓ or k/j   move in the focused pane, or scroll the detail timeline', '  tab          switch between the alerts and sessions panes', '  ⏎            detail: the alert\'s reason, evidence and its session\'s timeline', '  esc / ⏎      back', '  a            acknowledge the alert', '  m            "this was me": it was you (scope session, project or agent)', '  y / n        allow / refuse the action waiting for you', '  q            quit'];
    for (const [i, h] of help.slice(0, room).entries()) body.push(line(fit(h, cols), {}, `h${i}`));
  } else if (view.name === 'detail') {
    const a = view.alert;
    const lines: [string, Record<string, unknown>][] = [];
    if (a) {
      lines.push([fit(`${a.severity.toUpperCase()} ${a.title}${a.acknowledged ? ' (acknowledged)' : ''}`, cols), { bold: true, color: SEVERITY_COLOUR[a.severity] }]);
      lines.push([fit(`rule ${a.rule} · ${a.tactic}${a.technique ? ` ${a.technique}` : ''} · ${a.agent.kind} · session ${a.sessionId ?? '-'} · x${a.count}${a.blocked ? ' · blocked' : ''}`, cols), {}]);
      for (const w of wrap(a.reason, cols, 3)) lines.push([w, {}]);
      lines.push(['evidence:', { bold: true }]);
      const byId = new Map(view.timeline.map((e) => [e.id, e]));
      for (const id of a.evidence.slice(0, 3)) { const e = byId.get(id); lines.push([e ? eventRow(e, cols) : fit(`  ${id} (not in this session's stored events)`, cols), { color: 'cyan' }]); }
    } else {
      lines.push([fit(`session ${view.sessionId ?? '-'}`, cols), { bold: true }]);
    }
    lines.push([fit(`timeline (${view.timeline.length} events${view.timeline.length ? `, from ${view.scroll + 1}` : ''}):`, cols), { bold: true }]);
    const left = Math.max(0, room - lines.length);
    const evidence = new Set(a?.evidence ?? []);
    for (const e of view.timeline.slice(view.scroll, view.scroll + left)) lines.push([eventRow(e, cols), evidence.has(e.id) ? { color: 'cyan' } : {}]);
    for (const [i, [t, p]] of lines.slice(0, room).entries()) body.push(line(t, p, `d${i}`));
  } else {
    const sessionRows = Math.max(2, Math.min(5, model.sessions.length, Math.floor((room - 2) / 3)));
    const alertRows = room - sessionRows - 2 - 1;
    body.push(line(fit(`${focus === 'sessions' ? '›' : ' '} ${SESSION_HEADER}`, cols), { bold: true }, 'sh'));
    const sFirst = Math.max(0, Math.min(cursor.sessions - sessionRows + 1, model.sessions.length - sessionRows));
    for (let i = 0; i < sessionRows; i++) {
      const s = model.sessions[sFirst + i];
      const on = focus === 'sessions' && sFirst + i === cursor.sessions;
      body.push(line(s ? `${on ? '›' : ' '} ${sessionRow(s, now, cols - 2)}` : (i === 0 ? '  (no sessions yet)' : ''), { inverse: on }, `s${i}`));
    }
    body.push(line(fit(`${focus === 'alerts' ? '›' : ' '} ${ALERT_HEADER}`, cols), { bold: true }, 'ah'));
    const aFirst = Math.max(0, Math.min(cursor.alerts - alertRows + 1, model.alerts.length - alertRows));
    for (let i = 0; i < alertRows; i++) {
      const a = model.alerts[aFirst + i];
      const on = focus === 'alerts' && aFirst + i === cursor.alerts;
      body.push(line(a ? `${on ? '›' : ' '} ${alertRow(a, now, cols - 2)}` : (i === 0 && model.alerts.length === 0 ? '  (no alerts)' : ''), a ? { inverse: on, color: SEVERITY_COLOUR[a.severity], dimColor: a.acknowledged } : {}, `a${i}`));
    }
  }
  while (body.length < height - footer.length) body.push(line('', {}, `pad${body.length}`));
  return html`<${Box} flexDirection="column" height=${height}>${body}${footer}</${Box}>`;
}

/** Runs the console until `q`; resolves when it has exited. */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const app = render(html`<${Console} opts=${opts} />`, { exitOnCtrlC: false, patchConsole: false });
  await app.waitUntilExit();
}
