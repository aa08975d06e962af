// W3 Kleene closure: `a b+ c within W` keyed, with relaxed contiguity, and with followedByAny
// plus allowCombinations — the explosion case — under the partial-match cap.
import { CepEngine, Pattern } from '../src/index.js';
import { measureEngine, measureEngineInRounds, sameInEveryRound, settledEngine } from './engine-run.js';
import { formatCount, seededRandom, STREAM_START_MS, type BenchResult } from './harness.js';
import { tagged, sameCount, type JobContext, type JobOutput } from './job-output.js';
import { bytesPerLiveItem, type Probe } from './memory-probe.js';
import { measureRawLoop } from './raw-loop.js';

/** An event of the Kleene stream: `a`, `b`, `c` each a tenth of the events, `x` the rest. */
export interface KleeneEvent {
  ts: number;
  key: string;
  type: 'a' | 'b' | 'c' | 'x';
}

/** Events 1 ms apart over `keys` keys: each key sees one event per `keys` milliseconds. */
export function kleeneStream(events: number, keys: number, seed = 11): KleeneEvent[] {
  const random = seededRandom(seed);
  const names = Array.from({ length: keys }, (_, i) => `key-${i}`);
  const types = ['a', 'b', 'c', 'x', 'x', 'x', 'x', 'x', 'x', 'x'] as const;
  return Array.from({ length: events }, (_, i) => ({ ts: STREAM_START_MS + i, key: names[Math.floor(random() * keys)]!, type: types[Math.floor(random() * 10)]! }));
}

/** `a followedBy b+ followedBy c within windowMs` (relaxed), or the followedByAny explosion. */
export function kleenePattern(windowMs: number, any: boolean): Pattern<KleeneEvent> {
  const a = Pattern.begin<KleeneEvent>('a').where((e) => e.type === 'a');
  if (!any) {
    return a.followedBy('b').where((e) => e.type === 'b').oneOrMore().followedBy('c').where((e) => e.type === 'c').within(windowMs);
  }
  return a
    .followedByAny('b')
    .where((e) => e.type === 'b')
    .oneOrMore()
    .allowCombinations()
    .followedByAny('c')
    .where((e) => e.type === 'c')
    .within(windowMs);
}

/** A keyed engine for the Kleene pattern; no timeout outputs. */
export function kleeneEngine(windowMs: number, any: boolean, cap?: number): CepEngine<KleeneEvent> {
  return new CepEngine<KleeneEvent>({
    patterns: [
      {
        name: 'kleene',
        keyBy: 'key',
        pattern: kleenePattern(windowMs, any),
        timeouts: false,
        ...(cap === undefined ? {} : { maxPartialMatchesPerKey: cap, capPolicy: 'drop-oldest' as const }),
      },
    ],
    time: { mode: 'event', timestamp: 'ts' },
  });
}

const KEYS = 1_000;
/** 20 events per key per window on average. */
const WINDOW_MS = 20 * KEYS;
/** The explosion case gets a longer window (50 events per key) so that the cap is reached. */
const ANY_WINDOW_MS = 50 * KEYS;
/** The cap for the explosion case: per key and pattern, oldest dropped first. */
const CAP = 1_000;

/** Runs W3 (relaxed, and followedByAny with the cap) and the ceiling. */
export function w3(ctx: JobContext): JobOutput {
  const events = kleeneStream(ctx.quick ? 100_000 : 1_000_000, KEYS);
  const { engine: relaxed, rounds: relaxedRounds } = measureEngineInRounds(
    ctx,
    `W3 a b+ c relaxed, ${formatCount(KEYS)} keys, window ≈ 20 events/key`,
    () => kleeneEngine(WINDOW_MS, false),
    events,
  );
  if (ctx.engineOnly) return { rows: [tagged(relaxed.result, 'W3-relaxed')], checks: [] };
  const any = measureEngine(
    `W3 a →any b+ (allowCombinations) →any c, window ≈ 50 events/key, cap ${formatCount(CAP)}/key drop-oldest`,
    kleeneEngine(ANY_WINDOW_MS, true, CAP),
    events.slice(0, ctx.quick ? 20_000 : 100_000),
  );
  const rows: BenchResult[] = [
    tagged(relaxed.result, 'W3-relaxed', bytesPerLiveItem(w3Probe(ctx.quick, false))),
    tagged(any.result, 'W3-any', bytesPerLiveItem(w3Probe(ctx.quick, true))),
    tagged(
      measureRawLoop('W3 ceiling: raw loop touching each event', events, (e) => e.ts + e.type.length + e.key.length),
      'W3/ceiling',
    ),
  ];
  return {
    rows,
    checks: [
      sameInEveryRound('W3 relaxed rounds: the same outputs in every round', relaxedRounds),
      sameCount('W3 relaxed errors: none', 0, relaxed.counts.errors + relaxed.counts.late),
      sameCount('W3 any errors: none', 0, any.counts.errors + any.counts.late),
    ],
  };
}

/** Per key `a b b b` (no `c`, inside the window): every partial match stays live. */
export function w3Probe(quick: boolean, any: boolean): Probe<KleeneEvent> {
  const keys = quick ? 5_000 : 20_000;
  const names = Array.from({ length: keys }, (_, i) => `key-${i}`);
  const types = ['a', 'b', 'b', 'b'] as const;
  const events: KleeneEvent[] = Array.from({ length: keys * types.length }, (_, i) => ({
    ts: STREAM_START_MS + i,
    key: names[i % keys]!,
    type: types[Math.floor(i / keys)]!,
  }));
  const last = events[events.length - 1]!.ts;
  return {
    events,
    build(slice) {
      const engine = settledEngine(kleeneEngine(keys * types.length + 1, any, CAP), slice, last);
      return { live: () => engine.partialMatches };
    },
  };
}
