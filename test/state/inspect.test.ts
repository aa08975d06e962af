// The inspection API (our State Processor API): reading a checkpoint's patterns, keys and partial
// matches, and editing it — every edit gives new, compacted data that encodes, decodes and
// restores into an engine, which then behaves as if the removed state had never existed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AfterMatchSkipStrategy,
  CepEngine,
  compactCheckpoint,
  listPartialMatches,
  ManualClock,
  Pattern,
  removeKey,
  removePartialMatchesOlderThan,
  summarizeCheckpoint,
  type EngineOptions,
  type EngineOutput,
  type Key,
} from '../../src/index.js';
import { CheckpointError, type CheckpointData } from '../../src/state/checkpoint.js';
import { decodeCheckpoint, encodeCheckpointSync } from '../../src/state/checkpoint-codec.js';
import { snapshotToCheckpointSync } from '../../src/state/snapshot.js';

interface Ev {
  ts: number;
  key: string;
  type: 'a' | 'b' | 'c';
  v: number;
}

const is = (type: Ev['type']) => (e: Ev) => e.type === type;
const ev = (ts: number, key: string, type: Ev['type'], v = 0): Ev => ({ ts, key, type, v });

/** `a b+ c` within 20: partial matches wait in `b:1` (after a) and `b` (after a b). */
const abc = Pattern.begin<Ev>('a').where(is('a')).followedBy('b').where(is('b')).oneOrMore().followedBy('c').where(is('c')).within(20);

/**
 * `x y` where y has x's value, skipping past the last event: a match that completes while a
 * partial match which started earlier is alive is held back (Flink's order of emission).
 */
const sameValue = Pattern.begin<Ev>('x', AfterMatchSkipStrategy.skipPastLastEvent())
  .where(is('a'))
  .followedBy('y')
  .where((e, ctx) => e.type === 'b' && e.v === ctx.eventsFor('x')[0]!.v);

const options = (): EngineOptions<Ev> => ({
  patterns: [
    { name: 'abc', keyBy: 'key', pattern: abc },
    { name: 'same-value', keyBy: 'key', pattern: sameValue },
  ],
  time: { mode: 'event', timestamp: 'ts', watermarks: 'source', clock: new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5)) },
});

/** A checkpoint through real bytes, as a file on disk would be. */
function checkpointOf(engine: CepEngine<Ev>, position: unknown = null): CheckpointData {
  return decodeCheckpoint(encodeCheckpointSync(snapshotToCheckpointSync(engine.captureSnapshot(position))));
}

function roundTrip(data: CheckpointData): CheckpointData {
  return decodeCheckpoint(encodeCheckpointSync(data));
}

/** An engine after a small, hand-checked history, watermark 10. */
function scenario(): CepEngine<Ev> {
  const engine = new CepEngine<Ev>(options());
  for (const event of [ev(1, 'k1', 'a', 1), ev(2, 'k1', 'a', 2), ev(3, 'k1', 'b', 2), ev(4, 'k2', 'a', 7), ev(12, 'k3', 'a')]) engine.push(event);
  engine.advanceWatermark(10);
  return engine;
}

const line = (o: EngineOutput<Ev>): string =>
  o.kind === 'timeout' ? `timeout ${o.pattern} ${o.key} @${o.timeoutTimestamp}` : o.kind === 'match' ? `match ${o.pattern} ${o.key} @${o.endTimestamp}` : o.kind;

describe('summarizeCheckpoint', () => {
  it('counts per pattern and overall, with the time and position of the checkpoint', () => {
    const engine = scenario();
    const summary = summarizeCheckpoint(checkpointOf(engine, { offset: 99 }));
    expect(summary).toEqual({
      version: 1,
      createdAt: '2026-01-02T03:04:05.000Z',
      position: { offset: 99 },
      watermark: 10,
      flushed: false,
      patterns: [
        // k1: a@1 b@3 and a@2 b@3 wait in b+ (followedBy moved both on at b@3); k2: a@4 waits for b.
        { name: 'abc', fingerprint: expect.any(String), keys: 2, partialMatches: 3, heldMatches: 0, oldestStartTimestamp: 1 },
        // k1: x=a@1 (v 1) still waits; x=a@2 y=b@3 (v 2) completed but is held behind it; k2: x=a@4.
        { name: 'same-value', fingerprint: expect.any(String), keys: 2, partialMatches: 3, heldMatches: 1, oldestStartTimestamp: 1 },
      ],
      partialMatches: 6,
      events: 5, // a@1, a@2, b@3, a@4 (shared by both patterns) and a@12 (in the reorder buffer)
      nodes: 9, // abc: a@1, a@2, b@3 after each, a@4; same-value: a@1, a@2, b@3, a@4
      bufferedEvents: 1,
    });
    expect(summary.partialMatches).toBe(engine.partialMatches);
    expect(summary.patterns.reduce((total, pattern) => total + pattern.keys, 0)).toBe(engine.liveKeys);
  });
});

