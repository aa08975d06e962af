import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AfterMatchSkipStrategy, CepEngine, ManualClock, Pattern, toNodeStream, watermark, type EngineOutput } from '../../src/index.js';

interface Order {
  ts: number | string;
  type: 'created' | 'paid' | 'other';
  orderId?: string;
  user?: { id: string };
}

const unpaid = Pattern.begin<Order>('created')
  .where((e) => e.type === 'created')
  .followedBy('paid')
  .where((e) => e.type === 'paid')
  .within(15);

/** One line per output: `match orders o1 [0,3]`, `timeout orders o2 @15`, `late @2 wm 9`, `error bad-key`. */
function lines(outputs: EngineOutput<Order>[]): string[] {
  return outputs.map((o) => {
    switch (o.kind) {
      case 'match':
        return `match ${o.pattern} ${o.key} [${Object.values(o.events).flat().map((e) => e.ts).join(',')}]`;
      case 'timeout':
        return `timeout ${o.pattern} ${o.key} @${o.timeoutTimestamp}`;
      case 'late':
        return `late @${o.timestamp} wm ${o.watermark}`;
      case 'error':
        return `error ${o.code}`;
      case 'capped':
        return `capped ${o.pattern} ${o.key} ${o.policy} ${o.dropped}`;
    }
  });
}

const order = (ts: number, type: Order['type'], orderId: string): Order => ({ ts, type, orderId });

function runAll(engine: CepEngine<Order>, records: unknown[]): EngineOutput<Order>[] {
  return [...records.flatMap((r) => engine.push(r)), ...engine.flush()];
}

const eventTime = (maxOutOfOrderness = 0) => ({ mode: 'event' as const, timestamp: 'ts', maxOutOfOrderness });

