// Engine options are checked when the engine is built: a mistake (from an untyped caller, or
// options read from JSON) is refused there with the pattern, the option and what is allowed,
// instead of a bare TypeError later or, worse, a silently different engine.
import { describe, expect, it } from 'vitest';
import { CepEngine, ManualClock, Pattern, type EngineOptions, type PatternSpec } from '../../src/index.js';

type Ev = { ts: number; k: string; t: string };
const ab = Pattern.begin<Ev>('a').where((e) => e.t === 'a').followedBy('b').where((e) => e.t === 'b').within('10s');
const spec: PatternSpec<Ev> = { name: 'ab', pattern: ab, keyBy: 'k' };

/** Builds an engine from options an untyped caller could pass. */
const build = (options: unknown) => () => new CepEngine<Ev>(options as EngineOptions<Ev>);
/** Builds an engine with `spec` changed by `changes`. */
const withSpec = (changes: Record<string, unknown>) => build({ patterns: [{ ...spec, ...changes }], time: { mode: 'event', timestamp: 'ts' } });
/** Builds an engine with event-time options `time`. */
const withTime = (time: unknown) => build({ patterns: [spec], time });

describe('pattern options', () => {
  it('need a name: a non-empty string, reported by the pattern’s place in the list when it has none', () => {
    expect(withSpec({ name: undefined })).toThrow(new TypeError('patterns[0]: name must be a non-empty string (it names the pattern in every output), not undefined'));
    expect(withSpec({ name: 7 })).toThrow(new TypeError('patterns[0]: name must be a non-empty string (it names the pattern in every output), not 7'));
    expect(withSpec({ name: '' })).toThrow(new RangeError('patterns[0]: name must be a non-empty string (it names the pattern in every output), not ""'));
  });

  it('need a pattern: a Pattern or a pattern model', () => {
    expect(withSpec({ pattern: undefined })).toThrow(new TypeError("pattern 'ab': pattern must be a Pattern (Pattern.begin(…)) or a pattern model, not undefined"));
    expect(withSpec({ pattern: 'a b' })).toThrow(new TypeError("pattern 'ab': pattern must be a Pattern (Pattern.begin(…)) or a pattern model, not \"a b\""));
    expect(withSpec({ pattern: ab.toModel() })).not.toThrow();
  });

  it('need a key: a field path or a function', () => {
    const expected = "pattern 'ab': keyBy must be a field path (e.g. 'orderId', 'user.id') or a function of the event, not";
    expect(withSpec({ keyBy: undefined })).toThrow(new TypeError(`${expected} undefined`));
    expect(withSpec({ keyBy: 3 })).toThrow(new TypeError(`${expected} 3`));
    expect(withSpec({ keyBy: '' })).toThrow(
      new RangeError("pattern 'ab': keyBy '' is not a field path: write names joined by dots, with [n] for an array item (e.g. 'orderId', 'user.id', 'items[0].sku')"),
    );
    expect(withSpec({ keyBy: (e: Ev) => e.k })).not.toThrow();
  });

  it('take a filter only as a function', () => {
    expect(withSpec({ filter: 'yes' })).toThrow(new TypeError("pattern 'ab': filter must be a function of the event answering whether the pattern reads it, not \"yes\""));
    expect(withSpec({ filter: null })).toThrow(TypeError);
  });

  it('take timeouts only as true or false', () => {
    expect(withSpec({ timeouts: 'no' })).toThrow(new TypeError("pattern 'ab': timeouts must be true or false, not \"no\""));
    expect(withSpec({ timeouts: 0 })).toThrow(TypeError);
    expect(withSpec({ timeouts: false })).not.toThrow();
  });

  it('check the cap and its policy as before', () => {
    expect(withSpec({ maxPartialMatchesPerKey: 0 })).toThrow(new RangeError("pattern 'ab': maxPartialMatchesPerKey must be a whole number >= 1, not 0"));
    expect(withSpec({ capPolicy: 'nope' })).toThrow(new RangeError("pattern 'ab': capPolicy must be 'drop-oldest' or 'reject-new', not \"nope\""));
  });
});

