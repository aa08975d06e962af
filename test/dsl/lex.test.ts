// The lexer: which token each piece of text becomes. Durations, ranges, regular expressions only
// after `matches`, longest keywords, soft keywords, comments.
import { describe, expect, it } from 'vitest';
import { lex } from '../../src/dsl/lex.js';

const tokens = (text: string): string[] => lex(text, 't.cep').tokens.map((t) => `${t.tokenType.name}:${t.image}`);

describe('lex', () => {
  it('reads durations in every written form as one token', () => {
    expect(tokens('15 minutes, 90s, 1h30m, 1 hour 30 minutes 250ms')).toEqual([
      'DurationLiteral:15 minutes',
      'Comma:,',
      'DurationLiteral:90s',
      'Comma:,',
      'DurationLiteral:1h30m',
      'Comma:,',
      'DurationLiteral:1 hour 30 minutes 250ms',
    ]);
  });

  it('does not take a word starting with a unit letter for a unit', () => {
    expect(tokens('2 where 3 matches 5 minimum')).toEqual(['NumberLiteral:2', 'Where:where', 'NumberLiteral:3', 'Matches:matches', 'NumberLiteral:5', 'Identifier:minimum']);
  });

  it('reads ranges, decimals and exponents', () => {
    expect(tokens('times 2..4 1.5 1e-7 1.5e+3')).toEqual(['Times:times', 'NumberLiteral:2', 'Range:..', 'NumberLiteral:4', 'NumberLiteral:1.5', 'NumberLiteral:1e-7', 'NumberLiteral:1.5e+3']);
  });

  it('reads a regular expression only right after matches; elsewhere / divides', () => {
    expect(tokens('a / b / c')).toEqual(['Identifier:a', 'Slash:/', 'Identifier:b', 'Slash:/', 'Identifier:c']);
    expect(tokens('s matches /a\\/b[/]/i / 2')).toEqual(['Identifier:s', 'Matches:matches', 'RegexLiteral:/a\\/b[/]/i', 'Slash:/', 'NumberLiteral:2']);
  });

  it('prefers the longest keyword, and identifiers that merely start with one', () => {
    expect(tokens('times time matches match events notable')).toEqual(['Times:times', 'Time:time', 'Matches:matches', 'Match:match', 'Identifier:events', 'Identifier:notable']);
  });

  it('reads strings and quoted names, and sets comments aside', () => {
    const lexed = lex('"a\\"b" \'c\' `d e` // note\nx', 't.cep');
    expect(lexed.tokens.map((t) => `${t.tokenType.name}:${t.image}`)).toEqual(['DoubleQuoted:"a\\"b"', "SingleQuoted:'c'", 'QuotedName:`d e`', 'Identifier:x']);
    expect(lexed.comments.map((t) => t.image)).toEqual(['// note']);
  });

  it('lexes operators borrowed from other languages, for better errors', () => {
    expect(tokens('= == != ! && ||')).toEqual(['SingleEqual:=', 'EqualEqual:==', 'NotEqual:!=', 'Bang:!', 'AmpAmp:&&', 'PipePipe:||']);
  });
});
