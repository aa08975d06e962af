// W1 unpaid orders: `created followedBy paid within 15m` keyed by order id, 100k ids, ~10% never
// paid (they time out). The headline workload: engine against the hand-written detector.
import { advanceTime, CepEngine, compile, consumeEvent, initialState, Pattern, type MatcherState } from '../src/index.js';
import { bytesPerLiveItem, type Probe } from './memory-probe.js';
import { measureEngine, measureEngineInRounds, noOutputs, describeCounts, settledEngine, sameInEveryRound } from './engine-run.js';
import { formatCount, measure, medianRound, type BenchResult } from './harness.js';
import { handWrittenUnpaidOrders } from './hand-written-unpaid-orders.js';
import { sameCount, tagged, type JobContext, type JobOutput } from './job-output.js';
import { createdOnly, orderStream, withDisorder, type OrderEvent } from './order-stream.js';
import { measureRawLoop } from './raw-loop.js';
import { withIdealMatcher } from './w1-ideal-matcher.js';

/** The W1 window. */
export const W1_WINDOW_MS = 15 * 60_000;

/** `created followedBy paid within <window>`. */
export function unpaidOrdersPattern(windowMs: number): Pattern<OrderEvent> {
  return Pattern.begin<OrderEvent>('created')
    .where((e) => e.type === 'created')
    .followedBy('paid')
    .where((e) => e.type === 'paid')
    .within(windowMs);
}

/** The W1 engine: event time from `ts`, keyed by `orderId`, timeouts on. */
export function unpaidOrdersEngine(windowMs: number, maxOutOfOrderness: number = 0): CepEngine<OrderEvent> {
  return new CepEngine<OrderEvent>({
    patterns: [{ name: 'unpaid', keyBy: 'orderId', pattern: unpaidOrdersPattern(windowMs) }],
    time: { mode: 'event', timestamp: 'ts', maxOutOfOrderness },
  });
}

/** Runs W1 and its baselines. */
export function w1(ctx: JobContext): JobOutput {
  const keys = 100_000;
  const events = orderStream({ events: ctx.quick ? 100_000 : 1_000_000, keys, windowMs: W1_WINDOW_MS });
  const name = `W1 unpaid orders, ${formatCount(keys)} ids, 15m window`;
  const {
    engine: engineRun,
    rounds: engineRounds,
    baselines: handRounds,
  } = measureEngineInRounds(ctx, name, () => unpaidOrdersEngine(W1_WINDOW_MS), events, ctx.engineOnly ? undefined : () => handWrittenRound(events));
  if (ctx.engineOnly) return { rows: [tagged(engineRun.result, 'W1')], checks: [] };

  const counts = engineRun.counts;
  const { paid, unpaid } = handRounds[0]!;
  const handWritten = medianRound(handRounds.map((run) => run.result));
  const ceiling = measureRawLoop('W1 ceiling: raw loop touching each event', events, (e) => e.ts + e.type.length + e.orderId.length);
  const matcherOnly = matcherOnlyRun(events);
  const ideal = measureEngineInRounds(
    ctx,
    'W1 with an ideal W1-only matcher in the engine (a bound: see w1-ideal-matcher.ts)',
    () => withIdealMatcher(unpaidOrdersEngine(W1_WINDOW_MS), W1_WINDOW_MS),
    events,
    () => handWrittenRound(events),
  );
  const disordered = measureEngine('W1 with up to 5 s disorder (engine, 5s out-of-orderness)', unpaidOrdersEngine(W1_WINDOW_MS, 5000), withDisorder(events, 5000));

  const probe = w1Probe(ctx.quick);
  const engineBytes = bytesPerLiveItem(probe);
  const handBytes = bytesPerLiveItem<OrderEvent>({
    events: probe.events,
    build(slice) {
      const held = handWrittenUnpaidOrders(W1_WINDOW_MS, () => {}, () => {});
      for (const event of slice) held.push(event);
      return { live: () => held.pending };
    },
  });

  return {
    rows: [
      tagged(engineRun.result, 'W1', engineBytes),
      tagged(handWritten, 'W1/hand-written', handBytes),
      tagged(ceiling, 'W1/ceiling'),
      tagged(matcherOnly.result, 'W1/matcher-only'),
      tagged(ideal.engine.result, 'W1/ideal-matcher'),
      tagged(medianRound(ideal.baselines.map((run) => run.result)), 'W1/ideal-matcher/hand-written'),
      tagged(disordered.result, 'W1/disorder'),
    ],
    checks: [
      sameInEveryRound('W1 rounds: the same outputs in every round', engineRounds),
      sameCount('W1 matches: hand-written = engine', paid, counts.matches),
      sameCount('W1 timeouts: hand-written = engine', unpaid, counts.timeouts),
      sameCount('W1 errors and late events: none', 0, counts.errors + counts.late),
      sameCount('W1 matches: matcher only = engine', matcherOnly.matches, counts.matches),
      sameCount('W1 timeouts: matcher only = engine', matcherOnly.timeouts, counts.timeouts),
      sameCount('W1 matches: ideal matcher = engine', ideal.engine.counts.matches, counts.matches),
      sameCount('W1 timeouts: ideal matcher = engine', ideal.engine.counts.timeouts, counts.timeouts),
      sameCount('W1 matches: 5 s disorder = in order', disordered.counts.matches, counts.matches),
      sameCount('W1 timeouts: 5 s disorder = in order', disordered.counts.timeouts, counts.timeouts),
    ],
  };
}