describe('listPartialMatches', () => {
  it('lists every partial match with its state, step, events oldest first and age', () => {
    const data = checkpointOf(scenario());
    const taken = (...events: Ev[]) => events.map((event) => ({ step: event.type, timestamp: event.ts, event }));
    expect(listPartialMatches(data, { pattern: 'abc' })).toEqual([
      { pattern: 'abc', key: 'k1', state: 'b', waitingIn: 'b', events: taken(ev(1, 'k1', 'a', 1), ev(3, 'k1', 'b', 2)), startTimestamp: 1, ageMs: 9, held: false },
      { pattern: 'abc', key: 'k1', state: 'b', waitingIn: 'b', events: taken(ev(2, 'k1', 'a', 2), ev(3, 'k1', 'b', 2)), startTimestamp: 2, ageMs: 8, held: false },
      { pattern: 'abc', key: 'k2', state: 'b:1', waitingIn: 'b', events: taken(ev(4, 'k2', 'a', 7)), startTimestamp: 4, ageMs: 6, held: false },
    ]);
  });

  it('marks matches held back by a skip strategy, after the partial matches of their key', () => {
    const listed = listPartialMatches(checkpointOf(scenario()), { pattern: 'same-value', key: 'k1' });
    expect(listed.map(({ state, waitingIn, held, startTimestamp, events }) => ({ state, waitingIn, held, startTimestamp, steps: events.map((e) => `${e.step}@${e.timestamp}`) }))).toEqual([
      { state: 'y', waitingIn: 'y', held: false, startTimestamp: 1, steps: ['x@1'] },
      { state: '$endState$', waitingIn: '$endState$', held: true, startTimestamp: 2, steps: ['x@2', 'y@3'] },
    ]);
  });

  it('filters by pattern, by key, or by both; lists everything without a filter', () => {
    const data = checkpointOf(scenario());
    const all = listPartialMatches(data);
    expect(all).toHaveLength(6);
    expect(listPartialMatches(data, { key: 'k2' }).map((m) => `${m.pattern} ${m.key}`)).toEqual(['abc k2', 'same-value k2']);
    expect(listPartialMatches(data, { pattern: 'same-value' })).toHaveLength(3);
    expect(listPartialMatches(data, { pattern: 'nope' })).toEqual([]);
    expect(listPartialMatches(data, { key: 'k3' })).toEqual([]); // its event is still buffered
  });

  it('has no age before the first watermark', () => {
    const engine = new CepEngine<Ev>({ ...options(), time: { mode: 'processing', clock: new ManualClock(5) } });
    engine.push(ev(0, 'k1', 'a'));
    const [only] = listPartialMatches(checkpointOf(engine), { pattern: 'abc' });
    expect(only).toMatchObject({ key: 'k1', startTimestamp: 5, ageMs: null });
  });

  it('takes a step named like a numbered state for what it is', () => {
    const numbered = Pattern.begin<Ev>('a').where(is('a')).followedBy('b:1').where(is('b')).oneOrMore().followedBy('c').where(is('c'));
    const engine = new CepEngine<Ev>({ patterns: [{ name: 'numbered', keyBy: 'key', pattern: numbered }], time: { mode: 'event', timestamp: 'ts', watermarks: 'source' } });
    [ev(1, 'k1', 'a'), ev(2, 'k2', 'a'), ev(3, 'k2', 'b')].forEach((e) => engine.push(e));
    engine.advanceWatermark(5);
    const listed = listPartialMatches(checkpointOf(engine));
    expect(listed.map((m) => [m.state, m.waitingIn])).toEqual([
      ['b:1:1', 'b:1'],
      ['b:1', 'b:1'],
    ]);
  });

  it('reports a reference to a missing node as a corrupt checkpoint', () => {
    const data = checkpointOf(scenario());
    const [abcState, ...rest] = data.patterns;
    const [k1, ...others] = abcState!.keys;
    const broken: CheckpointData = { ...data, patterns: [{ ...abcState!, keys: [{ ...k1!, runs: [['b', 99, 1, 0]] }, ...others] }, ...rest] };
    expect(() => listPartialMatches(broken)).toThrow(expect.objectContaining({ code: 'corrupt', message: expect.stringContaining('node 99') }));
  });
});

