/**
 * The character classes every text sink escapes, and the YAML-comment sink's encoder.
 * Here (not in src/report) because `import` writes YAML and may use only engine,
 * scenario and units (docs/architecture.md); src/report/safe-text.ts re-exports it.
 */

/**
 * Characters that print as nothing or reorder what follows: bidi embeddings, overrides and
 * isolates (U+202A-U+202E, U+2066-U+2069, LRM/RLM/ALM), zero-width space/joiners, word
 * joiner, BOM, and the Unicode line/paragraph separators and NEL (line breaks to some
 * readers, not to others). A name holding them reads differently from what it is.
 */
export const INVISIBLE = /[\u0085\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/** A lone surrogate (not half of a pair): not text in any encoding we write. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `\uXXXX` for one UTF-16 unit. */
export const hexEscape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The YAML-comment sink (scenario files written by `import`, manifest headers of `job`):
 * one line of text with every control, line-break, invisible or reordering character and
 * lone surrogate written as `\uXXXX` (tab, CR and LF included), so a value can neither end
 * the comment nor hide in it. Comments are set through the `yaml` Document API, which
 * prefixes each line with `#`; this keeps a value to the one line it was given.
 */
export function yamlCommentText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, hexEscape)
    .replace(INVISIBLE, hexEscape)
    .replace(LONE_SURROGATE, hexEscape);
}
