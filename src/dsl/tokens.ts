// The vocabulary of .cep files: every token type, in the order the lexer tries them.
//
// Most keywords are *soft*: they belong to the `Name` category, so a step, field or pattern may be
// called `time`, `key` or `first` without quoting. Only the words that would make the grammar
// ambiguous are *hard* (reserved): `and`, `or`, `not`, `any`, `true`, `false`, `null`.
import { createToken, Lexer, type TokenType } from 'chevrotain';

/** Category of everything usable as a name: identifiers, `quoted names` and soft keywords. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, label: 'a name' });
/** Category of string literals (terminated or not; the lexer stage reports unterminated ones). */
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: Lexer.NA, label: 'a string' });

/** A plain identifier: ASCII letters, digits and `_`, not starting with a digit. */
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Name], label: 'a name' });
/** A name in backticks, for names that are not identifiers or are reserved: `` `order id` ``. */
export const QuotedName = createToken({ name: 'QuotedName', pattern: /`(?:[^`\\\r\n]|\\.)*`/, categories: [Name], label: 'a name' });
/** A backtick name without its closing backtick (reported by the lexer stage). */
export const UnterminatedName = createToken({ name: 'UnterminatedName', pattern: /`(?:[^`\\\r\n]|\\.)*/, categories: [Name], label: 'a name' });

/** Reserved words: they can never be names (quote them: `` `not` ``). */
export const HARD_KEYWORDS = ['and', 'or', 'not', 'any', 'true', 'false', 'null'] as const;

const keywordTokens = new Map<string, TokenType>();

function keyword(word: string): TokenType {
  const hard = (HARD_KEYWORDS as readonly string[]).includes(word);
  const token = createToken({
    name: word.charAt(0).toUpperCase() + word.slice(1),
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: hard ? [] : [Name],
    label: `'${word}'`,
  });
  keywordTokens.set(word, token);
  return token;
}

// Declarations and pattern settings.
/** The keyword `pattern`. */
export const Pattern = keyword('pattern');
/** The keyword `event`. */
export const Event = keyword('event');
/** The keyword `on`. */
export const On = keyword('on');
/** The keyword `key`. */
export const Key = keyword('key');
/** The keyword `by`. */
export const By = keyword('by');
/** The keyword `time`. */
export const Time = keyword('time');
/** The keyword `within`. */
export const Within = keyword('within');
/** The keyword `after`. */
export const After = keyword('after');
/** The keyword `match`. */
export const Match = keyword('match');
/** The keyword `skip`. */
export const Skip = keyword('skip');
/** The keyword `no`. */
export const No = keyword('no');
/** The keyword `to`. */
export const To = keyword('to');
/** The keyword `past`. */
export const Past = keyword('past');
/** The keyword `first`. */
export const First = keyword('first');
/** The keyword `last`. */
export const Last = keyword('last');
/** The keyword `fail`. */
export const Fail = keyword('fail');
// Steps and contiguity.
/** The keyword `begin`. */
export const Begin = keyword('begin');
/** The keyword `next`. */
export const Next = keyword('next');
/** The keyword `followed`. */
export const Followed = keyword('followed');
/** The reserved word `any`. */
export const Any = keyword('any');
/** The keyword `where`. */
export const Where = keyword('where');
/** The keyword `until`. */
export const Until = keyword('until');
// Quantifiers and their modifiers.
/** The keyword `times`. */
export const Times = keyword('times');
/** The keyword `one`. */
export const One = keyword('one');
/** The keyword `zero`. */
export const Zero = keyword('zero');
/** The keyword `more`. */
export const More = keyword('more');
/** The keyword `optional`. */
export const Optional = keyword('optional');
/** The keyword `greedy`. */
export const Greedy = keyword('greedy');
/** The keyword `consecutive`. */
export const Consecutive = keyword('consecutive');
/** The keyword `allow`. */
export const Allow = keyword('allow');
/** The keyword `combinations`. */
export const Combinations = keyword('combinations');
// Conditions.
/** The reserved word `and`. */
export const And = keyword('and');
/** The reserved word `or`. */
export const Or = keyword('or');
/** The reserved word `not`. */
export const Not = keyword('not');
/** The reserved word `true`. */
export const True = keyword('true');
/** The reserved word `false`. */
export const False = keyword('false');
/** The reserved word `null`. */
export const Null = keyword('null');
/** The keyword `in`. */
export const In = keyword('in');
/** The keyword `is`. */
export const Is = keyword('is');
/** The keyword `missing`. */
export const Missing = keyword('missing');
/** The keyword `contains`. */
export const Contains = keyword('contains');
/** The keyword `starts`. */
export const Starts = keyword('starts');
/** The keyword `ends`. */
export const Ends = keyword('ends');
/** The keyword `with`. */
export const With = keyword('with');
/** The keyword `matches`. */
export const Matches = keyword('matches');

/** Every keyword by its spelling. */
export const KEYWORDS: ReadonlyMap<string, TokenType> = keywordTokens;

// Units of durations, longest spelling first; a unit must not run into a letter.
const UNIT = '(?:milliseconds|millisecond|minutes|minute|seconds|second|hours|hour|weeks|week|days|day|min|sec|ms|s|m|h|d|w)(?![A-Za-z_])';
const DURATION_PART = `\\d+(?:\\.\\d+)?[ \\t]*${UNIT}`;
/** `15 minutes`, `90s`, `1h30m`, `1 hour 30 minutes`: numbers with units, read as milliseconds. */
export const DurationLiteral = createToken({
  name: 'DurationLiteral',
  pattern: new RegExp(`${DURATION_PART}(?:[ \\t]*${DURATION_PART})*`),
  label: 'a duration (e.g. 15 minutes)',
});
/** `42`, `1.5`, `2e6` (a leading minus is an operator). */
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/, label: 'a number' });
/** `"text"` with escapes. */
export const DoubleQuoted = createToken({ name: 'DoubleQuoted', pattern: /"(?:[^"\\\r\n]|\\.)*"/, categories: [StringLiteral], label: 'a string' });
/** `'text'` with escapes. */
export const SingleQuoted = createToken({ name: 'SingleQuoted', pattern: /'(?:[^'\\\r\n]|\\.)*'/, categories: [StringLiteral], label: 'a string' });
/** A string without its closing quote (reported by the lexer stage, parsed as a string). */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\.)*|'(?:[^'\\\r\n]|\\.)*/,
  categories: [StringLiteral],
  label: 'a string',
});

const REGEX_BODY = /\/(?:\\.|\[(?:\\.|[^\]\\\r\n])*\]|[^/\\\r\n[])+\/[A-Za-z]*/y;
/** `/https?:\/\//i`: only right after `matches`, so that `/` is division everywhere else. */
export const RegexLiteral = createToken({
  name: 'RegexLiteral',
  pattern: {
    exec: (text: string, offset: number, tokens: readonly { tokenType: TokenType }[]) => {
      const previous = tokens[tokens.length - 1];
      if (previous === undefined || previous.tokenType !== Matches) return null;
      REGEX_BODY.lastIndex = offset;
      return REGEX_BODY.exec(text);
    },
  },
  line_breaks: false,
  start_chars_hint: ['/'],
  label: 'a /regular expression/',
});

/** Spaces and line breaks, skipped. */
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED, line_breaks: true });
/** `// …` to the end of the line. Kept aside: comments right above a declaration are its doc. */
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: 'comments' });