describe('removeKey', () => {
  it('returns new compacted data without the key; the restored engine never times it out', () => {
    const engine = scenario();
    const data = checkpointOf(engine);
    const before = structuredClone(data);
    const edited = removeKey(data, 'abc', 'k1');

    expect(data).toEqual(before); // the input is untouched
    expect(listPartialMatches(edited, { pattern: 'abc' }).map((m) => m.key)).toEqual(['k2']);
    expect(listPartialMatches(edited, { pattern: 'same-value' })).toEqual(listPartialMatches(data, { pattern: 'same-value' }));
    // same-value still needs a@1, a@2 and b@3 of k1: only abc's own nodes of k1 go (5 of 9 left).
    expect(summarizeCheckpoint(edited)).toMatchObject({ partialMatches: 4, events: 5, nodes: 5 });
    expect(roundTrip(edited)).toEqual(edited);

    const restored = new CepEngine<Ev>(options());
    expect(restored.restore(roundTrip(edited))).toEqual([]);
    expect(restored.watermark).toBe(10);
    expect(restored.flush().map(line)).toEqual(['timeout abc k2 @24', 'timeout abc k3 @32']);

    const control = new CepEngine<Ev>(options());
    control.restore(roundTrip(data));
    expect(control.flush().map(line)).toEqual(['timeout abc k1 @21', 'timeout abc k1 @22', 'timeout abc k2 @24', 'timeout abc k3 @32']);
  });

  it('drops the events only the removed key used', () => {
    const data = checkpointOf(scenario());
    const edited = removeKey(removeKey(data, 'abc', 'k1'), 'same-value', 'k1');
    expect(summarizeCheckpoint(edited)).toMatchObject({ partialMatches: 2, events: 2, nodes: 2, bufferedEvents: 1 });
    expect(edited.events).toEqual([ev(4, 'k2', 'a', 7), ev(12, 'k3', 'a')]);
    expect(edited.buffer).toEqual([[12, 4, 1]]);
    // Held matches go with their key: nothing of k1 is emitted after the restore.
    const restored = new CepEngine<Ev>(options());
    restored.restore(roundTrip(edited));
    expect(restored.flush().map(line)).toEqual(['timeout abc k2 @24', 'timeout abc k3 @32']);
  });

  it('changes nothing for a key the checkpoint does not hold, and names the patterns for an unknown one', () => {
    const data = checkpointOf(scenario());
    expect(removeKey(data, 'abc', 'nobody')).toEqual(data);
    expect(removeKey(data, 'abc', 1)).toEqual(data); // keys are compared exactly: 1 is not '1'
    expect(() => removeKey(data, 'abd', 'k1')).toThrow("the checkpoint has no pattern 'abd' (it has 'abc', 'same-value')");
  });
});

