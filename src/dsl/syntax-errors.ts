// Syntax errors as diagnostics: where, what was found, everything the grammar allowed there
// (asked from the parser's content assist, which also sees past loops the parser had left), and
// a "did you mean" for misspelled keywords and operators borrowed from other languages.
import { createTokenInstance, EOF, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import { diagnosticAt, spanAt, type Diagnostic } from './diagnostics.js';
import { tokenSpan } from './lex.js';
import { cepParser } from './parser.js';
import { suggestionFor } from './syntax-suggestions.js';
import { decodeSyntaxError, isLiteralToken, phrasesOf, tokenText } from './syntax-error-messages.js';
import * as T from './tokens.js';

/** First words that begin several phrases: the content assist is asked one token further. */
const AMBIGUOUS_STARTS: ReadonlySet<TokenType> = new Set([T.Not, T.Is]);

/**
 * Converts the parser's errors to diagnostics, one per mistake: errors that are only the parser
 * stumbling over its own recovery (right after another error, or later in a declaration it had
 * to skip tokens of) are left out. `declarationStarts` are the token indexes where top-level
 * declarations begin (the content assist starts there); `lexicalOffsets` where lexical errors are.
 */
export function syntaxDiagnostics(
  errors: readonly IRecognitionException[],
  tokens: readonly IToken[],
  declarationStarts: readonly number[],
  text: string,
  file: string,
  lexicalOffsets: readonly number[] = [],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const declarationOf = (index: number): number => declarationStarts.filter((start) => start <= index).pop() ?? -1;
  // After an error the parser could only get past by skipping tokens (or a lexical error), what
  // it says about the rest of that declaration is about its own recovery, not the text.
  const unreliable = new Set(lexicalOffsets.map((offset) => declarationOf(indexOfOffset(tokens, offset))));
  let previous = -2;
  for (const error of errors) {
    const token = error.token;
    const atEnd = token.tokenType === EOF || Number.isNaN(token.startOffset);
    const index = atEnd ? tokens.length : indexOfToken(tokens, token);
    const declaration = declarationOf(index);
    if (index <= previous + 1 || unreliable.has(declaration)) continue;
    previous = index;
    if (error.name !== 'MismatchedTokenException' || error.resyncedTokens.length > 0) unreliable.add(declaration);
    const reserved = atEnd ? null : reservedWordAsName(tokens, index, file);
    if (reserved !== null) {
      diagnostics.push(reserved);
      continue;
    }
    const span = atEnd ? spanAt(text, text.length, 1) : tokenSpan(token);
    const expected = expectedAt(tokens, declarationStarts, index) ?? decodeSyntaxError(error.message)?.expected ?? [];
    const found = atEnd ? 'end of file' : `'${token.image}'`;
    const message = expected.length === 0 ? `unexpected ${found}` : `unexpected ${found}; expected ${describeExpected(expected)}`;
    const suggestion = atEnd ? null : suggestionFor(token, expected);
    diagnostics.push(diagnosticAt(file, span, 'syntax-error', message, { expected, suggestion }));
  }
  return diagnostics;
}

/** Tokens that can follow a name in a condition but never the operator `not`. */
const AFTER_A_NAME: ReadonlySet<TokenType> = new Set([T.RParen, T.Dot, T.LBracket, T.Comma]);

/** Tokens that go on a path (`.field`, `[0]`) and so never follow a value such as `true`. */
const INTO_A_PATH: ReadonlySet<TokenType> = new Set([T.Dot, T.LBracket]);

/** The literals a name can be confused with: each a reserved word, a value where a name belongs. */
const LITERALS: ReadonlyMap<TokenType, string> = new Map([
  [T.True, 'true'],
  [T.False, 'false'],
  [T.Null, 'null'],
]);

/**
 * `count(not)`, `not.x`, `sum(true.price)`: a reserved word written as a name. The parser reads
 * `not` as the operator, `true`, `false`, `null` as values, and stumbles on the token after it,
 * so the error would point there and list operands; instead point at the word and say to quote
 * it. (`and`, `or` and `any` where a name belongs get the same advice as a "did you mean";
 * `count(true)`, where `true` parses as a value, is told the same when the pattern has a step
 * `true`.)
 */
function reservedWordAsName(tokens: readonly IToken[], index: number, file: string): Diagnostic | null {
  const before = tokens[index - 1];
  const found = tokens[index];
  if (before === undefined || found === undefined) return null;
  let word: string;
  if (before.tokenType === T.Not && AFTER_A_NAME.has(found.tokenType)) word = 'not';
  else if (LITERALS.has(before.tokenType) && INTO_A_PATH.has(found.tokenType)) word = LITERALS.get(before.tokenType)!;
  else return null;
  return diagnosticAt(file, tokenSpan(before), 'syntax-error', `'${word}' is a reserved word; to use it as a name, write it in backticks`, {
    suggestion: `\`${word}\``,
  });
}

/** Families of alternatives that are named as one when all of them are expected. */
const FAMILIES: readonly { readonly name: string; readonly members: readonly string[] }[] = [
  {
    name: 'a quantifier or modifier',
    // A step's `within <duration>` (its own window) is a modifier too.
    members: ["'times'", 'a number', "'one'", "'zero'", "'optional'", "'greedy'", "'consecutive'", "'allow combinations'", "'within'"],
  },
  { name: 'an arithmetic operator', members: ["'*'", "'/'", "'%'", "'+'", "'-'"] },
  {
    name: "a comparison ('==', '<', 'in', 'contains', 'is null', …)",
    members: ["'=='", "'!='", "'<='", "'>='", "'<'", "'>'", "'in'", "'not in'", "'contains'", "'starts with'", "'ends with'", "'matches'", "'is null'", "'is missing'"],
  },
];

/** The expected alternatives as prose, families of operators and modifiers named as one. */
function describeExpected(expected: readonly string[]): string {
  let items = [...expected];
  for (const family of FAMILIES) {
    if (!family.members.every((member) => items.includes(member))) continue;
    const at = items.findIndex((item) => family.members.includes(item));
    items = items.filter((item, i) => i === at || !(family.members.includes(item) || (family.members.includes("'is null'") && item === "'is not'")));
    items[at] = family.name;
  }
  return joinAlternatives(items);
}

/** `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`. */
function joinAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function indexOfToken(tokens: readonly IToken[], token: IToken): number {
  const index = tokens.indexOf(token);
  return index >= 0 ? index : indexOfOffset(tokens, token.startOffset);
}

function indexOfOffset(tokens: readonly IToken[], offset: number): number {
  const index = tokens.findIndex((t) => t.startOffset >= offset);
  return index < 0 ? tokens.length : index;
}

/** Everything that may come at token `index`, or `null` when the tokens before it are not valid. */
function expectedAt(tokens: readonly IToken[], declarationStarts: readonly number[], index: number): string[] | null {
  let start = 0;
  for (const s of declarationStarts) if (s <= index) start = s;
  const prefix = tokens.slice(start, index);
  const next = nextTokenTypes(prefix);
  if (next.length === 0) return null;
  const paths: TokenType[][] = [];
  for (const type of next) {
    if (!AMBIGUOUS_STARTS.has(type)) {
      paths.push([type]);
      continue;
    }
    const after = nextTokenTypes([...prefix, fakeToken(type)]);
    if (after.length === 0 || !after.every(isLiteralToken)) paths.push([type]);
    else for (const second of after) paths.push([type, second]);
  }
  return phrasesOf(paths);
}

function nextTokenTypes(prefix: IToken[]): TokenType[] {
  try {
    return [...new Set(cepParser.computeContentAssist('file', prefix).map((suggestion) => suggestion.nextTokenType))];
  } catch {
    return [];
  }
}

function fakeToken(type: TokenType): IToken {
  return createTokenInstance(type, tokenText(type), NaN, NaN, NaN, NaN, NaN, NaN);
}
