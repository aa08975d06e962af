// The example .cep files load, run in a CepEngine on the bundled data, and give the same outputs
// as the fluent versions in examples/patterns.ts; and what they find is what they promise.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CepEngine } from '../../src/runtime/engine.js';
import type { EngineOptions } from '../../src/runtime/engine-options.js';
import type { EngineOutput } from '../../src/runtime/outputs.js';
import { engineOptionsFor } from '../../src/dsl/definition.js';
import { loadPatterns } from '../../src/dsl/load-patterns.js';
import { spamBurst, unpaidOrders } from '../../examples/patterns.js';

function records(file: string): Record<string, unknown>[] {
  return readFileSync(`examples/data/${file}`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** `kind pattern key [event timestamps]`, one line per output. */
function run(options: EngineOptions<Record<string, unknown>>, input: readonly Record<string, unknown>[]): string[] {
  const engine = new CepEngine(options);
  const outputs: EngineOutput<Record<string, unknown>>[] = [...input.flatMap((record) => engine.push(record)), ...engine.flush()];
  return outputs.map((o) => {
    if (o.kind !== 'match' && o.kind !== 'timeout') return o.kind;
    return `${o.kind} ${o.pattern} ${o.key} [${Object.values(o.events).flat().map((e) => e['ts']).join(', ')}]`;
  });
}

describe('examples/unpaid-orders.cep', () => {
  const [definition] = loadPatterns('examples/unpaid-orders.cep');
  const orders = records('orders.jsonl');

  it('loads as unpaidOrders, keyed by orderId, timed by ts', () => {
    expect(definition!.name).toBe('unpaidOrders');
    expect(definition!.keyBy).toBe('orderId');
    expect(definition!.timeField).toBe('ts');
    expect(definition!.model.withinMs).toBe(15 * 60_000);
  });

  it('finds the orders paid in time and times out the others', () => {
    const lines = run(engineOptionsFor([definition!]), orders);
    expect(lines.filter((line) => line.startsWith('match')).map((line) => line.split(' ')[2])).toEqual(['o-1', 'o-3', 'o-5']);
    expect(lines.filter((line) => line.startsWith('timeout')).map((line) => line.split(' ')[2]).sort()).toEqual(['o-2', 'o-4', 'o-6']);
  });

  it('gives the same outputs as the fluent pattern', () => {
    const fluent = run({ patterns: [{ name: 'unpaidOrders', pattern: unpaidOrders as never, keyBy: 'orderId' }], time: { mode: 'event', timestamp: 'ts' } }, orders);
    expect(run(engineOptionsFor([definition!]), orders)).toEqual(fluent);
  });
});

describe('examples/spam-comments.cep', () => {
  const [definition] = loadPatterns('examples/spam-comments.cep');
  const comments = records('comments.jsonl');

  it('reports the spammer once, with the first five comments of the burst', () => {
    // Partial bursts that time out are not interesting here.
    expect(run(engineOptionsFor([definition!], {}, { timeouts: false }), comments)).toEqual([
      'match spamBurst spammer [1700000000000, 1700000005000, 1700000010000, 1700000015000, 1700000020000]',
    ]);
  });

  it('gives the same outputs as the fluent pattern', () => {
    const fluent = run({ patterns: [{ name: 'spamBurst', pattern: spamBurst as never, keyBy: 'userId' }], time: { mode: 'event', timestamp: 'ts' } }, comments);
    expect(run(engineOptionsFor([definition!]), comments)).toEqual(fluent);
  });
});

describe('all examples', () => {
  it('load together from a wildcard, in file order', () => {
    expect(loadPatterns('examples/*.cep').map((d) => d.name)).toEqual(['failedLogins', 'risingTemperature', 'spamBurst', 'vShape', 'unpaidOrders']);
  });
});