describe('time options', () => {
  it('are an object', () => {
    expect(withTime('event')).toThrow(new TypeError("time must be an object, { mode: 'event', timestamp, … } or { mode: 'processing', … }, not \"event\""));
    expect(withTime(null)).toThrow(TypeError);
  });

  it('name a mode: event or processing', () => {
    expect(withTime({ mode: 'Processing' })).toThrow(new RangeError("time.mode must be 'event' or 'processing', not \"Processing\""));
    expect(withTime({ mode: 'evnt', timestamp: 'ts' })).toThrow(new RangeError("time.mode must be 'event' or 'processing', not \"evnt\""));
    expect(withTime({ timestamp: 'ts' })).toThrow(new RangeError("time.mode must be 'event' or 'processing', not undefined"));
  });

  it('in event time, say where timestamps are', () => {
    expect(withTime({ mode: 'event' })).toThrow(
      new TypeError("time.timestamp must be a field path (e.g. 'ts') or a function giving each event's time, not undefined (or use mode: 'processing')"),
    );
    expect(withTime({ mode: 'event', timestamp: 5 })).toThrow(TypeError);
    expect(withTime({ mode: 'event', timestamp: (e: Ev) => e.ts })).not.toThrow();
  });

  it("take watermarks only as 'bounded' or 'source' (a misspelling is not silently 'source')", () => {
    expect(withTime({ mode: 'event', timestamp: 'ts', watermarks: 'Bounded', maxOutOfOrderness: '1s' })).toThrow(
      new RangeError("time.watermarks must be 'bounded' or 'source', not \"Bounded\""),
    );
    expect(withTime({ mode: 'event', timestamp: 'ts', watermarks: 'src' })).toThrow(RangeError);
    for (const watermarks of ['bounded', 'source', undefined]) expect(withTime({ mode: 'event', timestamp: 'ts', watermarks })).not.toThrow();
  });

  it('take durations as the README writes them, and refuse negative or unreadable ones naming the option', () => {
    for (const duration of [0, 250, '0', '5s', '1h30m', '2 days', '250ms', '1.5s']) {
      expect(withTime({ mode: 'event', timestamp: 'ts', maxOutOfOrderness: duration, allowedLateness: duration })).not.toThrow();
    }
    expect(withTime({ mode: 'event', timestamp: 'ts', maxOutOfOrderness: -5 })).toThrow(
      new RangeError('time.maxOutOfOrderness: invalid duration -5: expected a non-negative number of milliseconds'),
    );
    expect(withTime({ mode: 'event', timestamp: 'ts', allowedLateness: '-1s' })).toThrow(
      new RangeError(`time.allowedLateness: invalid duration "-1s": a duration cannot be negative (examples: '15m', '1h30m', '90s', '250ms')`),
    );
    expect(withTime({ mode: 'event', timestamp: 'ts', maxOutOfOrderness: 'abc' })).toThrow(/^time\.maxOutOfOrderness: invalid duration "abc": /);
    expect(withTime({ mode: 'event', timestamp: 'ts', maxOutOfOrderness: true })).toThrow(
      new TypeError("time.maxOutOfOrderness must be a duration, milliseconds or text such as '5s' or '1h30m', not true"),
    );
    expect(withTime({ mode: 'event', timestamp: 'ts', allowedLateness: null })).toThrow(TypeError);
  });

  it('take an idle timeout only above zero', () => {
    for (const idleTimeout of [0, '0s', -1, 0.4]) {
      expect(withTime({ mode: 'event', timestamp: 'ts', idleTimeout }), String(idleTimeout)).toThrow(/^time\.idleTimeout/);
    }
    expect(withTime({ mode: 'event', timestamp: 'ts', idleTimeout: 0 })).toThrow(
      new RangeError('time.idleTimeout must be above zero, not 0 (leave it out for no idle timeout)'),
    );
    expect(withTime({ mode: 'event', timestamp: 'ts', idleTimeout: '30s' })).not.toThrow();
  });

  it('take compare only as a function', () => {
    expect(withTime({ mode: 'event', timestamp: 'ts', compare: 'ts' })).toThrow(new TypeError('time.compare must be a function ordering two events of one timestamp, not "ts"'));
  });

  it('refuse event-time options in processing time, where they would do nothing', () => {
    expect(withTime({ mode: 'processing', compare: (a: unknown, b: unknown) => Number(a) - Number(b) })).toThrow(
      new RangeError("time.compare applies to event time only: in processing time events are processed in arrival order (use mode: 'event', or leave it out)"),
    );
    expect(withTime({ mode: 'processing', timestamp: 'ts' })).toThrow(
      new RangeError("time.timestamp applies to event time only: in processing time an event's time is the clock's when it arrives (use mode: 'event', or leave it out)"),
    );
    for (const option of ['watermarks', 'maxOutOfOrderness', 'idleTimeout', 'allowedLateness']) {
      expect(withTime({ mode: 'processing', [option]: '5s' })).toThrow(new RegExp(`^time\\.${option} applies to event time only`));
    }
    expect(withTime({ mode: 'processing', compare: undefined })).not.toThrow();
  });

  it('take a clock only with a now() function, in either mode', () => {
    const expected = 'time.clock must be an object with a now() method answering milliseconds, not';
    expect(withTime({ mode: 'event', timestamp: 'ts', clock: {} })).toThrow(new TypeError(`${expected} {}`));
    expect(withTime({ mode: 'processing', clock: Date.now })).toThrow(new TypeError(`${expected} a function`));
    expect(withTime({ mode: 'processing', clock: { now: 5 } })).toThrow(TypeError);
    expect(withTime({ mode: 'processing', clock: new ManualClock() })).not.toThrow();
  });

  it('still default to event time from the timestamp field when left out', () => {
    const engine = new CepEngine<{ timestamp: number; k: string; t: string }>({ patterns: [{ name: 'a', pattern: Pattern.begin('a'), keyBy: 'k' }] });
    expect([...engine.push({ timestamp: 5, k: 'x', t: 'a' }), ...engine.flush()].map((o) => o.kind)).toEqual(['match']);
  });
});

describe('options that are not options at all', () => {
  it('no options, patterns that are not an array, or a pattern entry that is not an object', () => {
    const build = (options: unknown) => () => new CepEngine(options as never);
    expect(build(undefined)).toThrow(new TypeError('a CepEngine takes options { patterns: [{ name, pattern, keyBy }, …], time? }'));
    expect(build({ patterns: 'orders' })).toThrow(TypeError);
    expect(build({ patterns: [null] })).toThrow(new TypeError('patterns[0] must be an object { name, pattern, keyBy, … }'));
  });
});
