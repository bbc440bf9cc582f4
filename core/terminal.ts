// Text from agents (commands, paths, prompts, tool output) is untrusted: printed raw, `\u001b[2J` clears
// the developer's screen and an OSC sequence retitles the terminal or writes a hyperlink. Everything a
// person reads in a terminal goes through here; JSON output is escaped by JSON.stringify already.

// C0 controls (tabs and newlines too: our lines are one line each), DEL, C1 controls, and the Unicode
// line/paragraph separators and bidi overrides that reorder what is shown.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/** `s` with every control character shown as `\xNN` / `\uNNNN`, so it prints as the text it is. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, escape);
}
