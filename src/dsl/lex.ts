// The lexing stage: text → tokens, with every lexical problem reported as a diagnostic (bad
// characters, unterminated strings, bad escapes) and the nesting limit enforced before parsing.
import type { IToken } from 'chevrotain';
import { diagnosticAt, spanAt, type Diagnostic, type Span } from './diagnostics.js';
import { unquote } from './literals.js';
import {
  cepLexer,
  DoubleQuoted,
  LBracket,
  LCurly,
  LParen,
  Minus,
  Not,
  QuotedName,
  RBracket,
  RCurly,
  RParen,
  SingleQuoted,
  UnterminatedName,
  UnterminatedString,
} from './tokens.js';

/** Limits that keep the parser's recursion bounded whatever the input. */
export const DSL_LIMITS = {
  /** Deepest nesting of `(`, `[` and `{`, and longest run of prefix `not` / `-`. */
  maxNesting: 64,
  /** Most operators in one condition (`and`, `or`, comparisons, arithmetic, …). */
  maxOperators: 1000,
} as const;

/** What the lexer made of a file. */
export interface Lexed {
  readonly tokens: IToken[];
  /** `// …` comments, in order (doc comments are taken from them). */
  readonly comments: IToken[];
  readonly diagnostics: Diagnostic[];
  /** Whether the tokens may be parsed (false when a limit was exceeded). */
  readonly parsable: boolean;
}

/** The span of a token. */
export function tokenSpan(token: IToken): Span {
  return { offset: token.startOffset, line: token.startLine ?? 1, column: token.startColumn ?? 1, length: token.image.length };
}

/** Tokenizes a file; never throws. */
export function lex(text: string, file: string): Lexed {
  const result = cepLexer.tokenize(text);
  const diagnostics: Diagnostic[] = [];
  let wordReported = -1;
  for (const error of result.errors) {
    const word = wordAround(text, error.offset);
    if (word !== null) {
      // One diagnostic per word, not one per character the lexer could not take (`été`: two).
      if (word.start === wordReported) continue;
      wordReported = word.start;
      const name = text.slice(word.start, word.end);
      const message = `${JSON.stringify(name)} is not a name: names are ASCII letters, digits and _; write others in backticks, \`${name}\``;
      diagnostics.push(diagnosticAt(file, spanAt(text, word.start, word.end - word.start), 'unexpected-character', message));
      continue;
    }
    const span = spanAt(text, error.offset, error.length);
    const found = text.slice(error.offset, error.offset + error.length);
    diagnostics.push(diagnosticAt(file, span, 'unexpected-character', `unexpected character${found.length > 1 ? 's' : ''} ${JSON.stringify(found)}`));
  }
  for (const token of result.tokens) checkQuoted(token, file, diagnostics);
  const nesting = checkNesting(result.tokens, file);
  if (nesting !== null) diagnostics.push(nesting);
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { tokens: result.tokens, comments: result.groups['comments'] ?? [], diagnostics, parsable: nesting === null };
}

const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

/**
 * The word of letters, digits and `_` around `offset` when the character there is a letter
 * outside ASCII (a name written in another script, `été`, `数量`); `null` for anything else.
 */
function wordAround(text: string, offset: number): { start: number; end: number } | null {
  const character = String.fromCodePoint(text.codePointAt(offset) ?? 0);
  if (!/\p{L}/u.test(character) || /[A-Za-z]/.test(character)) return null;
  let start = offset;
  while (start > 0 && WORD_CHARACTER.test(text[start - 1]!)) start--;
  let end = offset;
  while (end < text.length && WORD_CHARACTER.test(String.fromCodePoint(text.codePointAt(end)!))) end += String.fromCodePoint(text.codePointAt(end)!).length;
  return { start, end };
}

function checkQuoted(token: IToken, file: string, diagnostics: Diagnostic[]): void {
  const type = token.tokenType;
  const isString = type === DoubleQuoted || type === SingleQuoted || type === UnterminatedString;
  const isName = type === QuotedName || type === UnterminatedName;
  if (!isString && !isName) return;
  if (type === UnterminatedString) {
    diagnostics.push(diagnosticAt(file, tokenSpan(token), 'unterminated-string', `this string has no closing ${token.image[0]}; close it on the same line`));
  } else if (type === UnterminatedName) {
    diagnostics.push(diagnosticAt(file, tokenSpan(token), 'unterminated-name', 'this quoted name has no closing `; close it on the same line'));
  }
  const read = unquote(token.image);
  if (!read.ok) {
    const span = { ...tokenSpan(token), offset: token.startOffset + read.offset, column: (token.startColumn ?? 1) + read.offset, length: read.length };
    diagnostics.push(
      diagnosticAt(file, span, 'bad-escape', `unknown escape '${read.escape}'; use \\n, \\t, \\r, \\\\, \\", \\', \\\`, \\/ or \\u{hex}`),
    );
  }
}

function checkNesting(tokens: readonly IToken[], file: string): Diagnostic | null {
  let depth = 0;
  let prefixRun = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === LParen || type === LBracket || type === LCurly) depth++;
    else if (type === RParen || type === RBracket || type === RCurly) depth = Math.max(0, depth - 1);
    prefixRun = type === Not || type === Minus ? prefixRun + 1 : 0;
    if (depth > DSL_LIMITS.maxNesting || prefixRun > DSL_LIMITS.maxNesting) {
      return diagnosticAt(
        file,
        tokenSpan(token),
        'too-deep',
        `nesting deeper than ${DSL_LIMITS.maxNesting} levels (brackets, groups or repeated 'not' / '-'); split the condition or the pattern`,
      );
    }
  }
  return null;
}
