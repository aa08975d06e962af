// Per-step windows in the keyed runtime: every window has a timer, so a step window ends when the
// watermark (or the processing-time clock) passes it, with no further event of the key; a key's
// timer is its earliest deadline over all its partial matches and both kinds of window; a
// checkpoint restored mid-window fires exactly what the uninterrupted engine fires.
import { describe, expect, it } from 'vitest';
import { CepEngine, ManualClock, Pattern, type EngineOutput } from '../../src/index.js';
import { decodeCheckpoint, encodeCheckpointSync } from '../../src/state/checkpoint-codec.js';
import { snapshotToCheckpointSync } from '../../src/state/snapshot.js';
import { startMiddleEnd } from '../features/support.js';

interface Ev {
  readonly ts: number;
  readonly key: string;
  readonly name: string;
  readonly price: number;
}

const ev = (ts: number, name: string, price = 0, key = 'k'): Ev => ({ ts, key, name, price });
const named = (n: string) => (e: Ev) => e.name === n;

/** `match k [start@1 middle@5 end@6]`, `timeout k @8 [start@1 middle@5]`. */
function lines(outputs: readonly EngineOutput<Ev>[]): string[] {
  return outputs.map((o) => {
    if (o.kind !== 'match' && o.kind !== 'timeout') return o.kind;
    const events = Object.entries(o.events).flatMap(([step, list]) => list.map((e) => `${step}@${e.ts}`));
    return `${o.kind} ${o.key}${o.kind === 'timeout' ? ` @${o.timeoutTimestamp}` : ''} [${events.join(' ')}]`;
  });
}

function engineFor(pattern: Pattern<Ev, Ev>, time: ConstructorParameters<typeof CepEngine<Ev>>[0]['time']): CepEngine<Ev> {
  return new CepEngine<Ev>({ patterns: [{ name: 'p', pattern, keyBy: 'key' }], time });
}

const source = { mode: 'event' as const, timestamp: 'ts', watermarks: 'source' as const };

describe("Flink's CEPITCase through the engine", () => {
  // Flink: CEPITCase#testTimeoutHandlingWithinPreviousAndCurrent. Events arrive out of order; the
  // watermark trails the latest timestamp by 5 (Flink's punctuated watermark lastElement.f1 - 5).
  it('event time: matches and timeouts of a step window on the last step', () => {
    const pattern = startMiddleEnd<Ev>().within(3, 'previous-and-current');
    const engine = engineFor(pattern, { mode: 'event', timestamp: 'ts', maxOutOfOrderness: 5 });
    const outputs = [...[ev(1, 'start', 1), ev(5, 'middle', 2), ev(4, 'start', 2), ev(6, 'end', 2)].flatMap((e) => engine.push(e)), ...engine.flush()];
    // Flink's expected: Left(1.0), Left(2.0), Right(1.0,2.0,2.0), Right(2.0,2.0,2.0). The partial
    // matches still waiting for another end time out at middle@5 + 3.
    expect(lines(outputs).sort()).toEqual([
      'match k [start@1 middle@5 end@6]',
      'match k [start@4 middle@5 end@6]',
      'timeout k @8 [start@1 middle@5]',
      'timeout k @8 [start@4 middle@5]',
    ]);
    expect(outputs.filter((o) => o.kind === 'timeout').map((o) => (o.kind === 'timeout' ? o.events['start']![0]!.price : null)).sort()).toEqual([1, 2]);
  });

  // Flink: NFAITCase#testSimplePatternWithTimeoutHandlingWithinPreviousAndCurrent, for two keys
  // at once: each key's partial matches time out when the watermark reaches middle@3 + 10.
  it('keyed: the NFAITCase timeout scenario per key, timers fired by the watermark', () => {
    const pattern = startMiddleEnd<Ev>().within(10, 'previous-and-current');
    const engine = engineFor(pattern, source);
    const stream = [ev(1, 'start'), ev(2, 'start'), ev(3, 'middle'), ev(4, 'foobar'), ev(11, 'end'), ev(13, 'end')];
    const outputs = stream.flatMap((e) => [...engine.push(e), ...engine.push({ ...e, key: 'j' })]);
    outputs.push(...engine.advanceWatermark(12));
    expect(lines(outputs)).toEqual([
      'match k [start@1 middle@3 end@11]',
      'match k [start@2 middle@3 end@11]',
      'match j [start@1 middle@3 end@11]',
      'match j [start@2 middle@3 end@11]',
    ]);
    // Timers due at the same time fire in key order.
    expect(lines(engine.advanceWatermark(13))).toEqual([
      'timeout j @13 [start@1 middle@3]',
      'timeout j @13 [start@2 middle@3]',
      'timeout k @13 [start@1 middle@3]',
      'timeout k @13 [start@2 middle@3]',
    ]);
    // The end@13 events came after those windows closed; the starts waiting for a middle have no window.
    expect(lines(engine.flush())).toEqual([]);
    expect(engine.partialMatches).toBe(4);
  });

  // Flink: CEPITCase#testProcessingTimeWithinPreviousAndCurrent
  it('processing time: a step window of a day lets the second element match', () => {
    const pattern = Pattern.begin<Ev>('start').followedByAny('end').within('1 day', 'previous-and-current');
    const clock = new ManualClock(1_000);
    const engine = engineFor(pattern, { mode: 'processing', clock });
    const outputs = [...engine.push(ev(0, '1', 1)), ...engine.push(ev(0, '2', 2))];
    expect(outputs.map((o) => (o.kind === 'match' ? o.events['start']![0]!.price + o.events['end']![0]!.price : o.kind))).toEqual([3]);
  });
});

