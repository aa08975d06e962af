// The body writer prints numbers itself, straight into bytes: its text must be exactly what
// JSON.stringify writes, and its measured length exactly what it writes, for every number.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BodyWriter, numberLength, writeNumber } from '../../src/state/body-writer.js';
import { NumberColumn } from '../../src/state/column.js';
import { runAtOnce } from '../../src/state/snapshot.js';

const EDGES = [
  0, -0, 1, -1, 9, 10, 99, 100, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, -(2 ** 31) - 1, 999_999_999, 1e9, 1e9 + 1, 1_767_225_600_000, -1_767_225_600_123,
  Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53, 2 ** 53 + 2, 1e21, 1e-7, 0.1, -0.5, 1 / 3, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE,
  NaN, Infinity, -Infinity,
];

function printed(value: number): string {
  const out = Buffer.alloc(32);
  const end = writeNumber(out, 0, value);
  expect(end).toBe(numberLength(value));
  return out.subarray(0, end).toString('latin1');
}

describe('writeNumber', () => {
  it('writes edge cases as JSON.stringify does', () => {
    for (const value of EDGES) expect(printed(value), String(value)).toBe(JSON.stringify(value));
  });

  it('writes any double, integer or epoch timestamp as JSON.stringify does', () => {
    const numbers = fc.oneof(fc.double(), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.maxSafeInteger(), fc.integer({ min: 1_500_000_000_000, max: 2_000_000_000_000 }));
    fc.assert(
      fc.property(numbers, (value) => {
        expect(printed(value)).toBe(JSON.stringify(value));
      }),
      { numRuns: 5000, seed: 41 },
    );
  });
});

describe('BodyWriter', () => {
  it('writes text and number columns, across chunks, exactly as measured and hashed', () => {
    const column = new NumberColumn();
    for (let i = 0; i < 70_000; i++) column.push(i % 7 === 0 ? -i : i * 1_000_003);
    const empty = new NumberColumn();
    const body = new BodyWriter();
    body.text('{"a":[');
    body.numbers(column);
    body.text('],"b":[');
    body.numbers(empty);
    body.text(`],"c":${JSON.stringify('é'.repeat(300))}}`);
    const preparing = body.prepare();
    let steps = 0;
    let next = preparing.next();
    for (; next.done !== true; next = preparing.next()) steps++;
    const { length, sha256 } = next.value;
    const out = Buffer.concat([...body.texts()].map(({ text, encoding }) => Buffer.from(text, encoding)));
    const expected = `{"a":${JSON.stringify(column.toArray())},"b":[],"c":${JSON.stringify('é'.repeat(300))}}`;
    expect(out.toString('utf8')).toBe(expected);
    expect(out.length).toBe(length);
    expect(sha256.toString('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
    // Printing is paused at least once per 16 384 numbers, so no step holds up the event loop long.
    expect(steps).toBeGreaterThanOrEqual(Math.ceil(70_000 / 16_384));
  });

  it('gives each piece of text once', () => {
    const body = new BodyWriter();
    body.text('x'.repeat(300));
    body.numbers(NumberColumn.of([1, 2, 3]));
    runAtOnce(body.prepare());
    expect([...body.texts()].map(({ text }) => text.length)).toEqual([300, 5]);
    expect([...body.texts()].map(({ text }) => text)).toEqual(['', '']);
  });
});