describe('keyed event-time runtime', () => {
  it('a compare function that throws or answers no number keeps arrival order for that tie, reports it once per event and loses nothing', () => {
    // Ties at ts 1 are put in reverse arrival order by the compare function, except that it
    // fails for o2's events: those keep their arrival order.
    const compare = (a: Order, b: Order): number => {
      if (a.orderId === 'o2' || b.orderId === 'o2') {
        if (a.type === 'paid' || b.type === 'paid') return Number.NaN;
        throw new Error('no order for o2');
      }
      return (a.orderId ?? '').localeCompare(b.orderId ?? '');
    };
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }], time: { ...eventTime(), compare } });
    const outputs = runAll(engine, [order(1, 'created', 'o3'), order(1, 'created', 'o2'), order(1, 'created', 'o1'), order(2, 'paid', 'o2'), order(2, 'paid', 'o1'), order(2, 'paid', 'o3')]);
    const errors = outputs.filter((o) => o.kind === 'error');
    // Each failing comparison names the later-arrived event of its pair: o2 (against o3), then o1
    // (against o2) at ts 1; o1's payment against o2's at ts 2.
    expect(errors.map((o) => [o.message, (o.record as Order).orderId, o.timestamp])).toEqual([
      ['the compare function threw: no order for o2; events at 1 keep their arrival order', 'o2', 1],
      ['the compare function threw: no order for o2; events at 1 keep their arrival order', 'o1', 1],
      ['the compare function answered NaN, not a number; events at 2 keep their arrival order', 'o1', 2],
    ]);
    // Every order is matched; the payments at ts 2 come o2 before o1 (their tie failed: arrival order), o1 before o3.
    expect(lines(outputs.filter((o) => o.kind !== 'error'))).toEqual(['match orders o2 [1,2]', 'match orders o1 [1,2]', 'match orders o3 [1,2]']);
    expect(engine.stats).toMatchObject({ records: 6, matches: 3, errors: 3 });
  });

  it('runs each key independently and resolves every window at the end of input', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }], time: eventTime() });
    const outputs = runAll(engine, [order(0, 'created', 'o1'), order(1, 'created', 'o2'), order(3, 'paid', 'o1'), order(40, 'other', 'o3')]);
    expect(lines(outputs)).toEqual(['match orders o1 [0,3]', 'timeout orders o2 @16']);
    expect(outputs.map((o) => o.id)).toEqual([0, 1]);
    expect(engine.liveKeys).toBe(0);
  });

  it('out-of-order input within the bound gives the same outputs as sorted input', () => {
    const sorted = [order(0, 'created', 'o1'), order(2, 'created', 'o2'), order(4, 'paid', 'o2'), order(6, 'paid', 'o1'), order(30, 'other', 'x')];
    const shuffled = [sorted[1]!, sorted[0]!, sorted[3]!, sorted[2]!, sorted[4]!];
    const run = (records: Order[]) =>
      lines(runAll(new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }], time: eventTime(5) }), records));
    expect(run(shuffled)).toEqual(run(sorted));
    expect(run(sorted)).toEqual(['match orders o2 [2,4]', 'match orders o1 [0,6]']);
  });

  it('reports an event at or below the watermark as late, with the watermark it missed', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }], time: eventTime(2) });
    expect(engine.push(order(10, 'created', 'o1'))).toEqual([]);
    expect(engine.watermark).toBe(7);
    expect(lines(engine.push(order(7, 'paid', 'o1')))).toEqual(['late @7 wm 7']);
    expect(engine.push(order(8, 'paid', 'o1'))).toEqual([]); // 8 > 7: not late, buffered
    expect(lines(engine.flush())).toEqual(['timeout orders o1 @25']); // paid at 8 came before created at 10
  });

  it('allowed lateness delays processing instead of dropping', () => {
    const engine = new CepEngine<Order>({
      patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }],
      time: { mode: 'event', timestamp: 'ts', allowedLateness: 3 },
    });
    engine.push(order(10, 'paid', 'o1'));
    expect(engine.watermark).toBe(9);
    expect(lines(engine.push(order(7, 'created', 'o1')))).toEqual([]); // 7 > 9 - 3: still accepted
    expect(lines(engine.push(order(5, 'created', 'o2')))).toEqual(['late @5 wm 6']);
    expect(lines(engine.flush())).toEqual(['match orders o1 [7,10]']);
  });

  it('fires a timeout as soon as the watermark passes the deadline, without another event of that key', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }], time: { mode: 'event', timestamp: 'ts', watermarks: 'source' } });
    engine.push(order(0, 'created', 'o1'));
    expect(engine.advanceWatermark(14)).toEqual([]);
    expect(lines(engine.advanceWatermark(15))).toEqual(['timeout orders o1 @15']);
    expect(engine.liveKeys).toBe(0);
  });

  it('an idle timeout moves event time along with the wall clock', () => {
    const clock = new ManualClock(1000);
    const engine = new CepEngine<Order>({
      patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }],
      time: { mode: 'event', timestamp: 'ts', maxOutOfOrderness: 5, idleTimeout: 100, clock },
    });
    engine.push(order(0, 'created', 'o1'));
    clock.advance(99);
    expect(engine.tick()).toEqual([]);
    clock.advance(1); // silent for the idle timeout: watermark = max ts (0)
    expect(engine.tick()).toEqual([]);
    expect(engine.watermark).toBe(0);
    clock.advance(15); // 15 ms more of silence: watermark 15, the window [0, 15) has ended
    expect(lines(engine.tick())).toEqual(['timeout orders o1 @15']);
  });

  it('a trailing notFollowedBy completes when the watermark passes the window end', () => {
    const noPayment = Pattern.begin<Order>('created').where((e) => e.type === 'created').notFollowedBy('paid').where((e) => e.type === 'paid').within(10);
    const engine = new CepEngine<Order>({ patterns: [{ name: 'unpaid', pattern: noPayment, keyBy: 'orderId' }], time: eventTime() });
    expect(lines([...engine.push(order(0, 'created', 'o1')), ...engine.push(order(1, 'created', 'o2')), ...engine.push(order(5, 'paid', 'o2'))])).toEqual([]);
    expect(lines(engine.push(order(20, 'other', 'o3')))).toEqual(['match unpaid o1 [0]']);
  });

  it('runs several patterns with different keys in one pass, in pattern order for the same event', () => {
    const created = Pattern.begin<Order>('c').where((e) => e.type === 'created');
    const engine = new CepEngine<Order>({
      patterns: [
        { name: 'by-order', pattern: created, keyBy: 'orderId' },
        { name: 'by-user', pattern: created, keyBy: 'user.id' },
      ],
      time: eventTime(),
    });
    const outputs = runAll(engine, [{ ts: 0, type: 'created', orderId: 'o1', user: { id: 'u1' } }]);
    expect(lines(outputs)).toEqual(['match by-order o1 [0]', 'match by-user u1 [0]']);
  });

  it('offers a pattern only the records its filter accepts (no key errors for the others)', () => {
    const created = Pattern.begin<Order>('c').where((e) => e.type === 'created');
    const engine = new CepEngine<Order>({
      patterns: [
        { name: 'orders', pattern: created, keyBy: 'orderId', filter: (e) => e.orderId !== undefined },
        { name: 'users', pattern: created, keyBy: 'user.id', filter: (e) => e.user !== undefined },
        { name: 'broken', pattern: created, keyBy: 'orderId', filter: () => { throw new Error('no'); } },
      ],
      time: eventTime(),
    });
    const outputs = runAll(engine, [{ ts: 0, type: 'created', orderId: 'o1' }, { ts: 1, type: 'created', user: { id: 'u1' } }]);
    expect(lines(outputs)).toEqual(['match orders o1 [0]', 'error filter-failed', 'match users u1 [1]', 'error filter-failed']);
    const error = outputs[1]!;
    expect(error.kind === 'error' && error.message).toBe("pattern 'broken': the filter threw: no");
  });

  it("reads a filter's answer as JavaScript reads a test; a promise is a filter-failed error", () => {
    const created = Pattern.begin<Order>('c').where((e) => e.type === 'created');
    const answers = (e: Order): unknown => ({ o1: 1, o2: 0, o3: 'yes', o4: '', o5: null, o6: [] })[e.orderId!];
    const engine = new CepEngine<Order>({
      patterns: [
        { name: 'truthy', pattern: created, keyBy: 'orderId', filter: answers as (e: Order) => boolean },
        { name: 'async', pattern: created, keyBy: 'orderId', filter: (async () => true) as unknown as (e: Order) => boolean },
      ],
      time: eventTime(),
    });
    const outputs = runAll(engine, ['o1', 'o2', 'o3', 'o4', 'o5', 'o6'].map((id, i) => order(i, 'created', id)));
    expect(lines(outputs).filter((line) => line.startsWith('match'))).toEqual(['match truthy o1 [0]', 'match truthy o3 [2]', 'match truthy o6 [5]']);
    const errors = outputs.filter((o) => o.kind === 'error');
    expect(errors).toHaveLength(6);
    expect(errors.every((o) => o.kind === 'error' && o.code === 'filter-failed' && o.pattern === 'async')).toBe(true);
    expect(errors[0]!.kind === 'error' && errors[0]!.message).toBe("pattern 'async': the filter returned a promise; filters must answer at once (they cannot be async)");
  });

  it('parses ISO-8601 timestamps', () => {
    const unpaid15m = Pattern.begin<Order>('created').where((e) => e.type === 'created').followedBy('paid').where((e) => e.type === 'paid').within('15m');
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: unpaid15m, keyBy: 'orderId' }], time: eventTime() });
    const outputs = runAll(engine, [
      { ts: '2026-01-01T10:00:00Z', type: 'created', orderId: 'o1' },
      { ts: '2026-01-01T10:14:59.999Z', type: 'paid', orderId: 'o1' },
    ]);
    expect(outputs.map((o) => o.kind)).toEqual(['match']);
  });

  it('sends bad records to the error output with the reason and the record, and goes on', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }], time: eventTime() });
    const outputs = runAll(engine, [
      'not json object',
      null,
      [1, 2],
      { type: 'created', orderId: 'o1' },
      { ts: 'yesterday', type: 'created', orderId: 'o1' },
      { ts: Number.NaN, type: 'created', orderId: 'o1' },
      { ts: 0, type: 'created' },
      order(1, 'created', 'o1'),
      order(2, 'paid', 'o1'),
    ]);
    expect(lines(outputs)).toEqual([
      'error not-an-object',
      'error not-an-object',
      'error not-an-object',
      'error bad-timestamp',
      'error bad-timestamp',
      'error bad-timestamp',
      'error bad-key',
      'match orders o1 [1,2]',
    ]);
    const [missingTs, badTs] = [outputs[3]!, outputs[4]!];
    expect(missingTs.kind === 'error' && missingTs.message).toBe("timestamp field 'ts' is missing");
    expect(badTs.kind === 'error' && badTs.message).toBe('timestamp field \'ts\' "yesterday" is not an ISO-8601 date or epoch milliseconds');
    expect(badTs.kind === 'error' && badTs.record).toEqual({ ts: 'yesterday', type: 'created', orderId: 'o1' });
    const badKey = outputs[6]!;
    expect(badKey.kind === 'error' && badKey.message).toBe("pattern 'orders': key field 'orderId' is missing");
  });

  it('a condition that throws becomes an error naming pattern, key and step', () => {
    const fragile = Pattern.begin<Order>('created').where((e) => e.type === 'created').followedBy('paid').where((e) => {
      if (e.type === 'other') throw new Error('cannot read amount');
      return e.type === 'paid';
    });
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: fragile, keyBy: 'orderId' }], time: eventTime() });
    const outputs = runAll(engine, [order(0, 'created', 'o1'), order(1, 'other', 'o1'), order(2, 'paid', 'o1')]);
    expect(lines(outputs)).toEqual(['error condition-failed', 'match orders o1 [0,2]']);
    const error = outputs[0]!;
    expect(error.kind === 'error' && [error.pattern, error.key, error.step, error.message]).toEqual([
      'orders',
      'o1',
      'paid',
      "pattern 'orders', key \"o1\": condition of step 'paid' threw on the event at 1: cannot read amount",
    ]);
  });

  it('reports values that cannot be printed (bigint, cyclic, null-prototype) as errors and goes on', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const unprintable = Object.create(null) as object;
    const hostile = { toString: (): string => { throw new Error('no text'); } };
    const fragile = Pattern.begin<Order>('created').where((e) => {
      if (e.type === 'other') throw (e.orderId === 'o1' ? unprintable : hostile);
      return e.type === 'created';
    });
    const engine = new CepEngine<Order>({
      patterns: [
        { name: 'orders', pattern: fragile, keyBy: 'orderId' },
        { name: 'filtered', pattern: fragile, keyBy: 'orderId', filter: (e) => { if (e.orderId === 'o3') throw unprintable; return true; } },
        { name: 'by-fn', pattern: fragile, keyBy: (e) => { if (e.orderId === 'o3') throw hostile; return e.orderId; } },
      ],
      time: { mode: 'event', timestamp: (e: Order) => e.ts },
    });
    const outputs = runAll(engine, [
      { ts: 10n, type: 'created', orderId: 'o1' },
      { ts: cyclic, type: 'created', orderId: 'o1' },
      { ts: 0, type: 'created', orderId: cyclic },
      { ts: 1, type: 'created', orderId: Symbol('k') },
      order(2, 'other', 'o1'),
      order(3, 'other', 'o2'),
      order(4, 'created', 'o3'),
      order(5, 'created', 'o4'),
    ]);
    const messages = outputs.filter((o) => o.kind === 'error').map((o) => (o.kind === 'error' ? o.message : ''));
    expect(messages).toEqual([
      "the timestamp function is 10n, not a number or date",
      "the timestamp function is [object Object], not a number or date",
      "pattern 'orders': key field 'orderId' is [object Object], not a string or number",
      "pattern 'filtered': key field 'orderId' is [object Object], not a string or number",
      "pattern 'by-fn': the key function is [object Object], not a string or number",
      "pattern 'orders': key field 'orderId' is Symbol(k), not a string or number",
      "pattern 'filtered': key field 'orderId' is Symbol(k), not a string or number",
      "pattern 'by-fn': the key function is Symbol(k), not a string or number",
      "pattern 'orders', key \"o1\": condition of step 'created' threw on the event at 2: [object Object]",
      "pattern 'filtered', key \"o1\": condition of step 'created' threw on the event at 2: [object Object]",
      "pattern 'by-fn', key \"o1\": condition of step 'created' threw on the event at 2: [object Object]",
      "pattern 'orders', key \"o2\": condition of step 'created' threw on the event at 3: [object Object]",
      "pattern 'filtered', key \"o2\": condition of step 'created' threw on the event at 3: [object Object]",
      "pattern 'by-fn', key \"o2\": condition of step 'created' threw on the event at 3: [object Object]",
      "pattern 'filtered': the filter threw: [object Object]",
      "pattern 'by-fn': the key function threw: [object Object]",
    ]);
    // Processing went on: later events of every pattern still match.
    expect(lines(outputs).filter((line) => line.startsWith('match'))).toEqual([
      'match orders o3 [4]',
      'match orders o4 [5]',
      'match filtered o4 [5]',
      'match by-fn o4 [5]',
    ]);
  });

  it('times out at the window end a timer was queued for, whatever the rounding of the timestamps', () => {
    // (t + w) - t < w for these: a window end checked as `time - start >= w` never came, and the
    // partial match outlived even flush().
    const cases: [number, number][] = [[1601301.0208926203, 532138], [2 ** 60, 10_000]];
    for (const [start, window] of cases) {
      const pattern = Pattern.begin<Order>('created').where((e) => e.type === 'created').followedBy('paid').where((e) => e.type === 'paid').within(window);
      const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern, keyBy: 'orderId' }], time: eventTime() });
      const outputs = runAll(engine, [order(start, 'created', 'o1')]);
      expect(lines(outputs)).toEqual([`timeout orders o1 @${start + window}`]);
      expect(engine.partialMatches).toBe(0);
    }
  });

  it('refuses a call back into the engine from a condition or filter, reporting it as that function\'s error', () => {
    let engine: CepEngine<Order>;
    const calls: Record<string, () => unknown> = {
      push: () => engine.push(order(2, 'created', 'inner')),
      flush: () => engine.flush(),
      advanceWatermark: () => engine.advanceWatermark(1000),
      tick: () => engine.tick(),
      captureSnapshot: () => engine.captureSnapshot(),
    };
    for (const [method, call] of Object.entries(calls)) {
      const reentrant = Pattern.begin<Order>('created').where((e) => {
        if (e.orderId === 'o2' && e.type === 'created') call();
        return e.type === 'created';
      }).followedBy('paid').where((e) => e.type === 'paid');
      engine = new CepEngine<Order>({
        patterns: [
          { name: 'orders', pattern: reentrant, keyBy: 'orderId' },
          { name: 'filtered', pattern: unpaid, keyBy: 'orderId', filter: (e) => (e.orderId === 'o2' && e.type === 'created' ? call() === undefined : true) },
        ],
        time: eventTime(),
      });
      const outputs = runAll(engine, [order(0, 'created', 'o1'), order(1, 'created', 'o2'), order(2, 'paid', 'o1'), order(3, 'paid', 'o2')]);
      // Every output reaches the outer caller, numbered in sequence; the inner call changed nothing.
      expect(lines(outputs)).toEqual(['error condition-failed', 'error filter-failed', 'match orders o1 [0,2]', 'match filtered o1 [0,2]']);
      expect(outputs.map((o) => o.id)).toEqual([0, 1, 2, 3]);
      const refusal = `CepEngine.${method}() was called while the engine was processing, from a condition, filter, key or timestamp function; these must not call back into the engine`;
      expect(outputs[0]!.kind === 'error' && outputs[0]!.message).toBe(`pattern 'orders', key "o2": condition of step 'created' threw on the event at 1: ${refusal}`);
      expect(outputs[1]!.kind === 'error' && outputs[1]!.message).toBe(`pattern 'filtered': the filter threw: ${refusal}`);
      expect(engine.stats).toMatchObject({ records: 4, matches: 2, errors: 2, late: 0 });
    }
  });

  it('refuses a watermark that is not a number (from an untyped caller) and keeps its own', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }], time: { ...eventTime(), watermarks: 'source' } });
    engine.advanceWatermark(5);
    expect(() => engine.advanceWatermark('300' as unknown as number)).toThrow('a watermark is a number of milliseconds, not "300"');
    expect(() => engine.push(watermark(undefined as unknown as number))).toThrow('a watermark is a number of milliseconds, not undefined');
    // A source's watermark is refused where the source makes it, not inside the engine's loop.
    expect(() => watermark(Number.NaN)).toThrow('a watermark is a number of milliseconds, not NaN');
    expect(engine.watermark).toBe(5);
    expect(lines(engine.push(order(40, 'created', 'o1')))).toEqual([]);
    expect(lines(engine.advanceWatermark(100))).toEqual(['timeout orders o1 @55']);
  });

  it('treats the key -0 as the key 0', () => {
    const created = Pattern.begin<{ ts: number; id: number }>('c').where(() => true);
    const engine = new CepEngine<{ ts: number; id: number }>({ patterns: [{ name: 'p', pattern: created, keyBy: 'id' }], time: eventTime() });
    const outputs = [...engine.push({ ts: 0, id: -0 }), ...engine.flush()];
    expect(outputs.map((o) => o.kind === 'match' && Object.is(o.key, 0))).toEqual([true]);
  });

  it('caps partial matches per key and reports what it dropped (drop-oldest and reject-new)', () => {
    const any = Pattern.begin<Order>('a').where((e) => e.type === 'created').followedByAny('b').where((e) => e.type === 'paid');
    for (const capPolicy of ['drop-oldest', 'reject-new'] as const) {
      const engine = new CepEngine<Order>({
        patterns: [{ name: 'p', pattern: any, keyBy: 'orderId', maxPartialMatchesPerKey: 2, capPolicy }],
        time: eventTime(),
      });
      const outputs = runAll(engine, [order(0, 'created', 'k'), order(1, 'created', 'k'), order(2, 'created', 'k'), order(3, 'paid', 'k')]);
      const kept = capPolicy === 'drop-oldest' ? ['match p k [1,3]', 'match p k [2,3]'] : ['match p k [0,3]', 'match p k [1,3]'];
      expect(lines(outputs)).toEqual([`capped p k ${capPolicy} 1`, ...kept]);
    }
  });

  it('refuses an unknown cap policy (from an untyped caller) when the engine is built', () => {
    const make = (): CepEngine<Order> =>
      new CepEngine<Order>({ patterns: [{ name: 'p', pattern: unpaid, keyBy: 'orderId', capPolicy: 'drop-newest' as 'reject-new' }], time: eventTime() });
    expect(make).toThrow("pattern 'p': capPolicy must be 'drop-oldest' or 'reject-new', not \"drop-newest\"");
  });

  it('frees key state once its partial matches end (millions of keys cost only what is pending)', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }], time: eventTime() });
    for (let i = 0; i < 10_000; i++) {
      engine.push(order(i, 'created', `o${i}`));
      engine.push(order(i, 'paid', `o${i}`));
    }
    expect(engine.liveKeys).toBeLessThan(20);
    engine.flush();
    expect(engine.liveKeys).toBe(0);
    expect(engine.partialMatches).toBe(0);
    expect(engine.bufferedEvents).toBe(0);
  });

  it('breaks timestamp ties by a user comparator when given, else by arrival', () => {
    const pair = Pattern.begin<Order>('first').next('second');
    const byType = (a: Order, b: Order) => a.type.localeCompare(b.type);
    const run = (compare?: (a: Order, b: Order) => number) =>
      lines(
        runAll(new CepEngine<Order>({ patterns: [{ name: 'p', pattern: pair, keyBy: 'orderId' }], time: { mode: 'event', timestamp: 'ts', compare } }), [
          order(5, 'paid', 'k'),
          order(5, 'created', 'k'),
        ]),
      );
    expect(run()).toEqual(['match p k [5,5]']);
    const outputs = runAll(new CepEngine<Order>({ patterns: [{ name: 'p', pattern: pair, keyBy: 'orderId' }], time: { mode: 'event', timestamp: 'ts', compare: byType } }), [order(5, 'paid', 'k'), order(5, 'created', 'k')]);
    const match = outputs[0]!;
    expect(match.kind === 'match' && match.events['first']![0]!.type).toBe('created');
  });
});

