// Definitions in a CepEngine: pattern specs, keys (nested paths, or one key for the whole stream)
// and the time field the definitions agree on.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/runtime/clock.js';
import { CepEngine } from '../../src/runtime/engine.js';
import { engineOptionsFor, SINGLE_KEY, toPatternSpec } from '../../src/dsl/definition.js';
import { definePatterns } from '../../src/dsl/parse-patterns.js';
import { DslError } from '../../src/dsl/diagnostics.js';

describe('toPatternSpec', () => {
  it('passes the name, model, key and the extra settings', () => {
    const [definition] = definePatterns('pattern p { key by user.id begin a }');
    const spec = toPatternSpec(definition!, { timeouts: false, maxPartialMatchesPerKey: 5 });
    expect(spec).toMatchObject({ name: 'p', pattern: definition!.model, keyBy: 'user.id', timeouts: false, maxPartialMatchesPerKey: 5 });
  });

  it('runs a pattern without key by as one key', () => {
    const [definition] = definePatterns('pattern p { begin a }');
    const spec = toPatternSpec(definition!);
    expect(typeof spec.keyBy === 'function' ? spec.keyBy({}) : null).toBe(SINGLE_KEY);
  });
});

describe('engineOptionsFor', () => {
  const events = [
    { at: '2024-01-01T00:00:00Z', user: { id: 'u1' }, kind: 'login' },
    { at: '2024-01-01T00:00:01Z', user: { id: 'u2' }, kind: 'login' },
    { at: '2024-01-01T00:00:02Z', user: { id: 'u1' }, kind: 'buy' },
  ];

  it('reads time from the time by field (ISO-8601 text here) and keys by a nested path', () => {
    const definitions = definePatterns('pattern p { key by user.id time by at within 1 minute begin a where kind == "login" followed by b where kind == "buy" }');
    const engine = new CepEngine(engineOptionsFor(definitions));
    const outputs = [...events.flatMap((e) => engine.push(e)), ...engine.flush()];
    expect(outputs.map((o) => (o.kind === 'match' || o.kind === 'timeout' ? `${o.kind} ${o.key}` : o.kind))).toEqual(['match u1', 'timeout u2']);
  });

  it('uses the engine default when no pattern says time by', () => {
    expect(engineOptionsFor(definePatterns('pattern p { begin a }')).time).toBeUndefined();
  });

  it('lets explicit time options win, and keeps the others', () => {
    const definitions = definePatterns('pattern p { time by at begin a }');
    expect(engineOptionsFor(definitions, { maxOutOfOrderness: '5s' }).time).toEqual({ mode: 'event', timestamp: 'at', maxOutOfOrderness: '5s' });
    expect(engineOptionsFor(definitions, { timestamp: 'other' }).time).toEqual({ mode: 'event', timestamp: 'other' });
    const clock = new ManualClock(0);
    expect(engineOptionsFor(definitions, { mode: 'processing', clock }).time).toEqual({ mode: 'processing', clock });
  });

  it('refuses patterns that read time from different fields', () => {
    const definitions = definePatterns('pattern p { time by at begin a } pattern q { time by ts begin b }');
    expect(() => engineOptionsFor(definitions)).toThrow("patterns read time from different fields ('p' by at, 'q' by ts); one engine reads one time field: name the one to use with time.timestamp, or run one engine per field");
  });
});

describe('definePatterns', () => {
  it('throws a DslError with every problem and the rendered source', () => {
    let error: unknown;
    try {
      definePatterns('pattern p {\n  begin a wher x\n}', { file: 'p.cep' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DslError);
    expect((error as DslError).diagnostics).toHaveLength(1);
    expect((error as DslError).message).toContain(' 2 |   begin a wher x\n   |           ^^^^ did you mean \'where\'?');
  });
});
