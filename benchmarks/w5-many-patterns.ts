// W5 many patterns: 100 patterns over one stream in one pass, keyed by ten different fields
// (10 to 100k distinct values), each `x followedBy y within 1m` on its own pair of event types;
// once as a user would first write them, once with each pattern's input filter declared.
import { CepEngine, Pattern, type PatternSpec } from '../src/index.js';
import { measureEngine, settledEngine } from './engine-run.js';
import { seededRandom, STREAM_START_MS, type BenchResult } from './harness.js';
import { sameCount, tagged, type JobContext, type JobOutput } from './job-output.js';
import { bytesPerLiveItem, type Probe } from './memory-probe.js';
import { measureRawLoop } from './raw-loop.js';

/** An event with ten key fields and one of 20 types. */
export interface MultiKeyEvent {
  ts: number;
  type: string;
  k0: string;
  k1: string;
  k2: string;
  k3: string;
  k4: string;
  k5: string;
  k6: string;
  k7: string;
  k8: string;
  k9: string;
}

const PATTERNS = 100;
const TYPES = Array.from({ length: 20 }, (_, i) => `t${i}`);
/** Distinct values of key field k0…k9. */
const CARDINALITY = [10, 100, 1_000, 10_000, 100_000, 10, 100, 1_000, 10_000, 100_000];
const KEY_FIELDS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9'] as const;

/** Events 10 ms apart, type and every key field drawn at random. */
export function multiKeyStream(events: number, seed = 17): MultiKeyEvent[] {
  const random = seededRandom(seed);
  const values = CARDINALITY.map((n, field) => Array.from({ length: n }, (_, i) => `f${field}-${i}`));
  const pick = (field: number): string => values[field]![Math.floor(random() * CARDINALITY[field]!)]!;
  return Array.from({ length: events }, (_, i) => ({
    ts: STREAM_START_MS + i * 10,
    type: TYPES[Math.floor(random() * TYPES.length)]!,
    k0: pick(0),
    k1: pick(1),
    k2: pick(2),
    k3: pick(3),
    k4: pick(4),
    k5: pick(5),
    k6: pick(6),
    k7: pick(7),
    k8: pick(8),
    k9: pick(9),
  }));
}

/**
 * Pattern i: keyed by field `k(i mod 10)`, `t(i mod 20)` followed by `t((i + 7) mod 20)` within
 * 1m. With `filtered`, each pattern also declares the event types it uses as its input filter,
 * so the other 90% of the events are not offered to it (same outputs).
 */
export function manyPatterns(filtered = false): PatternSpec<MultiKeyEvent>[] {
  return Array.from({ length: PATTERNS }, (_, i) => {
    const first = TYPES[i % TYPES.length]!;
    const second = TYPES[(i + 7) % TYPES.length]!;
    return {
      name: `p${i}`,
      keyBy: KEY_FIELDS[i % KEY_FIELDS.length]!,
      pattern: Pattern.begin<MultiKeyEvent>('first')
        .where((e) => e.type === first)
        .followedBy('second')
        .where((e) => e.type === second)
        .within('1m'),
      ...(filtered ? { filter: (e: MultiKeyEvent) => e.type === first || e.type === second } : {}),
    };
  });
}

/** The W5 engine: all 100 patterns, timeouts on. */
export function manyPatternsEngine(filtered = false): CepEngine<MultiKeyEvent> {
  return new CepEngine<MultiKeyEvent>({ patterns: manyPatterns(filtered), time: { mode: 'event', timestamp: 'ts' } });
}

/** Runs W5 (without and with per-pattern input filters) and its ceiling. */
export function w5(ctx: JobContext): JobOutput {
  const events = multiKeyStream(ctx.quick ? 2_000 : 30_000);
  const withSteps = (result: BenchResult): BenchResult => ({
    ...result,
    notes: `${result.notes}; ${((result.eventsPerSecond * PATTERNS) / 1e6).toFixed(2)}M pattern×event pairs/s`,
  });
  const run = measureEngine(`W5 ${PATTERNS} patterns on one stream, 10 key fields`, manyPatternsEngine(), events);
  if (ctx.engineOnly) return { rows: [tagged(withSteps(run.result), 'W5')], checks: [] };
  const filtered = measureEngine(`W5 ${PATTERNS} patterns, each with an input filter on its two event types`, manyPatternsEngine(true), events);
  const ceiling = measureRawLoop('W5 ceiling: raw loop reading type and the ten keys', events, (e) =>
    e.type.length + e.k0.length + e.k1.length + e.k2.length + e.k3.length + e.k4.length + e.k5.length + e.k6.length + e.k7.length + e.k8.length + e.k9.length,
  );
  return {
    rows: [tagged(withSteps(run.result), 'W5', bytesPerLiveItem(w5Probe(ctx.quick))), tagged(withSteps(filtered.result), 'W5/filtered'), tagged(ceiling, 'W5/ceiling')],
    checks: [
      sameCount('W5 errors: none', 0, run.counts.errors + run.counts.late),
      sameCount('W5 matches: with input filters = without', run.counts.matches, filtered.counts.matches),
      sameCount('W5 timeouts: with input filters = without', run.counts.timeouts, filtered.counts.timeouts),
    ],
  };
}

/** Events of the first type of some patterns only, all inside the window: each starts live partial matches. */
export function w5Probe(quick: boolean): Probe<MultiKeyEvent> {
  const events = multiKeyStream(quick ? 2_000 : 10_000, 23).map((e, i) => ({ ...e, ts: STREAM_START_MS + i, type: TYPES[i % 2]! }));
  const last = events[events.length - 1]!.ts;
  return {
    events,
    build(slice) {
      const engine = settledEngine(manyPatternsEngine(), slice, last);
      return { live: () => engine.partialMatches };
    },
  };
}