describe('processing time', () => {
  it('stamps events with the clock and fires timers as the clock moves', () => {
    const clock = new ManualClock(100);
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }], time: { mode: 'processing', clock } });
    expect(engine.push({ ts: 0, type: 'created', orderId: 'o1' })).toEqual([]);
    clock.advance(10);
    expect(lines(engine.push({ ts: 0, type: 'paid', orderId: 'o1' }))).toEqual(['match orders o1 [0,0]']);
    engine.push({ ts: 0, type: 'created', orderId: 'o2' });
    clock.advance(14);
    expect(engine.tick()).toEqual([]);
    clock.advance(1);
    expect(lines(engine.tick())).toEqual(['timeout orders o2 @125']);
  });

  it('a clock set back does not take time back; a clock answering no number is refused and changes nothing', () => {
    let now: unknown = 100;
    const clock = { now: () => now as number };
    const pair = Pattern.begin<Order>('created').where((e) => e.type === 'created').followedBy('paid').where((e) => e.type === 'paid').within('10ms');
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: pair, keyBy: 'orderId' }], time: { mode: 'processing', clock } });
    engine.push({ ts: 0, type: 'created', orderId: 'o1' });
    now = 50; // set back: the engine's time stays at 100
    expect(lines(engine.push({ ts: 0, type: 'paid', orderId: 'o1' }))).toEqual(['match orders o1 [0,0]']);
    engine.push({ ts: 0, type: 'created', orderId: 'o2' });
    now = 105; // still before the window of o2 (100 + 10) ends
    expect(engine.tick()).toEqual([]);
    now = Number.NaN;
    expect(() => engine.push({ ts: 0, type: 'paid', orderId: 'o2' })).toThrow(new RangeError("the engine's clock answered NaN, not a time in milliseconds"));
    expect(() => engine.tick()).toThrow(RangeError);
    expect(engine.stats.records).toBe(3);
    now = 110;
    expect(lines(engine.tick())).toEqual(['timeout orders o2 @110']);
  });
});

