// What the parser expected when it failed, as data. Chevrotain asks an error-message provider for
// a string; ours returns a small JSON record that syntax-errors.ts decodes into a diagnostic, so
// the expected tokens survive as a list (for "did you mean") instead of prose.
import { EOF, type IParserErrorMessageProvider, type TokenType } from 'chevrotain';
import * as T from './tokens.js';

/** What the message provider records about one syntax error. */
export interface SyntaxErrorRecord {
  /** Expected continuations, each as written in a file (`'followed by'`, `a name`). */
  readonly expected: readonly string[];
}

/** Multi-token keywords that a lone first word stands for. */
const PHRASES: readonly (readonly TokenType[])[] = [
  [T.Followed, T.By],
  [T.Not, T.Followed, T.By],
  [T.Not, T.Next],
  [T.Key, T.By],
  [T.Time, T.By],
  [T.After, T.Match],
  [T.Starts, T.With],
  [T.Ends, T.With],
  [T.Allow, T.Combinations],
  [T.Not, T.In],
  [T.Is, T.Not],
];

/** The text of a token type as a person would write it: `followed`, `a name`, `end of file`. */
export function tokenText(type: TokenType): string {
  if (type === EOF) return 'the end of the file';
  const label = type.LABEL ?? type.name;
  return label.startsWith("'") && label.endsWith("'") ? label.slice(1, -1) : label;
}

/** Whether a token type is written literally (a keyword or punctuation), not described. */
export function isLiteralToken(type: TokenType): boolean {
  const label = type.LABEL ?? '';
  return label.startsWith("'") && label.endsWith("'");
}

/**
 * Renders an expected token path as written in a file, completing a keyword's first word to the
 * phrase it starts when that phrase is unique: `[followed]` → `'followed by'`.
 */
function phraseOf(path: readonly TokenType[]): string {
  const completions = PHRASES.filter((phrase) => phrase.length > path.length && path.every((type, i) => phrase[i] === type));
  const full = completions.length === 1 ? completions[0]! : path;
  if (full.length === 0) return '';
  if (full.every(isLiteralToken)) return `'${full.map(tokenText).join(' ')}'`;
  return full.map((type) => (isLiteralToken(type) ? `'${tokenText(type)}'` : tokenText(type))).join(' ');
}

/** Unique phrases of several paths, in order. */
export function phrasesOf(paths: readonly (readonly TokenType[])[]): string[] {
  return [...new Set(paths.map(phraseOf).filter((phrase) => phrase !== ''))];
}

function encode(paths: readonly (readonly TokenType[])[]): string {
  const record: SyntaxErrorRecord = { expected: phrasesOf(paths) };
  return JSON.stringify(record);
}

/** Decodes a parser error message made by {@link syntaxErrorMessages}; `null` for any other text. */
export function decodeSyntaxError(message: string): SyntaxErrorRecord | null {
  try {
    const value = JSON.parse(message) as unknown;
    if (value !== null && typeof value === 'object' && Array.isArray((value as SyntaxErrorRecord).expected)) return value as SyntaxErrorRecord;
  } catch {
    // not ours
  }
  return null;
}

/** The parser's error-message provider: records the expected tokens of each error. */
export const syntaxErrorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => encode([[expected]]),
  buildNotAllInputParsedMessage: () => encode([[T.Pattern], [T.Event]]),
  buildNoViableAltMessage: ({ expectedPathsPerAlt }) => encode(expectedPathsPerAlt.flat()),
  buildEarlyExitMessage: ({ expectedIterationPaths }) => encode(expectedIterationPaths),
};