function punctuation(name: string, text: string): TokenType {
  return createToken({ name, pattern: text, label: `'${text}'` });
}

/** `{` */
export const LCurly = punctuation('LCurly', '{');
/** `}` */
export const RCurly = punctuation('RCurly', '}');
/** `(` */
export const LParen = punctuation('LParen', '(');
/** `)` */
export const RParen = punctuation('RParen', ')');
/** `[` */
export const LBracket = punctuation('LBracket', '[');
/** `]` */
export const RBracket = punctuation('RBracket', ']');
/** `,` */
export const Comma = punctuation('Comma', ',');
/** `:` */
export const Colon = punctuation('Colon', ':');
/** `..` */
export const Range = punctuation('Range', '..');
/** `.` */
export const Dot = punctuation('Dot', '.');
/** `==` */
export const EqualEqual = punctuation('EqualEqual', '==');
/** `!=` */
export const NotEqual = punctuation('NotEqual', '!=');
/** `<=` */
export const LessEqual = punctuation('LessEqual', '<=');
/** `>=` */
export const GreaterEqual = punctuation('GreaterEqual', '>=');
/** `<` */
export const Less = punctuation('Less', '<');
/** `>` */
export const Greater = punctuation('Greater', '>');
/** `+` */
export const Plus = punctuation('Plus', '+');
/** `-` */
export const Minus = punctuation('Minus', '-');
/** `*` */
export const Star = punctuation('Star', '*');
/** `/` */
export const Slash = punctuation('Slash', '/');
/** `%` */
export const Percent = punctuation('Percent', '%');
// Operators from other languages: lexed so that the error can say what to write instead.
/** `=` */
export const SingleEqual = punctuation('SingleEqual', '=');
/** `&&` */
export const AmpAmp = punctuation('AmpAmp', '&&');
/** `||` */
export const PipePipe = punctuation('PipePipe', '||');
/** `!` */
export const Bang = punctuation('Bang', '!');

/** What to write instead of an operator borrowed from another language. */
export const FOREIGN_OPERATORS: ReadonlyMap<TokenType, string> = new Map([
  [SingleEqual, '=='],
  [AmpAmp, 'and'],
  [PipePipe, 'or'],
  [Bang, 'not'],
]);

// Longer keywords first, so that `times` is not read as `time` followed by `s`.
const keywordsByLength = [...keywordTokens.entries()].sort(([a], [b]) => b.length - a.length).map(([, token]) => token);

/** Every token type in the order the lexer tries them (categories included, as chevrotain expects). */
export const ALL_TOKENS: readonly TokenType[] = [
  WhiteSpace,
  LineComment,
  RegexLiteral,
  DurationLiteral,
  NumberLiteral,
  DoubleQuoted,
  SingleQuoted,
  UnterminatedString,
  QuotedName,
  UnterminatedName,
  ...keywordsByLength,
  Identifier,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Range,
  Dot,
  EqualEqual,
  NotEqual,
  LessEqual,
  GreaterEqual,
  Less,
  Greater,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  AmpAmp,
  PipePipe,
  SingleEqual,
  Bang,
  Name,
  StringLiteral,
];

/** The one lexer instance (stateless between calls). */
export const cepLexer = new Lexer([...ALL_TOKENS], { positionTracking: 'full', ensureOptimizations: false });
