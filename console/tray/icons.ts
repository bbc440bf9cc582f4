// The tray's four icons, drawn at start (no image files to ship): a filled disc in the state's colour
// with a darker ring, 22×22 (the size GNOME/KDE panels ask for), as base64 PNG for systray2.
import { encodePng } from './png.js';
import type { TrayState } from './state.js';

const COLOURS: Record<TrayState, [number, number, number]> = {
  ok: [46, 160, 67], // green
  alerts: [230, 150, 0], // amber
  action: [200, 30, 140], // magenta: wants a decision now
  down: [128, 128, 128], // grey
};

export function iconPng(state: TrayState, size = 22): Buffer {
  const [r, g, b] = COLOURS[state];
  const px = new Uint8Array(size * size * 4);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const i = (y * size + x) * 4;
      if (d > c) continue; // transparent outside the disc
      const ring = d > c - 2 ? 0.6 : 1;
      px[i] = Math.round(r * ring); px[i + 1] = Math.round(g * ring); px[i + 2] = Math.round(b * ring); px[i + 3] = 255;
    }
  }
  return encodePng(size, size, px);
}

export const iconBase64 = (state: TrayState) => iconPng(state).toString('base64');
