// What conditions mean at run time, event by event: missing fields, nulls and wrong types make
// comparisons false (never an exception), and every operator does what grammar/README.md says.
// Each row is a one-step pattern run on one event: it matches exactly when the condition holds.
import { describe, expect, it } from 'vitest';
import { runMatcher } from '../../src/nfa/matcher.js';
import { loadOne } from './support.js';

type Row = readonly [condition: string, event: Record<string, unknown>, holds: boolean];

function holds(condition: string, event: Record<string, unknown>, prelude = ''): boolean {
  const { model } = loadOne(`${prelude}\npattern p${prelude === '' ? '' : ' on E'} { begin step where ${condition} }`);
  const outputs = runMatcher(model, [{ event, timestamp: 3 }]);
  expect(outputs.filter((o) => o.kind === 'error')).toEqual([]);
  return outputs.some((o) => o.kind === 'match');
}

const rows: readonly Row[] = [
  // equality: missing or null on either side is never equal, nor unequal
  ['x == 1', { x: 1 }, true],
  ['x == 1', { x: '1' }, false],
  ['x == 1', {}, false],
  ['x == 1', { x: null }, false],
  ['x != 1', { x: 2 }, true],
  ['x != 1', { x: '1' }, true],
  ['x != 1', { x: 1 }, false],
  ['x != 1', {}, false],
  ['x != 1', { x: null }, false],
  ['x == y', { x: 'a', y: 'a' }, true],
  ['x == y', {}, false],
  ['x != y', { x: 1 }, false],
  ['not x == 1', {}, true],
  ['x == 1 minute', { x: 60_000 }, true],
  // ordering: two numbers or two strings
  ['x < 5', { x: 4 }, true],
  ['x < 5', { x: '4' }, false],
  ['x < 5', {}, false],
  ['x >= 5', { x: 5 }, true],
  ['x > 5', { x: 5 }, false],
  ['x <= 5', { x: 5 }, true],
  ['s < "b"', { s: 'a' }, true],
  ['s < t', { s: 'a', t: 1 }, false],
  ['elapsed < 2 minutes', { elapsed: 60_000 }, true],
  // arithmetic: numbers only; no result for anything else, or for division by zero
  ['a + b == 3', { a: 1, b: 2 }, true],
  ['a + b == 3', { a: 1 }, false],
  ['a + b == 3', { a: '1', b: 2 }, false],
  ['a - b * c == -5', { a: 1, b: 2, c: 3 }, true],
  ['(a - b) * c == -3', { a: 1, b: 2, c: 3 }, true],
  ['a / b > 0', { a: 1, b: 0 }, false],
  ['not a / b > 0', { a: 1, b: 0 }, true],
  ['a % 2 == 1', { a: 7 }, true],
  ['-a == -1', { a: 1 }, true],
  ['- -a == 1', { a: 1 }, true],
  // booleans: only `true` holds
  ['active', { active: true }, true],
  ['active', { active: 'yes' }, false],
  ['active', {}, false],
  ['not active', {}, true],
  ['active == false', { active: false }, true],
  ['a or b', { b: true }, true],
  ['a and b', { a: true }, false],
  ['true', {}, true],
  ['false', {}, false],
  // in / not in; a null in the list matches null and missing values
  ['x in [1, 2]', { x: 2 }, true],
  ['x in [1, 2]', { x: 3 }, false],
  ['x in [1, 2]', {}, false],
  ['x not in [1, 2]', { x: 3 }, true],
  ['x not in [1, 2]', { x: 1 }, false],
  ['x not in [1, 2]', {}, false],
  ['x in [1, null]', {}, true],
  ['x in [1, null]', { x: null }, true],
  ['x in [y, 5]', { x: 'a', y: 'a' }, true],
  ['x in ["1", 2]', { x: 1 }, false],
  // items read from the event compare as == and != do: a missing or null one equals nothing
  ['x not in [y]', { x: 5 }, false],
  ['x not in [y]', { x: 5, y: null }, false],
  ['x not in [y]', { x: 5, y: 6 }, true],
  ['x not in [y, 6]', { x: 5 }, false],
  ['x in [y]', {}, false],
  ['x in [y]', { x: null, y: null }, false],
  ['x in [y, 5]', { x: 5 }, true],
  ['x in [y, null]', {}, true],
  ['x not in [y, null]', { x: 5, y: 6 }, true],
  // null and existence checks
  ['x is null', {}, true],
  ['x is null', { x: null }, true],
  ['x is null', { x: 0 }, false],
  ['x is not null', { x: 0 }, true],
  ['x is not null', { x: null }, false],
  ['x is missing', {}, true],
  ['x is missing', { x: null }, false],
  ['x is not missing', { x: null }, true],
  ['x == null', {}, true],
  ['x != null', { x: false }, true],
  // strings and lists
  ['s contains "b"', { s: 'abc' }, true],
  ['s contains "d"', { s: 'abc' }, false],
  ['s contains "b"', { s: 5 }, false],
  ['tags contains "b"', { tags: ['a', 'b'] }, true],
  ['tags contains "b"', { tags: ['a'] }, false],
  ['tags contains 2', { tags: [1, 2] }, true],
  ['s starts with "ab"', { s: 'abc' }, true],
  ['s starts with "bc"', { s: 'abc' }, false],
  ['s ends with "bc"', { s: 'abc' }, true],
  ['s ends with "bc"', { s: ['b', 'c'] }, false],
  ['s matches /^a.c$/i', { s: 'ABC' }, true],
  ['s matches /^a.c$/i', { s: 'abd' }, false],
  ['s matches /^a.c$/i', { s: 5 }, false],
  ['s matches "^a\\\\.c$"', { s: 'a.c' }, true],
  ['s matches "^a\\\\.c$"', { s: 'abc' }, false],
  // paths
  ['user.id == "u1"', { user: { id: 'u1' } }, true],
  ['user.id == "u1"', { user: null }, false],
  ['user.id == "u1"', { user: 'u1' }, false],
  ['items[1].sku == "b"', { items: [{ sku: 'a' }, { sku: 'b' }] }, true],
  ['items[1].sku == "b"', { items: { 1: { sku: 'b' } } }, false],
  ['items[5] is missing', { items: [] }, true],
  ['`a.b` == 1', { 'a.b': 1 }, true],
  ['`a.b` == 1', { a: { b: 1 } }, false],
  ['event.x == 1', { x: 1 }, true],
  // inherited members of objects are not fields
  ['constructor is missing', {}, true],
  ['toString is missing', {}, true],
  ['__proto__ is missing', {}, true],
  ['constructor == 1', { constructor: 1 }, true],
  // the time of the event being tested
  ['timestamp() == 3', {}, true],
  ['timestamp() > 3', {}, false],
];