describe('removePartialMatchesOlderThan', () => {
  it('measures ages from the watermark by default and keeps those exactly at the limit', () => {
    const data = checkpointOf(scenario()); // watermark 10: ages 9 (started at 1), 8 (2), 6 (4)
    const starts = (d: CheckpointData) => listPartialMatches(d).map((m) => `${m.pattern} ${m.key} ${m.startTimestamp}${m.held ? ' held' : ''}`);
    expect(starts(removePartialMatchesOlderThan(data, 8))).toEqual([
      'abc k1 2',
      'abc k2 4',
      'same-value k1 2 held',
      'same-value k2 4',
    ]);
    expect(starts(removePartialMatchesOlderThan(data, 5))).toEqual([]);
    expect(removePartialMatchesOlderThan(data, 9)).toEqual(data);
    expect(starts(removePartialMatchesOlderThan(data, 8, { pattern: 'abc' }))).toEqual([
      'abc k1 2',
      'abc k2 4',
      'same-value k1 1',
      'same-value k1 2 held',
      'same-value k2 4',
    ]);
  });

  it('measures from a given time instead, and the result restores', () => {
    const data = checkpointOf(scenario());
    const edited = removePartialMatchesOlderThan(data, 10, { now: 13 }); // keeps starts >= 3
    expect(summarizeCheckpoint(edited)).toMatchObject({ partialMatches: 2, events: 2, nodes: 2, bufferedEvents: 1 });
    const restored = new CepEngine<Ev>(options());
    restored.restore(roundTrip(edited));
    expect(restored.partialMatches).toBe(2);
    expect(restored.flush().map(line)).toEqual(['timeout abc k2 @24', 'timeout abc k3 @32']);
  });

  it('needs a time to measure from when the checkpoint has no finite watermark', () => {
    const engine = new CepEngine<Ev>(options());
    engine.push(ev(1, 'k1', 'a'));
    const early = checkpointOf(engine);
    expect(() => removePartialMatchesOlderThan(early, 5)).toThrow(/no finite watermark .*before any watermark.*pass \{ now \}/);
    expect(summarizeCheckpoint(removePartialMatchesOlderThan(early, 5, { now: 100 })).partialMatches).toBe(0);
    engine.flush();
    expect(() => removePartialMatchesOlderThan(checkpointOf(engine), 5)).toThrow(/after a flush/);
    expect(() => removePartialMatchesOlderThan(early, -1, { now: 0 })).toThrow('an age limit must be a number of milliseconds >= 0, not -1');
    expect(() => removePartialMatchesOlderThan(early, Number.NaN, { now: 0 })).toThrow(RangeError);
  });
});

describe('compactCheckpoint', () => {
  it('leaves a fresh checkpoint as it is (snapshots store only what is referenced)', () => {
    const data = checkpointOf(scenario());
    expect(compactCheckpoint(data)).toEqual(data);
  });

  it('drops unreferenced events and nodes and renumbers the rest in order', () => {
    const data = checkpointOf(scenario());
    const padded: CheckpointData = {
      ...data,
      events: [{ unused: true }, ...data.events],
      nodes: [['a', 0, 0, 0, -1], ...data.nodes.map(([step, event, ts, seq, previous]) => [step, event + 1, ts, seq, previous < 0 ? -1 : previous + 1] as const)],
      buffer: data.buffer.map(([ts, arrival, event]) => [ts, arrival, event + 1] as const),
      patterns: data.patterns.map((p) => ({ ...p, keys: p.keys.map((k) => ({ ...k, runs: k.runs.map(([s, n, t, q]) => [s, n + 1, t, q] as const), held: k.held.map(([s, n, t, q]) => [s, n + 1, t, q] as const) })) })),
    };
    expect(compactCheckpoint(padded)).toEqual(data);
  });

  it('rejects a node that points forwards or to nothing', () => {
    const data = checkpointOf(scenario());
    const loop: CheckpointData = { ...data, nodes: data.nodes.map((node, id) => (id === 0 ? [node[0], node[1], node[2], node[3], 3] : node)) };
    expect(() => compactCheckpoint(loop)).toThrow(CheckpointError);
    expect(() => compactCheckpoint(loop)).toThrow('checkpoint node 0 points to node 3, which does not come before it');
    const missingEvent: CheckpointData = { ...data, events: data.events.slice(0, 2) };
    expect(() => compactCheckpoint(missingEvent)).toThrow(/refers to missing event \d \(the checkpoint has 2\)/);
  });
});

// ---- properties over random streams --------------------------------------------------------

interface Rv {
  ts: number;
  key: string;
  type: 'a' | 'b' | 'c';
  v: number;
}

const propertyPatterns: EngineOptions<Rv>['patterns'] = [
  { name: 'ab-within', keyBy: 'key', pattern: Pattern.begin<Rv>('a').where(is('a')).followedBy('b').where(is('b')).within(12) },
  {
    name: 'rising-any',
    keyBy: 'key',
    pattern: Pattern.begin<Rv>('a')
      .where(is('a'))
      .followedByAny('b')
      .where((e, ctx) => e.type === 'b' && e.v >= (ctx.eventsFor('b').at(-1)?.v ?? 0))
      .oneOrMore()
      .followedBy('c')
      .where(is('c'))
      .within(20),
  },
  {
    name: 'by-value',
    keyBy: (e) => e.v % 2,
    pattern: Pattern.begin<Rv>('x', AfterMatchSkipStrategy.skipToNext()).where(is('a')).next('y').where(is('b')).optional().followedBy('z').where(is('c')).within(10),
  },
];
const propertyOptions: EngineOptions<Rv> = { patterns: propertyPatterns, time: { mode: 'event', timestamp: 'ts', maxOutOfOrderness: 2, clock: new ManualClock() } };

