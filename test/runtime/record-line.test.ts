// The input line a caller gives with a record (`push(record, line)`) is carried to every output
// about that record: errors raised when it is pushed, errors raised when the watermark releases
// it from the reorder buffer much later, and late outputs. Records pushed without a line get
// outputs exactly as before, without a `line` field.
import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { CepEngine, ManualClock, Pattern, toNodeStream, watermark, withLine, type EngineOutput } from '../../src/index.js';

interface Order {
  ts: number | string;
  type: string;
  orderId?: string;
  amount?: number;
}

const unpaid = Pattern.begin<Order>('created')
  .where((e) => e.type === 'created')
  .followedBy('paid')
  .where((e) => e.type === 'paid')
  .within(15);

const eventTime = { mode: 'event', timestamp: 'ts', maxOutOfOrderness: 5 } as const;

/** The error outputs, as `[code, line, message]` (line `-` where the output has no `line` field). */
function errors(outputs: EngineOutput<Order>[]): [string, number | '-', string][] {
  return outputs.flatMap((o) => (o.kind === 'error' ? [[o.code, 'line' in o ? o.line! : '-', o.message] as [string, number | '-', string]] : []));
}

describe('a record pushed with its line', () => {
  it('a bad timestamp and a record that is not an object name the line, as a field and at the start of the message', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }], time: eventTime });
    expect(engine.push({ ts: 'xx', type: 'created', orderId: 'b' }, 2)).toStrictEqual([
      {
        id: 0,
        kind: 'error',
        code: 'bad-timestamp',
        message: `line 2: timestamp field 'ts' "xx" is not an ISO-8601 date or epoch milliseconds`,
        record: { ts: 'xx', type: 'created', orderId: 'b' },
        line: 2,
      },
    ]);
    expect(engine.push(42, 7)).toStrictEqual([{ id: 1, kind: 'error', code: 'not-an-object', message: 'line 7: record is a number (42), not an object', record: 42, line: 7 }]);
  });

  it('a missing key found when the watermark releases the record, many records later, names the record’s own line', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }], time: eventTime });
    expect(engine.push({ ts: 1, type: 'created' }, 3)).toEqual([]); // buffered: the key is read later
    expect(engine.push({ ts: 2, type: 'created', orderId: 'a' }, 4)).toEqual([]);
    const outputs = engine.push({ ts: 20, type: 'paid', orderId: 'a' }, 9);
    expect(outputs).toStrictEqual([
      {
        id: 0,
        kind: 'error',
        code: 'bad-key',
        message: "line 3: pattern 'orders': key field 'orderId' is missing",
        pattern: 'orders',
        record: { ts: 1, type: 'created' },
        line: 3,
        timestamp: 1,
      },
    ]);
  });

  it('a filter and a condition that fail name the line of the record they were asked about', () => {
    const engine = new CepEngine<Order>({
      patterns: [
        {
          name: 'filtered',
          keyBy: 'orderId',
          pattern: unpaid,
          filter: (e) => {
            if (e.type === 'boom') throw new Error('no boom');
            return true;
          },
        },
        {
          name: 'amounts',
          keyBy: 'orderId',
          pattern: Pattern.begin<Order>('big').where((e) => {
            if (e.amount === undefined) throw new Error('no amount');
            return e.amount > 100;
          }),
        },
      ],
      time: eventTime,
    });
    engine.push({ ts: 1, type: 'boom', orderId: 'a', amount: 5 }, 11);
    engine.push({ ts: 2, type: 'created', orderId: 'b' }, 12);
    expect(errors([...engine.flush()])).toEqual([
      ['filter-failed', 11, "line 11: pattern 'filtered': the filter threw: no boom"],
      ['condition-failed', 12, `line 12: pattern 'amounts', key "b": condition of step 'big' threw on the event at 2: no amount`],
    ]);
  });

  it('a compare function that fails names the line of the later-arrived event of the two', () => {
    const engine = new CepEngine<Order>({
      patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }],
      time: {
        ...eventTime,
        compare: () => {
          throw new Error('cannot order');
        },
      },
    });
    engine.push({ ts: 1, type: 'created', orderId: 'a' }, 5);
    engine.push({ ts: 1, type: 'created', orderId: 'b' }, 6);
    expect(errors(engine.flush())).toEqual([['compare-failed', 6, 'line 6: the compare function threw: cannot order; events at 1 keep their arrival order']]);
  });

  it('a late record carries its line', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }], time: eventTime });
    engine.push({ ts: 100, type: 'created', orderId: 'a' }, 1);
    expect(engine.push({ ts: 3, type: 'paid', orderId: 'a' }, 2)).toStrictEqual([
      { id: 0, kind: 'late', record: { ts: 3, type: 'paid', orderId: 'a' }, line: 2, timestamp: 3, watermark: 94 },
    ]);
  });

  it('in processing time a missing key names the line at once', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }], time: { mode: 'processing', clock: new ManualClock(0) } });
    expect(errors(engine.push({ ts: 0, type: 'created' }, 8))).toEqual([['bad-key', 8, "line 8: pattern 'orders': key field 'orderId' is missing"]]);
  });

  it('rejectInput with a line prefixes the message and carries the line', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }], time: eventTime });
    expect(engine.rejectInput('{oops', 'not JSON: bad', 4)).toStrictEqual([{ id: 0, kind: 'error', code: 'bad-input', message: 'line 4: not JSON: bad', record: '{oops', line: 4 }]);
  });

  it('a line that is not a whole number from 1 is refused with a RangeError, and nothing changes', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }], time: eventTime });
    for (const line of [0, -1, 1.5, Number.NaN, '3' as unknown as number]) {
      expect(() => engine.push({ ts: 1, type: 'created', orderId: 'a' }, line)).toThrow(RangeError);
      expect(() => engine.rejectInput('x', 'not JSON', line)).toThrow(RangeError);
    }
    expect(engine.stats.records).toBe(0);
    expect(engine.bufferedEvents).toBe(0);
  });
});

