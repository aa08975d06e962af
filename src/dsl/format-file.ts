// A whole .cep file in canonical form: its declarations formatted one by one, in the order they
// were written, with the comment blocks that stand between them. A section heading or a note
// apart from any declaration belongs to the file, not to a declaration, and is kept where it
// was; the comment lines directly above a declaration are its doc comment, which the formatter
// writes itself. Comments inside a declaration have no place in the canonical form (the caller
// finds them lost and says so).
import type { IToken } from 'chevrotain';
import type { Lexed } from './lex.js';
import { LCurly, RCurly } from './tokens.js';

/**
 * Formats an error-free file. `formatted` gives each declaration's canonical text (doc comment
 * included), in source order; `text` is the file as written (`lexed` its tokens and comments),
 * whose top-level comment blocks are kept around them. Runs of blank lines in kept blocks become one.
 */
export function formatFileText(text: string, lexed: Pick<Lexed, 'tokens' | 'comments'>, formatted: readonly string[]): string {
  const lines = text.split(/\r?\n|\r/);
  const { tokens, comments } = lexed;
  const spans = declarationLines(tokens);
  if (spans.length !== formatted.length) throw new Error(`${spans.length} declarations in the text, ${formatted.length} formatted`);
  // Lines holding only a comment outside every declaration: the candidates to keep.
  const commentLines = new Set<number>();
  for (const comment of comments) {
    const line = (comment.startLine ?? 0) - 1;
    if (lines[line]!.trim().startsWith('//') && !insideBraces(tokens, comment.startOffset)) commentLines.add(line);
  }
  const parts: string[] = [];
  let from = 0;
  spans.forEach(({ first, last }, index) => {
    let docStart = first;
    while (docStart > from && commentLines.has(docStart - 1)) docStart--;
    const block = freeBlock(lines, from, docStart, commentLines);
    if (block.length > 0) parts.push(block.join('\n'));
    parts.push(formatted[index]!.replace(/\n$/, ''));
    from = last + 1;
  });
  const trailer = freeBlock(lines, from, lines.length, commentLines);
  if (trailer.length > 0) parts.push(trailer.join('\n'));
  return parts.length === 0 ? '' : `${parts.join('\n\n')}\n`;
}

/** The comment lines in `[from, to)` (blank lines between them kept as one), tidied. */
function freeBlock(lines: readonly string[], from: number, to: number, commentLines: ReadonlySet<number>): string[] {
  const kept: string[] = [];
  for (let line = from; line < to; line++) {
    if (commentLines.has(line)) kept.push(lines[line]!.trim());
    else if (lines[line]!.trim() === '' && kept.length > 0 && kept[kept.length - 1] !== '') kept.push('');
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  return kept;
}

/**
 * The first and last line (0-based) of each top-level declaration: from its first token to the
 * `}` that closes it. In an error-free file every declaration is `keyword name … { … }`.
 */
function declarationLines(tokens: readonly IToken[]): { first: number; last: number }[] {
  const spans: { first: number; last: number }[] = [];
  let depth = 0;
  let first: number | null = null;
  for (const token of tokens) {
    first ??= (token.startLine ?? 1) - 1;
    if (token.tokenType === LCurly) depth++;
    else if (token.tokenType === RCurly && --depth === 0) {
      spans.push({ first, last: (token.endLine ?? token.startLine ?? 1) - 1 });
      first = null;
    }
  }
  return spans;
}

/** Whether `offset` is inside a `{ … }` of the (error-free) tokens: in a declaration. */
export function insideBraces(tokens: readonly IToken[], offset: number): boolean {
  let depth = 0;
  for (const token of tokens) {
    if (token.startOffset > offset) break;
    if (token.tokenType === LCurly) depth++;
    else if (token.tokenType === RCurly) depth--;
  }
  return depth > 0;
}