/** One run of the hand-written detector over `events`. */
function handWrittenRound(events: readonly OrderEvent[]): { result: BenchResult; paid: number; unpaid: number } {
  let paid = 0;
  let unpaid = 0;
  const detector = handWrittenUnpaidOrders(
    W1_WINDOW_MS,
    () => paid++,
    () => unpaid++,
  );
  const result = measure(
    'W1 hand-written detector (Map + FIFO timer ring)',
    events.length,
    (i) => detector.push(events[i]!),
    () => {
      detector.flush();
      return `${formatCount(paid)} paid, ${formatCount(unpaid)} unpaid`;
    },
  );
  return { result, paid, unpaid };
}

/** Orders created at distinct ids and never paid, inside the window: one live partial match each. */
export function w1Probe(quick: boolean): Probe<OrderEvent> {
  const events = createdOnly(quick ? 20_000 : 100_000);
  const last = events[events.length - 1]!.ts;
  return {
    events,
    build(slice) {
      const engine = settledEngine(unpaidOrdersEngine(W1_WINDOW_MS), slice, last);
      return { live: () => engine.partialMatches };
    },
  };
}

/**
 * The pure matcher alone, without the runtime (no reorder buffer, watermark or timer queue): a
 * Map of matcher states, time advanced per key on its own events. Separates the matcher's cost
 * from the runtime's when reading a profile.
 */
function matcherOnlyRun(events: readonly OrderEvent[]): { result: ReturnType<typeof measure>; matches: number; timeouts: number } {
  const nfa = compile(unpaidOrdersPattern(W1_WINDOW_MS).toModel());
  const options = { timeouts: true };
  const states = new Map<string, MatcherState<OrderEvent>>();
  const counts = noOutputs();
  const result = measure(
    'W1 matcher only (pure step functions, no runtime)',
    events.length,
    (i) => {
      const e = events[i]!;
      const advanced = advanceTime(nfa, states.get(e.orderId) ?? initialState<OrderEvent>(), e.ts, options);
      counts.timeouts += advanced.outputs.length;
      const consumed = consumeEvent(nfa, advanced.state, e, e.ts, options);
      counts.matches += consumed.outputs.length;
      if (consumed.state.runs.length === 0 && consumed.state.held.length === 0) states.delete(e.orderId);
      else states.set(e.orderId, consumed.state);
    },
    () => {
      for (const state of states.values()) counts.timeouts += advanceTime(nfa, state, Infinity, options).outputs.length;
      states.clear();
      return describeCounts(counts);
    },
  );
  return { result, matches: counts.matches, timeouts: counts.timeouts };
}