describe('a record pushed without a line', () => {
  it('gets outputs without a line field and messages without a prefix, as before lines were kept', () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }], time: eventTime });
    const outputs = [
      ...engine.push({ ts: 'xx', type: 'created' }),
      ...engine.push({ ts: 1, type: 'created' }),
      ...engine.push({ ts: 50, type: 'created', orderId: 'a' }),
      ...engine.push({ ts: 2, type: 'created', orderId: 'a' }),
      ...engine.rejectInput('{', 'line 9: not JSON'),
    ];
    expect(outputs.map((o) => [o.kind, 'line' in o])).toEqual([
      ['error', false],
      ['error', false],
      ['late', false],
      ['error', false],
    ]);
    expect(errors(outputs)).toEqual([
      ['bad-timestamp', '-', `timestamp field 'ts' "xx" is not an ISO-8601 date or epoch milliseconds`],
      ['bad-key', '-', "pattern 'orders': key field 'orderId' is missing"],
      ['bad-input', '-', 'line 9: not JSON'],
    ]);
  });
});

describe('records a source gives with withLine', () => {
  const source = () => [withLine({ ts: 'xx', type: 'created', orderId: 'b' }, 2), withLine({ ts: 1, type: 'paid' }, 3), watermark(100), withLine({ ts: 4, type: 'created', orderId: 'c' }, 7)];
  const expected: [string, number | '-', string][] = [
    ['bad-timestamp', 2, `line 2: timestamp field 'ts' "xx" is not an ISO-8601 date or epoch milliseconds`],
    ['bad-key', 3, "line 3: pattern 'orders': key field 'orderId' is missing"],
  ];

  it('engine.run names their lines, the late one included', async () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }], time: eventTime });
    const outputs: EngineOutput<Order>[] = [];
    for await (const output of engine.run(source())) outputs.push(output);
    expect(errors(outputs)).toEqual(expected);
    expect(outputs.filter((o) => o.kind === 'late').map((o) => ['line' in o ? o.line : '-', o.record])).toEqual([[7, { ts: 4, type: 'created', orderId: 'c' }]]);
  });

  it('toNodeStream names their lines', async () => {
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }], time: eventTime });
    const outputs = (await Readable.from(source()).pipe(toNodeStream(engine)).toArray()) as EngineOutput<Order>[];
    expect(errors(outputs)).toEqual(expected);
  });

  it('a line is refused where it is made, and given only once', () => {
    expect(() => withLine({ ts: 1 }, 0)).toThrow(new RangeError("a record's line is a whole number from 1, not 0"));
    const engine = new CepEngine<Order>({ patterns: [{ name: 'orders', keyBy: 'orderId', pattern: unpaid }], time: eventTime });
    expect(() => engine.push(withLine({ ts: 1, type: 'created', orderId: 'a' }, 4), 5)).toThrow(
      new RangeError('push(): the record already carries line 4 (withLine); give the line once, not also 5'),
    );
    expect(engine.bufferedEvents).toBe(0);
    expect(engine.push(withLine({ ts: 1, type: 'created', orderId: 'a' }, 4))).toEqual([]);
    expect(engine.bufferedEvents).toBe(1);
  });
});
