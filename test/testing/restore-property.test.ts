// The checkpoint contract for a user's own engine setup, in one line: holding on the engine,
// failing readably on a setup whose restarted engine is not the same engine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CepEngine, Pattern, type EngineOptions } from '../../src/index.js';
import {
  assertRestoreEqualsUninterrupted,
  keyedAbcEvents,
  PropertyFailure,
  restoreMismatch,
  runWithRestarts,
  type KeyedAbcEvent,
} from '../../src/testing/index.js';

const is = (type: KeyedAbcEvent['type']) => (e: KeyedAbcEvent) => e.type === type;
const options: EngineOptions<KeyedAbcEvent> = {
  patterns: [
    { name: 'ab', keyBy: 'key', pattern: Pattern.begin<KeyedAbcEvent>('a').where(is('a')).followedBy('b').where(is('b')).within(6) },
    { name: 'a-no-c', keyBy: 'key', pattern: Pattern.begin<KeyedAbcEvent>('a').where(is('a')).notFollowedBy('c').where(is('c')).within(4) },
  ],
  time: { mode: 'event', timestamp: 'ts', maxOutOfOrderness: 2 },
};
const stream = keyedAbcEvents({ keys: ['k1', 'k2'], jitter: 3, maxLength: 20 });

describe('runWithRestarts', () => {
  it('gives the outputs of an uninterrupted run, restarting through bytes at each cut (0 and the end included)', () => {
    const [records] = fc.sample(stream.filter((r) => r.length > 6), { seed: 1, numRuns: 1 });
    const engine = new CepEngine(options);
    const straight = [...records!.flatMap((r) => engine.push(r)), ...engine.flush()];
    expect(straight.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(runWithRestarts(options, records!, [0, 3, 3, records!.length])))).toEqual(JSON.parse(JSON.stringify(straight)));
    expect(restoreMismatch(options, records!, [2, 5])).toBeNull();
  });
});

describe('assertRestoreEqualsUninterrupted', () => {
  it('holds for the engine', () => {
    assertRestoreEqualsUninterrupted(options, stream, { maxCheckpoints: 3 }, { seed: 4, numRuns: 100 });
  });

  it('fails, naming the cuts and showing both runs, on a pattern whose condition keeps state outside the checkpoint', () => {
    // Counting in a closure: a restarted engine starts counting again, so restarts show.
    const counting = (): CepEngine<KeyedAbcEvent> => {
      let seen = 0;
      const everyOtherA = Pattern.begin<KeyedAbcEvent>('a').where((e) => e.type === 'a' && ++seen % 2 === 0);
      return new CepEngine<KeyedAbcEvent>({ patterns: [{ name: 'even-a', keyBy: 'key', pattern: everyOtherA }], time: { mode: 'event', timestamp: 'ts' } });
    };
    let failure: unknown;
    try {
      assertRestoreEqualsUninterrupted(counting, stream, { maxCheckpoints: 1 }, { seed: 4, numRuns: 100 });
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(PropertyFailure);
    const message = (failure as PropertyFailure).message;
    expect(message).toMatch(/restarting through checkpoint bytes before record #\d+ changes the outputs from output \d+ on/);
    expect(message).toContain('uninterrupted:');
    expect(message).toContain('with restarts:');
    expect(message).toMatch(/#\s+ts\s+key\s+id\s+type\s+v/);
  });
});

describe('restoreMismatch: the output tables name the rows the events came from', () => {
  // Two equal records (the same reading sent twice). The condition of b keeps state outside the
  // checkpoint, so only the restarted engine matches, with the restored copies of both records:
  // naming a copy by its content would give both the first one's row (a=#0,#0).
  const setup = (): CepEngine<KeyedAbcEvent> => {
    let seenA = 0;
    const pattern = Pattern.begin<KeyedAbcEvent>('a')
      .where((e) => {
        if (e.type === 'a') seenA++;
        return e.type === 'a';
      })
      .times(2)
      .followedBy('b')
      .where((e) => e.type === 'b' && seenA === 0);
    return new CepEngine<KeyedAbcEvent>({ patterns: [{ name: 'p', keyBy: 'key', pattern }], time: { mode: 'event', timestamp: 'ts' } });
  };
  const records: KeyedAbcEvent[] = [
    { ts: 1, key: 'k', type: 'a', id: 'e1', v: 0 },
    { ts: 1, key: 'k', type: 'a', id: 'e1', v: 0 },
    { ts: 2, key: 'k', type: 'b', id: 'e2', v: 0 },
  ];

  it.each([[[3]], [[3, 3]], [[1, 3]]])('after restarts at %j, each restored copy keeps its own row', (cuts) => {
    const cutsText = cuts.length === 1 ? `record #${cuts[0]}` : `records ${cuts.map((cut) => `#${cut}`).join(', ')}`;
    expect(restoreMismatch(setup, records, cuts)).toBe(
      [
        `restarting through checkpoint bytes before ${cutsText} changes the outputs from output 0 on`,
        '(0 outputs uninterrupted, 1 with restarts)',
        '',
        'uninterrupted:',
        '  (no outputs)',
        '',
        'with restarts:',
        '  id  kind   pattern  key  at  detail',
        '   0  match  p        k    2   a=#0,#1 b=#2',
      ].join('\n'),
    );
  });
});

describe('restoreMismatch: records shaped { event, timestamp } are named by their rows too', () => {
  // Such a record is an ordinary event to the engine (its time is its `timestamp` field), and the
  // outputs hold it whole: its row must not be looked up by its `event` field, as for the
  // { event, timestamp } items runMatcher takes. The setup matches only after a restart, as above.
  interface Click {
    readonly event: { readonly type: string };
    readonly timestamp: number;
  }
  const setup = (): CepEngine<Click> => {
    let seenA = 0;
    const pattern = Pattern.begin<Click>('a')
      .where((e) => {
        if (e.event.type === 'a') seenA++;
        return e.event.type === 'a';
      })
      .times(2)
      .followedBy('b')
      .where((e) => e.event.type === 'b' && seenA === 0);
    return new CepEngine<Click>({ patterns: [{ name: 'p', keyBy: () => 'k', pattern }], time: { mode: 'event', timestamp: 'timestamp' } });
  };
  const records: Click[] = [
    { event: { type: 'a' }, timestamp: 1 },
    { event: { type: 'a' }, timestamp: 1 },
    { event: { type: 'b' }, timestamp: 2 },
  ];

  it.each([[[3]], [[1, 3]]])('after restarts at %j, each event is named by its row', (cuts) => {
    expect(restoreMismatch(setup, records, cuts)?.split('\n').slice(-1)).toEqual(['   0  match  p        k    2   a=#0,#1 b=#2']);
  });
});

describe('restoreMismatch on a setup that reads nothing', () => {
  it('refuses it: both runs would be the same errors, and the property could not fail', () => {
    const misread: EngineOptions<KeyedAbcEvent> = { ...options, time: { mode: 'event', timestamp: 'at' } };
    const records = [
      { ts: 0, key: 'k', type: 'a' },
      { ts: 1, key: 'k', type: 'b' },
    ];
    expect(() => restoreMismatch(misread, records, [1])).toThrow(/^the engine could read none of the 2 records, so there is nothing to compare \(first: bad-timestamp: timestamp field 'at' is missing\)/);
  });
});
