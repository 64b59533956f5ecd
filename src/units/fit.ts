/**
 * Fitting text into a terminal's width: wrapping prose, cutting a cell, eliding a list
 * with a count, breaking a shell command over lines. Every text view (run, check, spof,
 * analyze, explain, sweep, npm start) goes through these, so a line never runs past the
 * width it was given. Widths count code points: our output has no wide characters.
 * Imports nothing.
 */

/** Display width of a string (code points). */
export function textWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** `s` cut to `max` columns, the cut marked with "…" (nothing cut when it fits). */
export function cutText(s: string, max: number): string {
  if (textWidth(s) <= max) return s;
  if (max <= 1) return [...s].slice(0, Math.max(0, max)).join('');
  return `${[...s].slice(0, max - 1).join('')}…`;
}

/**
 * Wraps one line at spaces to `columns`; continuation lines get `indent` (default: the
 * line's own leading spaces plus four). A word longer than a whole line is broken.
 * Lines already within the width come back unchanged.
 */
export function wrapText(line: string, columns: number, indent?: string): string {
  if (textWidth(line) <= columns) return line;
  const lead = /^ */.exec(line)![0];
  const next = indent ?? `${lead}    `;
  const out: string[] = [];
  let cur = lead;
  const room = (prefix: string): number => Math.max(1, columns - textWidth(prefix));
  for (const word of line.slice(lead.length).split(' ')) {
    const joined = cur.trim() === '' ? `${cur}${word}` : `${cur} ${word}`;
    if (textWidth(joined) <= columns) {
      cur = joined;
      continue;
    }
    if (cur.trim() !== '') {
      out.push(cur);
      cur = next;
    }
    // A word wider than a line: break it into line-sized pieces.
    let rest = word;
    while (textWidth(cur) + textWidth(rest) > columns) {
      const take = room(cur);
      out.push(cur + [...rest].slice(0, take).join(''));
      rest = [...rest].slice(take).join('');
      cur = next;
    }
    cur = `${cur}${rest}`;
  }
  out.push(cur);
  return out.join('\n');
}

/** Every line of `text` wrapped to `columns` (see wrapText). */
export function wrapLines(text: string, columns: number): string {
  return text
    .split('\n')
    .map((l) => wrapText(l, columns))
    .join('\n');
}

/**
 * `items` joined by ", " within `maxChars`, the rest elided as "+N more" (the first item
 * is always shown, cut with "…" if it alone is too wide).
 */
export function elideList(items: readonly string[], maxChars: number): string {
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const next = out === '' ? items[i]! : `${out}, ${items[i]}`;
    const rest = items.length - i - 1;
    const tail = rest > 0 ? `, +${rest} more` : '';
    if (textWidth(next + tail) > maxChars && out !== '') return `${out}, +${items.length - i} more`;
    if (out === '' && textWidth(next + tail) > maxChars) {
      const more = rest > 0 ? `, +${rest} more` : '';
      return `${cutText(next, Math.max(4, maxChars - textWidth(more)))}${more}`;
    }
    out = next;
  }
  return out;
}

/**
 * The words of a POSIX shell command line: split at spaces outside single quotes (the
 * quoting `shellQuote` uses, `'it'\''s'` included) and outside backslash escapes.
 */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i]!;
    if (quoted) {
      if (ch === "'") quoted = false;
      cur += ch;
    } else if (ch === "'") {
      quoted = true;
      cur += ch;
    } else if (ch === '\\' && i + 1 < command.length) {
      cur += ch + command[++i]!;
    } else if (ch === ' ') {
      if (cur !== '') words.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '') words.push(cur);
  return words;
}

/**
 * A shell command broken between its words (never inside a quoted one) into lines of at
 * most `columns`, each but the last ending in " \" so it still pastes as one command;
 * continuation lines get `indent` plus two spaces. A word wider than a line stays whole.
 */
export function wrapCommand(indent: string, command: string, columns: number): string {
  const first = `${indent}${command}`;
  if (textWidth(first) <= columns) return first;
  const out: string[] = [];
  let cur = indent;
  for (const word of shellWords(command)) {
    const joined = cur.trim() === '' ? `${cur}${word}` : `${cur} ${word}`;
    if (textWidth(joined) + 2 > columns && cur.trim() !== '') {
      out.push(`${cur} \\`);
      cur = `${indent}  ${word}`;
    } else cur = joined;
  }
  out.push(cur);
  return out.join('\n');
}
