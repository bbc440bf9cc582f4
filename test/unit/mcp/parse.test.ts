// Config text → document or a one-line error with the line the parser points at.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../collectors/mcp/parse.js';

describe('parseConfigText', () => {
  it('JSON: parses, and a bad file gives the line of the mistake', () => {
    expect(parseConfigText('{"mcpServers":{"a":{"command":"x"}}}', 'json')).toEqual({ ok: true, doc: { mcpServers: { a: { command: 'x' } } } });
    const bad = parseConfigText('{\n  "a": 1,\n}\n', 'json');
    expect(bad.ok).toBe(false);
    if (!bad.ok) { expect(bad.line).toBe(3); expect(bad.error).toMatch(/^not valid JSON: /); expect(bad.error).not.toContain('\n'); }
  });

  it('JSON is strict: comments are an error there, but not in JSONC', () => {
    const text = '// settings\n{ "servers": { "a": { "command": "x", }, }, }';
    expect(parseConfigText(text, 'json').ok).toBe(false);
    expect(parseConfigText(text, 'jsonc')).toEqual({ ok: true, doc: { servers: { a: { command: 'x' } } } });
  });

  it('JSONC: an unclosed object is an error with its line', () => {
    const r = parseConfigText('{\n "a": {\n   "b": 1\n', 'jsonc');
    expect(r.ok).toBe(false);
    if (!r.ok) { expect(r.error).toMatch(/^not valid JSON \(with comments\): /); expect(r.line).toBeGreaterThanOrEqual(3); }
  });

  it('TOML: tables become nested objects; a broken header gives its line', () => {
    const ok = parseConfigText('[mcp_servers.a]\ncommand = "npx"\nargs = ["-y", "x"]\n[mcp_servers.a.env]\nK = "v"\n', 'toml');
    expect(ok).toEqual({ ok: true, doc: { mcp_servers: { a: { command: 'npx', args: ['-y', 'x'], env: { K: 'v' } } } } });
    const bad = parseConfigText('model = "x"\n[mcp_servers.bad\ncommand = "npx"\n', 'toml');
    expect(bad.ok).toBe(false);
    if (!bad.ok) { expect(bad.line).toBe(2); expect(bad.error).toMatch(/^not valid TOML: /); }
  });

  it('YAML: lists and maps; a broken flow sequence gives its line', () => {
    expect(parseConfigText('mcpServers:\n  - name: a\n    command: npx\n', 'yaml')).toEqual({ ok: true, doc: { mcpServers: [{ name: 'a', command: 'npx' }] } });
    const bad = parseConfigText('a: 1\nmcpServers:\n  - name: [unclosed\n    command: npx\n', 'yaml');
    expect(bad.ok).toBe(false);
    if (!bad.ok) { expect(bad.line).toBeGreaterThanOrEqual(3); expect(bad.error).toMatch(/^not valid YAML: /); expect(bad.error).not.toContain('\n'); }
  });

  it('an empty file is an empty document, and a byte-order mark is accepted', () => {
    expect(parseConfigText('  \n', 'json')).toEqual({ ok: true, doc: undefined });
    expect(parseConfigText('\uFEFF{"a":1}', 'json')).toEqual({ ok: true, doc: { a: 1 } });
  });
});