describe('timers for step windows', () => {
  const abc = () =>
    Pattern.begin<Ev>('a').where(named('a')).followedBy('b').where(named('b')).followedBy('c').where(named('c')).within(5, 'previous-and-current').within(100);

  it('a step window ends when the watermark passes it, without another event of the key', () => {
    const engine = engineFor(abc(), source);
    engine.push(ev(0, 'a'));
    engine.push(ev(10, 'b'));
    expect(engine.advanceWatermark(14)).toEqual([]);
    expect(lines(engine.advanceWatermark(15))).toEqual(['timeout k @15 [a@0 b@10]']);
    expect(engine.liveKeys).toBe(0);
    // The timer queued for the pattern-wide window (at 100) finds nothing left to do.
    expect(engine.advanceWatermark(200)).toEqual([]);
  });

  it('a new partial match whose step window ends first gets an earlier timer than the one queued', () => {
    const engine = engineFor(abc(), source);
    engine.push(ev(0, 'a')); // waits for b: only the pattern-wide window, timer at 100
    engine.push(ev(3, 'a')); // another one: still 103
    engine.push(ev(10, 'b')); // both now wait for c: step windows end at 15
    expect(engine.advanceWatermark(14)).toEqual([]);
    expect(lines(engine.advanceWatermark(15))).toEqual(['timeout k @15 [a@0 b@10]', 'timeout k @15 [a@3 b@10]']);
    expect(engine.advanceWatermark(1000)).toEqual([]);
  });

  it('each key keeps its own deadline', () => {
    const engine = engineFor(abc(), source);
    engine.push(ev(0, 'a', 0, 'x'));
    engine.push(ev(1, 'a', 0, 'y'));
    engine.push(ev(2, 'b', 0, 'y')); // y waits for c until 7; x for b until 100
    engine.push(ev(6, 'c', 0, 'y'));
    expect(lines(engine.advanceWatermark(99))).toEqual(['match y [a@1 b@2 c@6]']);
    expect(lines(engine.advanceWatermark(100))).toEqual(['timeout x @100 [a@0]']);
  });

  it('a trailing notFollowedBy with a step window completes when the watermark passes it', () => {
    const noPayment = Pattern.begin<Ev>('created').where(named('created')).notFollowedBy('paid').where(named('paid')).within(10, 'previous-and-current');
    const engine = engineFor(noPayment, source);
    engine.push(ev(0, 'created', 0, 'o1'));
    engine.push(ev(2, 'created', 0, 'o2'));
    engine.push(ev(5, 'paid', 0, 'o2'));
    expect(engine.advanceWatermark(9)).toEqual([]);
    expect(lines(engine.advanceWatermark(10))).toEqual(['match o1 [created@0]']);
    expect(engine.liveKeys).toBe(0);
  });

  it('a checkpoint taken while a step window is open restores to the same outputs', () => {
    const input = [ev(0, 'a'), ev(10, 'b'), ev(11, 'a', 0, 'other')];
    const uninterrupted = engineFor(abc(), source);
    input.forEach((e) => uninterrupted.push(e));
    const expected = lines([...uninterrupted.advanceWatermark(15), ...uninterrupted.push(ev(16, 'c')), ...uninterrupted.flush()]);
    expect(expected).toEqual(['timeout k @15 [a@0 b@10]', 'timeout other @111 [a@11]']);

    const before = engineFor(abc(), source);
    input.forEach((e) => before.push(e));
    const checkpoint = decodeCheckpoint(encodeCheckpointSync(snapshotToCheckpointSync(before.captureSnapshot())));
    const restored = engineFor(abc(), source);
    restored.restore(checkpoint);
    expect(lines([...restored.advanceWatermark(15), ...restored.push(ev(16, 'c')), ...restored.flush()])).toEqual(expected);
  });
});
