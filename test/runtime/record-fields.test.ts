// Field paths for keys and timestamps: which are well formed, and that a malformed one is refused
// when the engine is built, not reported again on every event.
import { describe, expect, it } from 'vitest';
import { CepEngine } from '../../src/runtime/engine.js';
import { Pattern } from '../../src/pattern/pattern.js';
import { isFieldPath, keyAccessor, timestampAccessor, Unreadable } from '../../src/runtime/record-fields.js';

type Ev = Record<string, unknown>;
const pattern = Pattern.begin<Ev>('a').where(() => true);

describe('field paths', () => {
  it('are names joined by dots, with [n] for array items', () => {
    for (const path of ['ts', 'orderId', 'user.id', 'items[0].sku', 'a[1][2]', 'user-id', 'x y']) expect(isFieldPath(path), path).toBe(true);
    for (const path of ['', '.', 'a.', '.a', 'a..b', '[0]', 'a[x]', 'a[', 'a]', 'a[0]b']) expect(isFieldPath(path), path).toBe(false);
  });

  it('read nested values, and say why a value is not there', () => {
    const read = keyAccessor<Ev>('user.ids[1]');
    expect(read({ user: { ids: ['a', 'b'] } })).toBe('b');
    expect(read({ user: {} })).toEqual(new Unreadable("key field 'user.ids[1]' is missing"));
    expect(read({ user: { ids: ['a', ''] } })).toEqual(new Unreadable("key field 'user.ids[1]' is an empty string, which is not a key"));
    expect(read({ user: { ids: ['a', Number.NaN] } })).toEqual(new Unreadable("key field 'user.ids[1]' is NaN, not a string or number"));
  });

  it('that are malformed are refused when the engine is built, naming the field and what it is for', () => {
    expect(() => new CepEngine<Ev>({ patterns: [{ name: 'p', keyBy: 'a..b', pattern }], time: { mode: 'event', timestamp: 'ts' } })).toThrow(
      new RangeError("pattern 'p': keyBy 'a..b' is not a field path: write names joined by dots, with [n] for an array item (e.g. 'orderId', 'user.id', 'items[0].sku')"),
    );
    expect(() => new CepEngine<Ev>({ patterns: [{ name: 'p', keyBy: 'k', pattern }], time: { mode: 'event', timestamp: '' } })).toThrow(/^timestamp field '' is not a field path/);
  });
});

describe('a key or timestamp function that answers nothing', () => {
  it('is said to have returned undefined, not to be missing', () => {
    expect(keyAccessor<{ id?: string }>((e) => e.id)({})).toEqual(new Unreadable('the key function returned undefined'));
    expect(keyAccessor<{ id?: string }>('id')({})).toEqual(new Unreadable("key field 'id' is missing"));
    expect(timestampAccessor<{ at?: number }>((e) => e.at)({})).toEqual(new Unreadable('the timestamp function returned undefined'));
  });
});
