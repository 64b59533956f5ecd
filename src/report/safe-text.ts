/**
 * Text that is safe to print and to paste: control characters stripped, shell words
 * quoted, Markdown code spans that survive any file name. Pure string functions.
 */
import { INVISIBLE, LONE_SURROGATE, hexEscape as hex, yamlCommentText } from '../scenario/text-escape.ts';

/**
 * C0 controls except tab and newline, DEL, and C1 controls (which include the 8-bit CSI
 * and OSC introducers). CR goes too: a lone CR rewrites the line a reader sees.
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `s` without control characters (ESC, OSC, NUL, CR...); newline and tab are kept.
 * Invisible and reordering characters (bidi overrides, zero-width) are shown escaped
 * (`\u202e`), so what a reader sees is what the input holds. The encoder of the terminal
 * sink, and the text step of the HTML (`escapeHtml`) and Markdown ones.
 */
export function stripControl(s: string): string {
  return s.replace(CONTROL, '').replace(INVISIBLE, hex).replace(LONE_SURROGATE, hex);
}

/** The terminal sink: `stripControl` under the name its callers mean. */
export const terminalText = stripControl;

/** The YAML-comment sink: one encoder, kept in src/scenario so `import` can use it. */
export { yamlCommentText };

/** Characters a POSIX shell treats as plain in an unquoted word. */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * One word quoted for a POSIX shell (sh, bash, zsh): unchanged when every character is
 * plain, else in single quotes with each `'` written as `'\''`. Inside single quotes
 * nothing is special, so `` `$(id)` `` stays text when the command is pasted.
 */
export function shellQuote(word: string): string {
  const w = stripControl(word).replace(/[\n\t]/g, ' ');
  if (w !== '' && SHELL_SAFE.test(w)) return w;
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

/** A command line from words, each shell-quoted. */
export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

/**
 * A Markdown code span holding `s` verbatim, also inside a table cell: the fence is one
 * backtick longer than the longest run of backticks in `s` (CommonMark §6.1), padded with
 * spaces when `s` starts or ends with a backtick, and `|` is written `\|` (GFM tables split
 * cells on a bare pipe even inside a code span, and render `\|` as `|`).
 */
export function markdownCode(s: string): string {
  const text = stripControl(s).replace(/\n/g, ' ');
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/**
 * The command that replays `replication` of a run, shell-quoted:
 * `k8s-ha-sim explain 'my file.yaml' --seed 1 --set 'x=y' --replication 17`.
 */
export function replayCommand(replay: readonly string[], replication: number, extra: readonly string[] = []): string {
  return `k8s-ha-sim ${shellCommand([...replay, '--replication', String(replication), ...extra])}`;
}
