import { describe, expect, it } from 'vitest';
import { Pattern } from '../../src/pattern/pattern.js';
import { AfterMatchSkipStrategy } from '../../src/pattern/skip-strategy.js';
import { Matcher, runMatcher } from '../../src/nfa/matcher.js';
import type { MatcherOutput } from '../../src/nfa/outputs.js';

interface Ev {
  id: string;
  type: string;
  amount?: number;
}
const ev = (id: string, amount?: number): Ev => ({ id, type: id.replace(/\d+$/, ''), amount });
const at = (pairs: [string, number][]) => pairs.map(([id, timestamp]) => ({ event: ev(id), timestamp }));
const is = (type: string) => (e: Ev) => e.type === type;

/** A compact, order-preserving rendering of outputs: `match a b1 c`, `timeout@15 a`, `error:b`. */
function render(outputs: MatcherOutput<Ev>[]): string[] {
  return outputs.map((o) => {
    switch (o.kind) {
      case 'match':
        return `match ${Object.values(o.events).flat().map((e) => e.id).join(' ')}`;
      case 'timeout':
        return `timeout@${o.timeoutTimestamp} ${Object.values(o.events).flat().map((e) => e.id).join(' ')}`;
      case 'error':
        return `error:${o.code}:${o.step}`;
    }
  });
}

describe('windows and timeouts', () => {
  const unpaid = Pattern.begin<Ev>('created').where(is('created')).followedBy('paid').where(is('paid')).within(15);

  it('reports an unpaid order when its window ends, with the window end as time', () => {
    const outputs = runMatcher(unpaid, at([['created', 0], ['other', 5]]), { endTime: Infinity });
    expect(render(outputs)).toEqual(['timeout@15 created']);
  });

  it('an event exactly at start + within is outside the window [start, start + within)', () => {
    expect(render(runMatcher(unpaid, at([['created', 0], ['paid', 15]])))).toEqual(['timeout@15 created']);
    expect(render(runMatcher(unpaid, at([['created', 0], ['paid', 14]])))).toEqual(['match created paid']);
  });

  it('advanceTime expires partial matches without an event', () => {
    const matcher = new Matcher(unpaid);
    expect(matcher.push(ev('created'), 100)).toEqual([]);
    expect(matcher.advanceTime(114)).toEqual([]);
    expect(render(matcher.advanceTime(115))).toEqual(['timeout@115 created']);
    expect(matcher.partialMatchCount).toBe(0);
  });

  it('does not report timeouts when they are turned off', () => {
    expect(runMatcher(unpaid, at([['created', 0]]), { endTime: 100, timeouts: false })).toEqual([]);
  });

  it('a trailing notFollowedBy completes when the window ends', () => {
    const p = Pattern.begin<Ev>('created').where(is('created')).notFollowedBy('paid').where(is('paid')).within(10);
    expect(render(runMatcher(p, at([['created', 0], ['other', 3]]), { endTime: 10 }))).toEqual(['match created']);
    expect(render(runMatcher(p, at([['created', 0], ['paid', 3]]), { endTime: 10 }))).toEqual([]);
    expect(render(runMatcher(p, at([['created', 0]]), { endTime: 9 }))).toEqual([]);
  });
});

describe('negations', () => {
  it('notNext completes on the next event that is not forbidden', () => {
    const p = Pattern.begin<Ev>('a').where(is('a')).notNext('b').where(is('b'));
    expect(render(runMatcher(p, at([['a', 0], ['c', 1]])))).toEqual(['match a']);
    expect(render(runMatcher(p, at([['a', 0], ['b', 1]])))).toEqual([]);
    expect(render(runMatcher(p, at([['a', 0]])))).toEqual([]);
  });

  it('notFollowedBy in the middle forbids the event anywhere between its neighbours', () => {
    const p = Pattern.begin<Ev>('a').where(is('a')).notFollowedBy('b').where(is('b')).followedBy('c').where(is('c'));
    expect(render(runMatcher(p, at([['a', 0], ['x', 1], ['c', 2]])))).toEqual(['match a c']);
    expect(render(runMatcher(p, at([['a', 0], ['b', 1], ['c', 2]])))).toEqual([]);
  });
});

describe('faults stay local', () => {
  it('a throwing condition becomes one error output, counts as false, and other partial matches go on', () => {
    const p = Pattern.begin<Ev>('a')
      .where(is('a'))
      .followedBy('b')
      .where((e) => {
        if (e.amount === undefined && e.type === 'bad') throw new Error('amount missing');
        return e.type === 'b';
      });
    const outputs = runMatcher(p, at([['a1', 0], ['a2', 1], ['bad', 2], ['b', 3]]));
    expect(render(outputs)).toEqual(['error:condition-failed:b', 'match a1 b', 'match a2 b']);
    const error = outputs[0]!;
    expect(error.kind === 'error' && error.message).toContain("condition of step 'b' threw on the event at 2: amount missing");
    expect(error.kind === 'error' && error.event).toEqual(ev('bad'));
  });
});

