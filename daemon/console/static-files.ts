// The bundled page (built by scripts/build-console.mjs into dist/console/web), read from disk per request:
// three small files, so nothing stays in the daemon's memory once the page has loaded.
import fs from 'node:fs';
import type http from 'node:http';

const ROOT = new URL('../../console/web/', import.meta.url);
const FILES: Record<string, { name: string; type: string }> = {
  '/': { name: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { name: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { name: 'app.css', type: 'text/css; charset=utf-8' },
};

// Everything comes from this origin; no inline script; the page may not be framed (clickjacking an Approve).
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SIGNED_OUT = `<!doctype html><meta charset="utf-8"><title>agentwatch</title>
<body style="font:15px system-ui;margin:3em;max-width:40em">
<h1>agentwatch console</h1>
<p>This browser has no console session. Run <code>agentwatch console --web</code> in a terminal: it opens a one-time link that signs this browser in.</p>`;

export function serveStatic(res: http.ServerResponse, path: string, signedIn: boolean): void {
  const headers = { 'content-security-policy': CSP, 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };
  const file = FILES[path];
  if (!file) { res.writeHead(404, { ...headers, 'content-type': 'text/plain' }); res.end('not found\n'); return; }
  if (path === '/' && !signedIn) { res.writeHead(401, { ...headers, 'content-type': 'text/html; charset=utf-8' }); res.end(SIGNED_OUT); return; }
  let body: Buffer;
  try { body = fs.readFileSync(new URL(file.name, ROOT)); } catch {
    res.writeHead(503, { ...headers, 'content-type': 'text/plain' });
    res.end('the web console is not built (npm run build)\n');
    return;
  }
  res.writeHead(200, { ...headers, 'content-type': file.type, 'content-length': body.length });
  res.end(body);
}
