// Every example of examples/ through the real `cepheus run`: the output must be byte for byte the
// file in examples/expected/, and (hand-written below) that file must say what the example
// promises — so a regenerated expected file cannot quietly change its meaning.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failedLogins, risingTemperature, spamBurst, unpaidOrders, vShape } from '../../examples/patterns.js';
import { CepEngine, type PatternSpec } from '../../src/index.js';
import { jsonLines, removeTempDirs, repoFile, repoRoot, spawnCli, tempDir } from './support.js';

afterAll(removeTempDirs);

/** Each example: its .cep file (examples/<name>.cep), data file and hand-checked outputs. */
const examples: { name: string; data: string; outputs: string[] }[] = [
  {
    name: 'unpaid-orders',
    data: 'orders.jsonl',
    outputs: [
      'match o-1 created:120 paid:120',
      'match o-3 created:80 paid:80',
      'timeout o-2 created:35', // paid after 19 minutes
      'timeout o-4 created:15',
      'match o-5 created:60 paid:60',
      'timeout o-6 created:99',
    ],
  },
  {
    name: 'spam-comments',
    data: 'comments.jsonl',
    outputs: [
      'match spammer comments:0,1,2,3,4',
      'timeout alice comments:docs',
      'timeout bob comments:a',
      'timeout spammer comments:5', // after the burst: a new partial burst, not a second report
      'timeout slowbot comments:0,1', // 4 links, 30 s apart: never 5 within a minute
      'timeout slowbot comments:1,2',
      'timeout slowbot comments:2,3',
      'timeout slowbot comments:3',
    ],
  },
  {
    name: 'failed-logins',
    data: 'logins.jsonl',
    outputs: [
      'match bob failures:0,20,40 success:60',
      'match carol failures:100,110,120,130 success:140', // 4 failures, one report
      'timeout dave failures:200,260,320', // the success at 520 s is too late
      'match bob failures:800,805,810 success:815',
      'timeout mallory failures:700,710,720,730', // never succeeds
      'timeout mallory failures:710,720,730',
      'timeout mallory failures:720,730',
      'timeout mallory failures:730',
    ],
  },
  {
    name: 'stock-v-shape',
    data: 'ticks.jsonl',
    outputs: [
      'match ACME falling:100,98,95,92 rising:94,97 recovered:101',
      'match HOOLI falling:73,71,68,66 rising:69,70 recovered:74', // from the uptick, not from 75
      'match ACME falling:102,99,96,93 rising:97,99 recovered:103',
      'timeout GLOBEX falling:50,49.6,49.2 rising:49.4,49.8,50.4', // a dip under 3%
      'timeout UMBRELLA falling:60,57,54', // one tick every 10 minutes: too slow
      'timeout GLOBEX falling:50.4',
      'timeout INITECH falling:79,78', // INITECH's rise stopped short of its top: no V
      'timeout INITECH falling:78',
      'timeout UMBRELLA falling:57,54,51',
      'timeout UMBRELLA falling:62',
    ],
  },
  {
    name: 'rising-temperature',
    data: 'readings.jsonl',
    outputs: [
      'match boiler-1 cool:19.5 warmer:20.1 warmest:20.8',
      'match boiler-2 cool:18 warmer:18.4 warmest:18.9',
      'match office cool:20.9 warmer:21.1 warmest:21.4', // after the dip from 21.3
      'match boiler-2 cool:19.5 warmer:20.2 warmest:21', // readings 4-6 of 7; not 2-4 or 3-5
    ],
  },
];

/** The fluent versions of examples/patterns.ts, as the engine runs them. */
const fluent: Record<string, PatternSpec<Record<string, unknown>>> = {
  'unpaid-orders': { name: 'unpaidOrders', pattern: unpaidOrders as never, keyBy: 'orderId' },
  'spam-comments': { name: 'spamBurst', pattern: spamBurst as never, keyBy: 'userId' },
  'failed-logins': { name: 'failedLogins', pattern: failedLogins as never, keyBy: 'user' },
  'stock-v-shape': { name: 'vShape', pattern: vShape as never, keyBy: 'symbol' },
  'rising-temperature': { name: 'risingTemperature', pattern: risingTemperature as never, keyBy: 'sensor' },
};

/** What identifies an event of each example in the summaries above. */
function eventLabel(event: Record<string, unknown>): string {
  if (typeof event['price'] === 'number') return String(event['price']);
  if (typeof event['celsius'] === 'number') return String(event['celsius']);
  if (typeof event['amount'] === 'number') return String(event['amount']);
  if (typeof event['outcome'] === 'string') return String(((event['ts'] as number) - 1_700_000_000_000) / 1000);
  const text = String(event['text']);
  return /\/(\w+)$/.exec(text)?.[1] ?? /\/\/(\w+)\./.exec(text)?.[1] ?? text;
}

