// Reading and writing literals and names.
import { describe, expect, it } from 'vitest';
import { formatName, formatNumber, quoteString, unquote } from '../../src/dsl/literals.js';
import { didYouMean, editDistance } from '../../src/dsl/suggest.js';

describe('unquote', () => {
  it('reads every escape', () => {
    expect(unquote('"a\\n\\t\\r\\0\\\\\\"\\\'\\`\\/\\u0041\\u{1F600}\\u{d800}"')).toEqual({ ok: true, value: 'a\n\t\r\0\\"\'`/A😀\ud800' });
  });

  it('reports the first unknown escape with its place', () => {
    expect(unquote('"ab\\qc"')).toEqual({ ok: false, offset: 3, length: 2, escape: '\\q' });
    expect(unquote('"\\u{110000}"')).toMatchObject({ ok: false, offset: 1 });
  });

  it('reads an unterminated string to its end', () => {
    expect(unquote('"abc')).toEqual({ ok: true, value: 'abc' });
  });
});

describe('writing', () => {
  it('quotes strings so that every character survives', () => {
    const value = 'a"b\\c\nd\te\u0001\u2028\ud800😀';
    expect(quoteString(value)).toBe('"a\\"b\\\\c\\nd\\te\\u{1}\\u{2028}\\u{d800}😀"');
    expect(unquote(quoteString(value))).toEqual({ ok: true, value });
  });

  it('writes names bare only when they are identifiers and not reserved', () => {
    expect(['amount', 'time', 'where', 'and', 'null', 'order id', '1st', 'a.b', 'x`y', ''].map((n) => formatName(n))).toEqual([
      'amount',
      'time',
      'where',
      '`and`',
      '`null`',
      '`order id`',
      '`1st`',
      '`a.b`',
      '`x\\`y`',
      '``',
    ]);
  });

  it('writes numbers the lexer reads back exactly', () => {
    expect([0, -0, 1.5, -2, 1e21, 5e-324].map(formatNumber)).toEqual(['0', '-0', '1.5', '-2', '1e+21', '5e-324']);
  });
});

describe('did you mean', () => {
  it('counts a swap of two neighbours as one edit', () => {
    expect(editDistance('kye', 'key')).toBe(1);
    expect(editDistance('folowed', 'followed')).toBe(1);
    expect(editDistance('abc', 'xyz')).toBe(3);
  });

  it('suggests the closest word within about a third of its length, preferring case-only differences', () => {
    expect(didYouMean('ammount', ['amount', 'account'])).toBe('amount');
    expect(didYouMean('Where', ['were', 'where'])).toBe('where');
    expect(didYouMean('xyz', ['amount'])).toBeNull();
    expect(didYouMean('ab', ['abc', 'xy'])).toBe('abc');
  });
});
