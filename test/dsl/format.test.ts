// The formatter: canonical text for every construct, stable under reformatting, and reading the
// formatted text back gives an equal model.
import { describe, expect, it } from 'vitest';
import { Pattern } from '../../src/pattern/pattern.js';
import { AfterMatchSkipStrategy } from '../../src/pattern/skip-strategy.js';
import { formatModel, formatPatterns } from '../../src/dsl/format.js';
import { parsePatterns } from '../../src/dsl/parse-patterns.js';
import { GOLDEN } from './golden-table.js';
import { load, withoutFunctions } from './support.js';

describe('every golden row', () => {
  for (const [name, text] of GOLDEN) {
    it(`${name}: formats stably and reads back as the same model`, () => {
      const first = parsePatterns(text);
      const formatted = formatPatterns(first);
      const again = parsePatterns(formatted);
      expect(again.diagnostics).toEqual([]);
      expect(again.definitions.map((d) => withoutFunctions(d.model))).toEqual(first.definitions.map((d) => withoutFunctions(d.model)));
      expect(again.definitions.map((d) => [d.name, d.keyBy, d.timeField, d.doc, d.eventType])).toEqual(
        first.definitions.map((d) => [d.name, d.keyBy, d.timeField, d.doc, d.eventType]),
      );
      expect(formatPatterns(again)).toBe(formatted);
    });
  }
});

describe('canonical text', () => {
  it('lays out a file: event types, doc comments, clauses, steps, groups', () => {
    const text = `
      // Orders.
      event Order{orderId:string,amount:number,user:{id:string},tags:[string],ts:time}
      // Unpaid.
      pattern unpaid on Order{time by ts key by user.id after match skip to last e or fail within 90 s
      begin a where amount>1 followed by(begin b where tags contains "x" not next c followed by d)times 0..2 consecutive
      followed by any e one or more where last(e.amount) > 0 and not(orderId == "x" or amount < 2) greedy until count(e) >= 3 }`;
    expect(formatPatterns(parsePatterns(text))).toBe(`// Orders.
event Order {
  orderId: string,
  amount: number,
  user: { id: string },
  tags: [string],
  ts: time
}

// Unpaid.
pattern unpaid on Order {
  key by user.id
  time by ts
  within 1 minute 30 seconds
  after match skip to last e or fail

  begin a where amount > 1
  followed by (
    begin b where tags contains "x"
    not next c
    followed by d
  ) times 0..2 consecutive
  followed by any e one or more greedy where last(e.amount) > 0 and not (orderId == "x" or amount < 2) until count(e) >= 3
}
`);
  });

  it('writes optional repetitions the short way and keeps the rest as written', () => {
    const text = 'pattern p { begin a times 1..3 optional followed by b one or more optional followed by c 3 or more optional followed by d times 1 }';
    expect(formatPatterns(parsePatterns(text))).toContain('begin a times 0..3\n  followed by b zero or more\n  followed by c 3 or more optional\n  followed by d times 1\n');
  });

  it('quotes names that are reserved or not identifiers, and fields that a step name would shadow', () => {
    const text = "pattern `my p` { key by `order id` begin `not` followed by amount where event.amount > 1 and `x y` == 'q\"' and event.event == 1 }";
    expect(formatPatterns(parsePatterns(text))).toBe(
      'pattern `my p` {\n  key by `order id`\n\n  begin `not`\n  followed by amount where event.amount > 1 and `x y` == "q\\"" and event.event == 1\n}\n',
    );
  });
});

describe('models built in code', () => {
  it('format when their steps have no code conditions, and read back equal', () => {
    const model = Pattern.begin<Record<string, unknown>>('a', AfterMatchSkipStrategy.skipToNext())
      .followedBy('b')
      .oneOrMore()
      .consecutive()
      .followedByAny(Pattern.begin<Record<string, unknown>>('c').next('d'))
      .times(2)
      .within('1m')
      .toModel();
    const text = formatModel('p', model);
    expect(text).toBe('pattern p {\n  within 1 minute\n  after match skip to next\n\n  begin a\n  followed by b one or more consecutive\n  followed by any (\n    begin c\n    next d\n  ) times 2\n}');
    expect(withoutFunctions(load(text)[0]!.model)).toEqual(withoutFunctions(model));
  });

  it('refuse to format a condition written in code, naming the step', () => {
    const model = Pattern.begin<{ x: number }>('a').followedBy('b').where((e) => e.x > 1, 'x > 1').toModel();
    expect(() => formatModel('p', model)).toThrow("step 'b': the condition 'x > 1' was written in code, not in the DSL, so it has no text form");
  });
});