/** `kind key step:event,event …` for one output. */
function summary(output: Record<string, unknown>): string {
  const events = Object.entries(output['events'] as Record<string, Record<string, unknown>[]>).map(([step, list]) => `${step}:${list.map(eventLabel).join(',')}`);
  return [output['kind'], output['key'], ...events].join(' ');
}

describe('examples through cepheus run', () => {
  for (const example of examples) {
    describe(example.name, () => {
      const expected = repoFile(`examples/expected/${example.name}.jsonl`);

      it(`prints exactly examples/expected/${example.name}.jsonl, with a summary on stderr`, () => {
        const result = spawnCli(['run', `examples/${example.name}.cep`, '--input', `examples/data/${example.data}`]);
        expect(result.code).toBe(0);
        expect(result.stdout).toBe(expected);
        const outputs = jsonLines(expected);
        const count = (kind: string): number => outputs.filter((output) => output['kind'] === kind).length;
        const counted = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
        const events = repoFile(`examples/data/${example.data}`).trim().split('\n').length;
        expect(result.stderr).toMatch(
          new RegExp(`^cepheus: ${events} events, ${counted(count('match'), 'match', 'matches')}, ${counted(count('timeout'), 'timeout', 'timeouts')}, 0 late, 0 errors in [\\d.]+ s \\([\\d,]+ events/s\\), peak memory \\d+ MB\\n$`),
        );
      });

      it('has the expected outputs described in examples/README.md', () => {
        expect(jsonLines(expected).map(summary)).toEqual(example.outputs);
      });

      it('is also what the fluent pattern of examples/patterns.ts gives in a CepEngine', () => {
        const engine = new CepEngine<Record<string, unknown>>({ patterns: [fluent[example.name]!], time: { mode: 'event', timestamp: 'ts' } });
        const outputs = [...jsonLines(repoFile(`examples/data/${example.data}`)).flatMap((record) => engine.push(record)), ...engine.flush()];
        expect(outputs.map((output) => `${JSON.stringify(output)}\n`).join('')).toBe(expected);
      });

      it('numbers its outputs 0, 1, 2, … in order', () => {
        expect(jsonLines(expected).map((output) => output['id'])).toEqual(example.outputs.map((_, index) => index));
      });
    });
  }

  it('covers every example file and every expected file', () => {
    const names = examples.map((example) => example.name).sort();
    expect(readdirSync(join(repoRoot, 'examples')).filter((file) => file.endsWith('.cep')).map((file) => file.replace(/\.cep$/, '')).sort()).toEqual(names);
    expect(readdirSync(join(repoRoot, 'examples/expected')).map((file) => file.replace(/\.jsonl$/, '')).sort()).toEqual(names);
  });

  it('the examples pass check and are canonically formatted', () => {
    const check = spawnCli(['check', 'examples/']);
    expect([check.code, check.stdout, check.stderr]).toEqual([0, '', `ok: ${examples.length} patterns and ${examples.length} event types in ${examples.length} files\n`]);
    const fmt = spawnCli(['fmt', '--check', 'examples/']);
    expect([fmt.code, fmt.stdout, fmt.stderr]).toEqual([0, '', '']);
  });

  it('an example saved with a byte-order mark is still canonically formatted, and its diagnostics keep their columns', () => {
    const dir = tempDir('cepheus-bom-');
    const file = join(dir, 'unpaid-orders.cep');
    writeFileSync(file, `\uFEFF${repoFile('examples/unpaid-orders.cep')}`);
    expect(spawnCli(['fmt', '--check', file])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    writeFileSync(file, '\uFEFFpattern p { begin a where x < "s" and 1 < "y" }\n');
    expect(spawnCli(['check', file]).stderr).toContain(`${file}:1:43: error:`);
  });

  it('--format text prints one readable line per output', () => {
    const result = spawnCli(['run', 'examples/unpaid-orders.cep', '--input', 'examples/data/orders.jsonl', '--format', 'text', '--no-summary']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.map((line) => line.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'match unpaidOrders key=o-1',
      'match unpaidOrders key=o-3',
      'timeout unpaidOrders key=o-2',
      'timeout unpaidOrders key=o-4',
      'match unpaidOrders key=o-5',
      'timeout unpaidOrders key=o-6',
    ]);
    expect(lines[2]).toBe('timeout  unpaidOrders key=o-2 at 2023-11-14T22:29:20Z  created: {"ts":1700000060000,"type":"created","orderId":"o-2","amount":35}');
  });
});
