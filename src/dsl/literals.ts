// How literal values and names are written in a .cep file, both ways: reading a token's text
// into a value, and writing a value so that reading it back gives exactly the same value.
import { durationInMilliseconds, formatMilliseconds } from '../pattern/duration.js';
import { HARD_KEYWORDS } from './tokens.js';

/** The value of a quoted token, or the first bad escape (its offset within the token text). */
export type Unquoted = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly offset: number; readonly length: number; readonly escape: string };

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\', '"': '"', "'": "'", '`': '`', '/': '/' };

/**
 * Reads a quoted token (`"…"`, `'…'` or `` `…` ``; the closing quote may be missing). Escapes:
 * `\n \r \t \0 \\ \" \' \` \/`, `\uXXXX` and `\u{X…}` (any code point, lone surrogates included).
 */
export function unquote(token: string): Unquoted {
  const quote = token[0]!;
  const end = token.length > 1 && token.endsWith(quote) && !endsWithEscape(token) ? token.length - 1 : token.length;
  let value = '';
  for (let i = 1; i < end; i++) {
    const c = token[i]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = token[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      value += simple;
      i++;
      continue;
    }
    const unicode = /^u(?:([0-9a-fA-F]{4})|\{([0-9a-fA-F]{1,6})\})/.exec(token.slice(i + 1));
    const code = unicode === null ? NaN : parseInt(unicode[1] ?? unicode[2]!, 16);
    if (unicode === null || code > 0x10ffff) return { ok: false, offset: i, length: Math.max(2, unicode?.[0].length ?? 2), escape: token.slice(i, i + 2) };
    value += code <= 0xffff ? String.fromCharCode(code) : String.fromCodePoint(code);
    i += unicode[0].length;
  }
  return { ok: true, value };
}

function endsWithEscape(token: string): boolean {
  let backslashes = 0;
  for (let i = token.length - 2; i >= 1 && token[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * Reads a duration token such as `15 minutes` or `1h30m` into milliseconds, a fraction of one
 * kept (`0.5 ms`): {@link durationProblem} reports it, rather than the value being rounded unseen.
 */
export function durationValue(token: string): number {
  const ms = durationInMilliseconds(token);
  // Decimal units multiply inexactly (1.1 s is 1100.0000000000002): that is no fraction written.
  return Math.abs(ms - Math.round(ms)) < 1e-6 ? Math.round(ms) : ms;
}

/**
 * The longest duration a file may write: the most milliseconds a double holds exactly (about
 * 285 000 years). Longer ones would lose milliseconds, and could not be written back as text.
 */
export const MAX_DURATION_MS = Number.MAX_SAFE_INTEGER;

/** The problem with a duration of `ms` milliseconds (a fraction of one, or past the limit), or `null`. */
export function durationProblem(ms: number): string | null {
  if (Number.isSafeInteger(ms)) return null;
  return ms > MAX_DURATION_MS ? `this duration is too long; the longest is ${formatMilliseconds(MAX_DURATION_MS)}` : `a duration is a whole number of milliseconds, not ${ms} ms`;
}

/** Writes a string as a double-quoted literal; every character that could break a line or a quote is escaped. */
export function quoteString(value: string): string {
  return `"${escapeText(value, '"')}"`;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Writes a name as it must appear in a file: bare when it is an identifier and not reserved,
 * otherwise in backticks with escapes (`` `order id` ``, `` `not` ``). `alsoQuote` lists words
 * that must be quoted in the caller's context.
 */
export function formatName(name: string, alsoQuote: readonly string[] = []): string {
  if (IDENTIFIER.test(name) && !(HARD_KEYWORDS as readonly string[]).includes(name) && !alsoQuote.includes(name)) return name;
  return `\`${escapeText(name, '`')}\``;
}

/** Writes a finite number so that the lexer reads back the same double (`-0` included). */
export function formatNumber(value: number): string {
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

/** Writes milliseconds as a duration literal, e.g. `1 hour 30 minutes`, `250 ms`. */
export function formatDurationLiteral(ms: number): string {
  return formatMilliseconds(ms);
}

function escapeText(value: string, quote: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    const code = value.charCodeAt(i);
    if (c === '\\') out += '\\\\';
    else if (c === quote) out += `\\${quote}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) out += `\\u{${code.toString(16)}}`;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length && isLowSurrogate(value.charCodeAt(i + 1))) {
      out += c + value[i + 1]!;
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) out += `\\u{${code.toString(16)}}`;
    else out += c;
  }
  return out;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