describe('time order', () => {
  it('refuses a decreasing or non-number timestamp and changes nothing; restore starts time again', () => {
    const matcher = new Matcher(Pattern.begin<Ev>('a').where(is('a')).followedBy('b').where(is('b')).within('10ms'));
    matcher.push(ev('a1'), 5);
    const kept = matcher.state;
    expect(() => matcher.push(ev('b1'), 4)).toThrow(new RangeError('Matcher.push(): timestamps must not decrease, got 4 after 5'));
    expect(() => matcher.advanceTime(Number.NaN)).toThrow(new RangeError('Matcher.advanceTime(): the timestamp must be a number, not NaN'));
    expect(matcher.state).toBe(kept);
    expect(render(matcher.push(ev('b1'), 8))).toEqual(['match a1 b1']);
    // Replaying from a state kept earlier goes back in time.
    matcher.restore(kept);
    expect(render(matcher.push(ev('b2'), 6))).toEqual(['match a1 b2']);
  });
});

describe('condition answers', () => {
  it('are read as JavaScript reads a test: truthy values hold, falsy ones do not', () => {
    // `(e) => e.text.match(/http/)` answers an array or null; conditions in plain JavaScript answer such values.
    const answers: Record<string, unknown> = { t1: 1, f1: 0, t2: 'x', f2: '', t3: [], f3: null, t4: {}, f4: undefined, f5: Number.NaN };
    const p = Pattern.begin<Ev>('a').where(((e: Ev) => answers[e.id]) as (e: Ev) => boolean);
    const outputs = runMatcher(p, at(Object.keys(answers).map((id, i) => [id, i] as [string, number])));
    expect(render(outputs)).toEqual(['match t1', 'match t2', 'match t3', 'match t4']);
  });
});

describe('faults stay local: async conditions', () => {
  it('a condition that returns a promise is reported once per event and counts as false', () => {
    const p = Pattern.begin<Ev>('a')
      .where(is('a'))
      .followedBy('b')
      .where((async (e: Ev) => e.type === 'b') as unknown as (e: Ev) => boolean);
    const outputs = runMatcher(p, at([['a1', 0], ['a2', 1], ['b', 2]]));
    // a2 and b are each offered to b's condition (b by two partial matches): one report per event, no match.
    expect(render(outputs)).toEqual(['error:condition-failed:b', 'error:condition-failed:b']);
    const error = outputs[0]!;
    expect(error.kind === 'error' && error.message).toBe("condition of step 'b' returned a promise; conditions must answer at once (they cannot be async)");
  });
});

describe('skip strategies hold matches back like Flink', () => {
  it('skipPastLastEvent: a later match is held until the earlier partial match resolves, then pruned', () => {
    // a1 starts first but completes last; a2's match completes first and must wait for it.
    const p = Pattern.begin<Ev>('a', AfterMatchSkipStrategy.skipPastLastEvent())
      .where(is('a'))
      .followedByAny('b')
      .where((e, ctx) => e.type === 'b' && e.amount === (ctx.eventsFor('a')[0]!.id === 'a1' ? 1 : 2));
    const events = [
      { event: ev('a1'), timestamp: 0 },
      { event: ev('a2'), timestamp: 1 },
      { event: ev('b', 2), timestamp: 2 },
      { event: ev('b', 1), timestamp: 3 },
    ];
    const matcher = new Matcher(p);
    expect(matcher.push(events[0]!.event, 0)).toEqual([]);
    expect(matcher.push(events[1]!.event, 1)).toEqual([]);
    expect(matcher.push(events[2]!.event, 2)).toEqual([]); // a2 b(2) is complete but held behind a1
    expect(render(matcher.push(events[3]!.event, 3))).toEqual(['match a1 b']); // a1's match prunes a2's
    expect(matcher.partialMatchCount).toBe(0);
  });
});

describe('state stays bounded', () => {
  it('holds nothing once every window has passed', () => {
    const p = Pattern.begin<Ev>('a').where(is('a')).followedByAny('b').where(is('b')).oneOrMore().followedBy('c').where(is('c')).within(5);
    const matcher = new Matcher(p);
    for (let i = 0; i < 50; i++) matcher.push(ev(i % 3 === 0 ? 'a' : 'b'), i);
    expect(matcher.partialMatchCount).toBeGreaterThan(0);
    matcher.advanceTime(1000);
    expect(matcher.state.runs).toEqual([]);
    expect(matcher.state.held).toEqual([]);
  });
});
