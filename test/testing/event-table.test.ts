// Counter-example tables: pinned as text, since reading them is their whole point.
import { describe, expect, it } from 'vitest';
import { watermark } from '../../src/index.js';
import type { EngineOutput } from '../../src/index.js';
import { compactDuration, formatEventTable, formatOutputTable, withTableLayout } from '../../src/testing/event-table.js';

describe('formatEventTable', () => {
  it('prints position, timestamp, key and fields, guessing the time and key columns', () => {
    const events = [
      { ts: 0, key: 'k1', type: 'a', v: 3 },
      { ts: 12, key: 'k2', type: 'b', v: 10 },
    ];
    expect(formatEventTable(events)).toBe(
      ['  #  ts  key  type  v', '  0   0  k1   a     3', '  1  12  k2   b     10'].join('\n'),
    );
  });

  it('follows a registered layout: the named time and key columns first, then the fields in order', () => {
    const events = withTableLayout([{ text: 'hi there', userId: 'u1', at: 5 }], { timestamp: 'at', key: 'userId', fields: ['text'] });
    expect(formatEventTable(events)).toBe(['  #  at  userId  text', '  0   5  u1      "hi there"'].join('\n'));
  });

  it('marks events that arrive behind a later timestamp, by how much', () => {
    const table = formatEventTable([{ ts: 10 }, { ts: 4 }, { ts: 12 }]);
    expect(table.split('\n').slice(1)).toEqual(['  0      10', '  1  4 (-6)', '  2      12']);
  });

  it('adds time since the first event when timestamps are epoch milliseconds', () => {
    const table = formatEventTable([{ ts: 1_700_000_000_000, n: 1 }, { ts: 1_700_000_090_500, n: 2 }]);
    expect(table.split('\n')).toEqual(['  #             ts  +time     n', '  0  1700000000000  +0ms      1', '  1  1700000090500  +1m30.5s  2']);
  });

  it('reads { event, timestamp } items and watermarks; absent fields show as -, long values are cut', () => {
    const long = 'x'.repeat(50);
    const table = formatEventTable([{ event: { id: 'e0', name: long }, timestamp: 3 }, watermark(5), { event: { id: 'e1' }, timestamp: 7 }]);
    expect(table.split('\n')).toEqual([
      '  #  timestamp  id           name',
      `  0          3  e0           ${'x'.repeat(31)}…`,
      '  1          5  (watermark)',
      '  2          7  e1           -',
    ]);
  });

  it('prints an empty stream as such', () => {
    expect(formatEventTable([])).toBe('  (no events)');
  });
});

describe('formatOutputTable', () => {
  const events = [
    { ts: 1, key: 'k1', type: 'a' },
    { ts: 2, key: 'k1', type: 'b' },
    { ts: 3, key: 'k2', type: 'a' },
  ];
  it('names events by their row in the stream, and shows when each output happened', () => {
    const outputs: EngineOutput<(typeof events)[number]>[] = [
      { id: 0, kind: 'match', pattern: 'ab', key: 'k1', events: { a: [events[0]!], b: [events[1]!] }, startTimestamp: 1, endTimestamp: 2 },
      { id: 1, kind: 'timeout', pattern: 'ab', key: 'k2', events: { a: [events[2]!] }, startTimestamp: 3, timeoutTimestamp: 13 },
      { id: 2, kind: 'late', record: events[0]!, timestamp: 1, watermark: 9 },
      { id: 3, kind: 'error', code: 'condition-failed', message: 'boom', pattern: 'ab', key: 'k1', step: 'b', timestamp: 2 },
    ];
    expect(formatOutputTable(outputs, events).split('\n')).toEqual([
      '  id  kind     pattern  key  at  detail',
      '   0  match    ab       k1   2   a=#0 b=#1',
      '   1  timeout  ab       k2   13  a=#2',
      '   2  late     -        -    1   #0 missed watermark 9',
      '   3  error    ab       k1   2   condition-failed: boom',
    ]);
  });

  it('finds events by content when they are copies (after a restore), and prints unknown ones', () => {
    const copy = JSON.parse(JSON.stringify(events[1])) as (typeof events)[number];
    const outputs = [{ kind: 'match' as const, events: { b: [copy], c: [{ ts: 9, key: 'k9', type: 'c' }] }, startTimestamp: 2, endTimestamp: 9 }];
    expect(formatOutputTable(outputs, events).split('\n')[1]).toBe('   0  match  9   b=#1 c={"ts":9,"key":"k9","type":"c"}');
  });

  it('prints no outputs as such', () => {
    expect(formatOutputTable([])).toBe('  (no outputs)');
  });
});

describe('compactDuration', () => {
  it.each([
    [0, '0ms'],
    [250, '250ms'],
    [60_000, '1m'],
    [3_723_500, '1h2m3.5s'],
    [-1500, '-1.5s'],
  ])('%d ms is %s', (ms, text) => {
    expect(compactDuration(ms)).toBe(text);
  });
});
