// The words of a PowerShell script, as far as powershell.ts needs them: statements (split at `;` and line
// breaks), pipes, strings ('…' literal, "…" expandable, here-strings), bracketed groups kept whole for a
// second pass ((…), $(…), @(…), {…}, @{…}), redirections, `=`, `,` and the call operators `&` and `.`.
// One pass over the text; a group's end is found by counting brackets outside strings.

export type TokenType = 'word' | 'str' | 'xstr' | 'group' | 'block' | 'hash' | 'op';
/** `adj`: no space before it (a method call's `(` after `::ReadAllText`). */
export interface Token { type: TokenType; text: string; adj: boolean }

/** Statements, each a list of tokens; `|`, `&&`, `||`, redirections, `=` and `,` come as `op` tokens. */
export function lexPowerShell(script: string): Token[][] {
  const statements: Token[][] = [];
  let cur: Token[] = [];
  let i = 0;
  let adj = false;
  const push = (type: TokenType, text: string) => { cur.push({ type, text, adj }); adj = true; };
  const end = () => { if (cur.length > 0) statements.push(cur); cur = []; };
  while (i < script.length) {
    const c = script[i]!;
    if (c === '\n' || c === ';' || c === '\r') { end(); i++; adj = false; continue; }
    if (c === ' ' || c === '\t' || (c === '`' && script[i + 1] === '\n')) { i += c === '`' ? 2 : 1; adj = false; continue; }
    if (c === '#') { i = lineEnd(script, i); continue; }
    if (c === '<' && script[i + 1] === '#') { const e = script.indexOf('#>', i + 2); i = e < 0 ? script.length : e + 2; continue; }
    if (c === '@' && (script[i + 1] === "'" || script[i + 1] === '"') && (script[i + 2] === '\n' || script[i + 2] === '\r')) {
      const q = script[i + 1]!;
      const close = script.indexOf(`\n${q}@`, i + 2);
      const stop = close < 0 ? script.length : close;
      push(q === "'" ? 'str' : 'xstr', script.slice(script.indexOf('\n', i) + 1, stop));
      i = close < 0 ? stop : stop + 3;
      continue;
    }
    if (c === "'" || c === '"' || c === '‘' || c === '’' || c === '“' || c === '”') {
      const [text, next] = quoted(script, i);
      push(c === "'" || c === '‘' || c === '’' ? 'str' : 'xstr', text);
      i = next;
      continue;
    }
    const opener = c === '(' ? 1 : (c === '$' || c === '@') && script[i + 1] === '(' ? 2 : c === '{' ? 1 : c === '@' && script[i + 1] === '{' ? 2 : 0;
    if (opener > 0) {
      const close = closing(script, i + opener - 1);
      const body = script.slice(i + opener, close);
      push(c === '{' ? 'block' : c === '@' && script[i + 1] === '{' ? 'hash' : 'group', body);
      i = close + 1;
      continue;
    }
    const op = /^(?:\|\||&&|[0-9*]?>>|[0-9*]?>&[0-9]|[0-9*]?>|<|\||,|=|&(?=\s|'|"|\$|\()|\.(?=\s))/.exec(script.slice(i, i + 4))?.[0];
    if (op !== undefined && (op !== '.' || cur.length === 0)) {
      push('op', op);
      i += op.length;
      adj = false;
      continue;
    }
    let j = i;
    // `=` ends a word only where it assigns (`$x=1`): native arguments keep theirs (`--data=x`).
    const assigns = c === '$' && cur.length === 0;
    while (j < script.length && !/[\s;|'"(){},]/.test(script[j]!) && !(assigns && script[j] === '=')) {
      if (script[j] === '`' && j + 1 < script.length) j++;
      else if (script[j] === '$' && script[j + 1] === '(') break;
      // `${env:USERPROFILE}`: a variable's name in braces is part of the word.
      else if (script[j] === '$' && script[j + 1] === '{') { const e = script.indexOf('}', j); j = e < 0 ? script.length : e; }
      j++;
    }
    if (j === i) j++; // a lone character no rule above takes
    push('word', script.slice(i, j).replace(/`(.)/g, '$1'));
    i = j;
  }
  end();
  return statements;
}

const lineEnd = (s: string, i: number) => { const e = s.indexOf('\n', i); return e < 0 ? s.length : e; };

/** A quoted string's value and the index after it: '' and `x (in "…") are escapes. */
function quoted(s: string, start: number): [string, number] {
  const single = s[start] === "'" || s[start] === '‘' || s[start] === '’';
  const closes = single ? /['‘’]/ : /["“”]/;
  let out = '';
  let i = start + 1;
  while (i < s.length) {
    const c = s[i]!;
    if (!single && c === '`' && i + 1 < s.length) { out += s[i + 1]; i += 2; continue; }
    if (closes.test(c)) {
      if (closes.test(s[i + 1] ?? '')) { out += c; i += 2; continue; }
      return [out, i + 1];
    }
    out += c;
    i++;
  }
  return [out, i];
}

/** Index of the bracket that closes the one at `open`, skipping strings; the text's end when none does. */
function closing(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'" || c === '"') { i = quoted(s, i)[1] - 1; continue; }
    if (c === '(' || c === '{') depth++;
    else if ((c === ')' || c === '}') && --depth === 0) return i;
  }
  return s.length;
}
