// runPattern / runEngine: one call from a pattern in any form to the real runtime's outputs.
import { describe, expect, it } from 'vitest';
import { CepEngine, definePatterns, Pattern, watermark } from '../../src/index.js';
import { engineOptionsOf, runEngine, runPattern } from '../../src/testing/index.js';

type Ev = { ts: number; user: string; kind: string };
const ev = (ts: number, user: string, kind: string): Ev => ({ ts, user, kind });
const ab = Pattern.begin<Ev>('a').where((e) => e.kind === 'a').followedBy('b').where((e) => e.kind === 'b').within(10);
const stream = [ev(1, 'u1', 'a'), ev(2, 'u2', 'a'), ev(4, 'u1', 'b'), ev(3, 'u1', 'x')];

describe('runPattern', () => {
  it('runs a fluent pattern per key, flushes, and sorts the outputs by kind', () => {
    const run = runPattern(ab, stream, { keyBy: 'user', timestamp: 'ts' });
    expect(run.matches.map((m) => [m.key, m.events['a']![0]!.ts, m.events['b']![0]!.ts])).toEqual([['u1', 1, 4]]);
    expect(run.timeouts.map((t) => [t.key, t.timeoutTimestamp])).toEqual([['u2', 12]]);
    expect(run.late.map((l) => l.record)).toEqual([ev(3, 'u1', 'x')]);
    expect(run.errors).toEqual([]);
    // b@4 waits for the watermark (processed at the flush); x@3 arrives behind it at once.
    expect(run.outputs.map((o) => o.kind)).toEqual(['late', 'match', 'timeout']);
    expect(run.outputs.every((o) => o.kind === 'late' || ('pattern' in o && o.pattern === 'pattern'))).toBe(true);
  });

  it('runs the whole stream as one key without keyBy, reading `timestamp` by default', () => {
    const run = runPattern(ab, [{ timestamp: 1, user: 'u1', kind: 'a' }, { timestamp: 2, user: 'u2', kind: 'b' }] as unknown as Ev[], { name: 'ab' });
    expect(run.matches.map((m) => [m.pattern, m.key])).toEqual([['ab', '*']]);
  });

  it('takes a model, and a .cep definition with its own name, key and time field', () => {
    expect(runPattern(ab.toModel(), stream, { keyBy: 'user', timestamp: 'ts' }).matches).toHaveLength(1);
    const [definition] = definePatterns(`pattern pairs { key by user time by ts within 10 ms
      begin a where kind == "a" followed by b where kind == "b" }`);
    const run = runPattern(definition!, stream);
    expect(run.matches.map((m) => [m.pattern, m.key])).toEqual([['pairs', 'u1']]);
    expect(run.outputs.map((o) => o.kind)).toEqual(runPattern(ab, stream, { keyBy: 'user', timestamp: 'ts' }).outputs.map((o) => o.kind));
  });

  it('absorbs disorder within maxOutOfOrderness, and moves time on watermark items', () => {
    expect(runPattern(ab, stream, { keyBy: 'user', timestamp: 'ts', maxOutOfOrderness: 1 }).late).toEqual([]);
    const run = runPattern(ab, [ev(1, 'u1', 'a'), watermark(20), ev(5, 'u1', 'b')], { keyBy: 'user', timestamp: 'ts', watermarks: 'source' });
    expect(run.timeouts).toHaveLength(1);
    expect(run.late).toHaveLength(1);
  });
});

describe('runEngine', () => {
  it('takes engine options or a factory, and leaves windows open with flush: false', () => {
    const options = engineOptionsOf(ab, { keyBy: 'user', timestamp: 'ts' });
    expect(runEngine(options, stream).timeouts).toHaveLength(1);
    expect(runEngine(() => new CepEngine(options), stream, { flush: false }).timeouts).toEqual([]);
  });
});