describe('ways to drive the engine', () => {
  const records = [order(0, 'created', 'o1'), order(1, 'created', 'o2'), order(3, 'paid', 'o1'), watermark(100)];

  it('as an async iterator pipeline', async () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }], time: eventTime() });
    async function* source() {
      yield* records;
    }
    const outputs: EngineOutput<Order>[] = [];
    for await (const output of engine.run(source())) outputs.push(output);
    expect(lines(outputs)).toEqual(['match orders o1 [0,3]', 'timeout orders o2 @16']);
  });

  it('as a Node.js transform stream', async () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', pattern: unpaid, keyBy: 'orderId' }], time: eventTime() });
    const outputs: EngineOutput<Order>[] = [];
    for await (const output of Readable.from(records).pipe(toNodeStream(engine))) outputs.push(output as EngineOutput<Order>);
    expect(lines(outputs)).toEqual(['match orders o1 [0,3]', 'timeout orders o2 @16']);
  });

  it('with skip strategies per pattern', () => {
    const many = Pattern.begin<Order>('c', AfterMatchSkipStrategy.skipPastLastEvent()).where((e) => e.type === 'created').oneOrMore();
    const engine = new CepEngine<Order>({ patterns: [{ name: 'burst', pattern: many, keyBy: 'orderId' }], time: eventTime() });
    expect(lines(runAll(engine, [order(0, 'created', 'k'), order(1, 'created', 'k')]))).toEqual(['match burst k [0]', 'match burst k [1]']);
  });
});