const streamArb = fc.array(
  fc.record({ gap: fc.integer({ min: 0, max: 3 }), key: fc.constantFrom('k1', 'k2', 'k3'), type: fc.constantFrom<Rv['type']>('a', 'b', 'c'), v: fc.integer({ min: 0, max: 3 }) }),
  { maxLength: 40 },
).map((items) => {
  let ts = 0;
  return items.map(({ gap, key, type, v }) => ({ ts: (ts += gap), key, type, v }));
});

/** Runs `records[0, cut)`, checkpoints, edits, restores into a fresh engine and runs the rest. */
function resumeFrom(records: Rv[], cut: number, edit: (data: CheckpointData) => CheckpointData): { outputs: EngineOutput<Rv>[]; data: CheckpointData; engine: CepEngine<Rv> } {
  const first = new CepEngine<Rv>(propertyOptions);
  records.slice(0, cut).forEach((r) => first.push(r));
  const data = decodeCheckpoint(encodeCheckpointSync(snapshotToCheckpointSync(first.captureSnapshot())));
  const engine = new CepEngine<Rv>(propertyOptions);
  engine.restore(decodeCheckpoint(encodeCheckpointSync(edit(data))));
  return { outputs: [...records.slice(cut).flatMap((r) => engine.push(r)), ...engine.flush()], data, engine: first };
}

const withoutIds = (outputs: EngineOutput<Rv>[]) => outputs.map(({ id: _id, ...rest }) => rest);
const belongsTo = (pattern: string, key: Key) => (o: EngineOutput<Rv>) => 'key' in o && o.pattern === pattern && o.key === key;

describe('inspection properties', () => {
  it('listings agree with the engine and the summary; compaction changes no behaviour', () => {
    fc.assert(
      fc.property(streamArb, fc.nat(), (records, cutSeed) => {
        const cut = cutSeed % (records.length + 1);
        const compacted = resumeFrom(records, cut, compactCheckpoint);
        const plain = resumeFrom(records, cut, (data) => data);
        expect(compacted.outputs).toEqual(plain.outputs);
        const summary = summarizeCheckpoint(plain.data);
        expect(listPartialMatches(plain.data)).toHaveLength(summary.partialMatches);
        expect(summary.partialMatches).toBe(plain.engine.partialMatches);
        for (const match of listPartialMatches(plain.data)) {
          expect(match.events.map((e) => e.timestamp)).toEqual([...match.events.map((e) => e.timestamp)].sort((a, b) => a - b));
          if (match.events.length > 0) expect(match.events[0]!.timestamp).toBe(match.startTimestamp);
        }
      }),
      { numRuns: 150, seed: 77 },
    );
  });

  it('after removeKey, every other key of every pattern behaves exactly as without the edit', () => {
    const target = fc.constantFrom<[string, Key]>(['ab-within', 'k1'], ['rising-any', 'k2'], ['by-value', 0], ['by-value', 1]);
    fc.assert(
      fc.property(streamArb, fc.nat(), target, (records, cutSeed, [pattern, key]) => {
        const cut = cutSeed % (records.length + 1);
        const edited = resumeFrom(records, cut, (data) => removeKey(data, pattern, key));
        const plain = resumeFrom(records, cut, (data) => data);
        const others = (outputs: EngineOutput<Rv>[]) => withoutIds(outputs.filter((o) => !belongsTo(pattern, key)(o)));
        expect(others(edited.outputs)).toEqual(others(plain.outputs));
        // Nothing of the removed key's old partial matches survives: the stream is in order, so
        // everything processed before the cut started at or before maxTimestamp − 3 (bound 2).
        const processedUpTo = (plain.data.time.maxTimestamp ?? -Infinity) - 3;
        for (const o of edited.outputs.filter(belongsTo(pattern, key))) {
          if (o.kind === 'match' || o.kind === 'timeout') expect(o.startTimestamp).toBeGreaterThan(processedUpTo);
        }
      }),
      { numRuns: 200, seed: 4242 },
    );
  });
});
