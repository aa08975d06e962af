import { describe, expect, it } from 'vitest';
import { formatMilliseconds, parseDuration } from '../../src/pattern/duration.js';

const examples = "(examples: '15m', '1h30m', '90s', '250ms')";

describe('parseDuration', () => {
  it.each([
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['250ms', 250],
    ['15 minutes', 900_000],
    ['1 hour 30 minutes', 5_400_000],
    ['1h 30m 250ms', 5_400_250],
    ['2d', 172_800_000],
    ['2 days', 172_800_000],
    ['1w', 604_800_000],
    ['1 sec', 1000],
    ['1.5h', 5_400_000],
    ['0.5s', 500],
    ['  15M  ', 900_000],
    ['500', 500],
    ['0', 0],
  ])('%j is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    [0, 0],
    [1500, 1500],
    [1.6, 2],
  ])('the number %d is milliseconds: %i', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each([
    ['15x', `invalid duration "15x": unknown unit "x" ${examples}`],
    ['15 mins', `invalid duration "15 mins": unknown unit "mins" ${examples}`],
    ['', `invalid duration "": it is empty ${examples}`],
    ['   ', `invalid duration "   ": it is empty ${examples}`],
    ['-5', `invalid duration "-5": a duration cannot be negative ${examples}`],
    ['-15m', `invalid duration "-15m": a duration cannot be negative ${examples}`],
    ['m', `invalid duration "m": unexpected text at "m" ${examples}`],
    ['15m later', `invalid duration "15m later": unexpected text at "later" ${examples}`],
    ['1h-30m', `invalid duration "1h-30m": unexpected text at "-30m" ${examples}`],
  ])('rejects the text %j with a RangeError quoting it', (text, message) => {
    expect(() => parseDuration(text)).toThrow(new RangeError(message));
  });

  it.each([
    [-5, 'invalid duration -5: expected a non-negative number of milliseconds'],
    [Number.NaN, 'invalid duration NaN: expected a non-negative number of milliseconds'],
    [Number.POSITIVE_INFINITY, 'invalid duration Infinity: expected a non-negative number of milliseconds'],
  ])('rejects the number %d with a RangeError', (input, message) => {
    expect(() => parseDuration(input)).toThrow(RangeError);
    expect(() => parseDuration(input)).toThrow(message);
  });
});

describe('formatMilliseconds', () => {
  it.each([
    [0, '0 ms'],
    [250, '250 ms'],
    [90_000, '1 minute 30 seconds'],
    [900_000, '15 minutes'],
    [5_400_250, '1 hour 30 minutes 250 ms'],
    [172_800_000, '2 days'],
  ])('%i ms prints as %j', (ms, text) => {
    expect(formatMilliseconds(ms)).toBe(text);
  });

  it('prints what parseDuration reads back', () => {
    for (const ms of [250, 90_000, 5_400_250, 172_800_000]) expect(parseDuration(formatMilliseconds(ms))).toBe(ms);
  });
});
