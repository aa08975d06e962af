// A pattern file's text as the DSL reads it.

/**
 * The text without a leading byte-order mark (U+FEFF), which some editors write at the start of
 * UTF-8 files. It is not part of the pattern, and left in it would shift every column of line 1
 * by one in diagnostics, and make `fmt --check` call a well-formatted file unformatted.
 */
export function withoutByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
