// The tray icon's state: the most urgent fact wins.
import { describe, expect, it } from 'vitest';
import { trayState } from '../../../console/tray/state.js';
import { iconPng } from '../../../console/tray/icons.js';

describe('tray state', () => {
  const unacked = { severity: 'high' as const, acknowledged: undefined };
  const acked = { severity: 'high' as const, acknowledged: true };
  it('is down when the daemon is not connected, whatever else is known', () => {
    expect(trayState({ connected: false, alerts: [unacked], pending: 2 })).toBe('down');
  });
  it('is action when a held action waits, before alerts', () => {
    expect(trayState({ connected: true, alerts: [unacked], pending: 1 })).toBe('action');
  });
  it('is alerts while one is unacknowledged; info alerts and acknowledged ones do not count', () => {
    expect(trayState({ connected: true, alerts: [acked, unacked], pending: 0 })).toBe('alerts');
    expect(trayState({ connected: true, alerts: [acked, { severity: 'info', acknowledged: undefined }], pending: 0 })).toBe('ok');
    expect(trayState({ connected: true, alerts: [], pending: 0 })).toBe('ok');
  });
  it('draws a distinct PNG icon per state', () => {
    const icons = (['ok', 'alerts', 'action', 'down'] as const).map((s) => iconPng(s).toString('base64'));
    expect(new Set(icons).size).toBe(4);
    expect(iconPng('ok').subarray(1, 4).toString('ascii')).toBe('PNG');
  });
});