describe('conditions on one event', () => {
  for (const [condition, event, expected] of rows) {
    it(`${condition} on ${JSON.stringify(event)} is ${expected}`, () => {
      expect(holds(condition, event)).toBe(expected);
    });
  }
});

describe('fields declared as time', () => {
  const schema = 'event E { ts: time, n: number }';

  it('read ISO-8601 text as epoch milliseconds', () => {
    expect(holds('ts == 2000', { ts: '1970-01-01T00:00:02Z' }, schema)).toBe(true);
    expect(holds('ts > 1000', { ts: 1500 }, schema)).toBe(true);
  });

  it('are missing when the text is not a date', () => {
    expect(holds('ts is missing', { ts: 'soon' }, schema)).toBe(true);
    expect(holds('ts > 0', { ts: 'soon' }, schema)).toBe(false);
  });
});

describe('conditions reading earlier steps', () => {
  /** Each match as `step=values…` of field `v`, sorted. */
  function matches(text: string, events: readonly Record<string, unknown>[]): string[] {
    const { model } = loadOne(text);
    const outputs = runMatcher(model, events.map((event, i) => ({ event, timestamp: i + 1 })));
    return outputs
      .filter((o) => o.kind === 'match')
      .map((o) => Object.entries(o.events).map(([step, list]) => `${step}=${list.map((e) => String(e['v'])).join(',')}`).join(' '))
      .sort();
  }

  it('a field of an earlier single-event step', () => {
    const text = 'pattern p { begin created where t == "c" followed by paid where t == "p" and amount == created.amount }';
    expect(matches(text, [{ t: 'c', amount: 5, v: 1 }, { t: 'p', amount: 6, v: 2 }, { t: 'p', amount: 5, v: 3 }])).toEqual(['created=1 paid=3']);
  });

  it('a missing field of an earlier step equals nothing, not even another missing field', () => {
    const text = 'pattern p { begin created where t == "c" followed by paid where t == "p" and amount == created.amount }';
    expect(matches(text, [{ t: 'c', v: 1 }, { t: 'p', v: 2 }])).toEqual([]);
  });

  it('an optional step that matched nothing has missing fields', () => {
    const text = 'pattern p { begin a where t == "a" optional followed by b where t == "b" and a.v is missing }';
    expect(matches(text, [{ t: 'a', v: 1 }, { t: 'b', v: 2 }])).toEqual(['b=2']);
  });

  it('count, sum, avg, min, max, first and last over the events a loop took', () => {
    const aggregates = 'count(b) == 2 and sum(b.p) == 3 and avg(b.p) == 1.5 and min(b.p) == 1 and max(b.p) == 2 and first(b.p) == 1 and last(b.p) == 2';
    const text = `pattern p { begin b where t == "b" one or more followed by end where t == "end" and ${aggregates} }`;
    expect(matches(text, [{ t: 'b', p: 1, v: 1 }, { t: 'b', p: 2, v: 2 }, { t: 'end', v: 3 }])).toEqual(['b=1,2 end=3']);
  });

  it('steps named like keywords, read by aggregates: event in backticks, soft keywords bare', () => {
    const aggregates = 'count(`event`) == 2 and sum(`event`.p) == 3 and count(first) == 1 and last(time.p) == 4 and event.t == "end"';
    const text = `pattern p { begin event where t == "e" one or more followed by first where t == "f" followed by time where t == "t" followed by end where t == "end" and ${aggregates} }`;
    const events = [{ t: 'e', p: 1, v: 1 }, { t: 'e', p: 2, v: 2 }, { t: 'f', v: 3 }, { t: 't', p: 4, v: 4 }, { t: 'end', v: 5 }];
    expect(matches(text, events)).toEqual(['event=1,2 first=3 time=4 end=5']);
  });

  it('over no events: count and sum are 0, the others missing', () => {
    const text = 'pattern p { begin b where t == "b" zero or more followed by end where t == "end" and count(b) == 0 and sum(b.p) == 0 and avg(b.p) is missing and min(b.p) is missing and first(b.p) is missing }';
    expect(matches(text, [{ t: 'end', v: 1 }])).toEqual(['end=1']);
  });

  it('aggregates skip values that are not numbers; count(step.field) counts present values', () => {
    const text = 'pattern p { begin b where t == "b" times 3 followed by end where t == "end" and sum(b.p) == 2 and count(b.p) == 2 and count(b) == 3 }';
    expect(matches(text, [{ t: 'b', p: 'x', v: 1 }, { t: 'b', p: 2, v: 2 }, { t: 'b', p: null, v: 3 }, { t: 'end', v: 4 }])).toEqual(['b=1,2,3 end=4']);
  });

  it('a loop bounded by the sum of its own events (Flink IterativeConditionsITCase)', () => {
    const text = 'pattern p { begin start where t == "s" followed by middle where t == "m" and sum(middle.p) + p < 5 one or more followed by end where t == "e" }';
    // m3 would take the sum to 6 and is skipped; m4 brings it to 4.
    const events = [{ t: 's', v: 's' }, { t: 'm', p: 1, v: 1 }, { t: 'm', p: 2, v: 2 }, { t: 'm', p: 3, v: 3 }, { t: 'm', p: 1, v: 4 }, { t: 'e', v: 'e' }];
    expect(matches(text, events)).toEqual(['start=s middle=1 end=e', 'start=s middle=1,2 end=e', 'start=s middle=1,2,4 end=e']);
  });
});
