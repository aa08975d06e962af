// W4 iterative condition: runs of rising prices per symbol, `rise{4,}` consecutive, where each
// event must be priced above the last one the partial match took (`b.price > last(b).price`,
// through ctx.eventsFor) — the condition reads the partial match, so it cannot be cached per event.
import { CepEngine, Pattern, type ConditionContext } from '../src/index.js';
import { measureEngine, settledEngine } from './engine-run.js';
import { formatCount, seededRandom, STREAM_START_MS } from './harness.js';
import { sameCount, tagged, type JobContext, type JobOutput } from './job-output.js';
import { bytesPerLiveItem, type Probe } from './memory-probe.js';
import { measureRawLoop } from './raw-loop.js';

/** A price tick. */
export interface Tick {
  ts: number;
  symbol: string;
  price: number;
}

/** Ticks 1 ms apart over `symbols` symbols, each price a random walk. */
export function tickStream(events: number, symbols: number, seed = 13): Tick[] {
  const random = seededRandom(seed);
  const names = Array.from({ length: symbols }, (_, i) => `SYM${i}`);
  const prices = Array.from({ length: symbols }, () => 100);
  return Array.from({ length: events }, (_, i) => {
    const s = Math.floor(random() * symbols);
    prices[s] = Math.max(1, prices[s]! + Math.round((random() - 0.5) * 100) / 100);
    return { ts: STREAM_START_MS + i, symbol: names[s]!, price: prices[s]! };
  });
}

/** True when the tick is priced above the last tick this partial match took for `rise`. */
function risesAboveLast(tick: Tick, ctx: ConditionContext<Tick>): boolean {
  const taken = ctx.eventsFor('rise');
  return taken.length === 0 || tick.price > taken[taken.length - 1]!.price;
}

/** `rise{4,}` consecutive within 1 minute, rising. */
export function risingPattern(): Pattern<Tick> {
  return Pattern.begin<Tick>('rise').where(risesAboveLast, 'price > last(rise).price').timesOrMore(4).consecutive().within('1m');
}

/** The W4 engine, keyed by symbol, no timeout outputs. */
export function risingEngine(): CepEngine<Tick> {
  return new CepEngine<Tick>({
    patterns: [{ name: 'rising', keyBy: 'symbol', pattern: risingPattern(), timeouts: false }],
    time: { mode: 'event', timestamp: 'ts' },
  });
}

const SYMBOLS = 1_000;

/** Runs W4 and its ceiling. */
export function w4(ctx: JobContext): JobOutput {
  const events = tickStream(ctx.quick ? 50_000 : 500_000, SYMBOLS);
  const run = measureEngine(`W4 rising prices rise{4,} consecutive, ${formatCount(SYMBOLS)} symbols`, risingEngine(), events);
  if (ctx.engineOnly) return { rows: [tagged(run.result, 'W4')], checks: [] };
  return {
    rows: [
      tagged(run.result, 'W4', bytesPerLiveItem(w4Probe(ctx.quick))),
      tagged(measureRawLoop('W4 ceiling: raw loop touching each event', events, (e) => e.ts + e.price + e.symbol.length), 'W4/ceiling'),
    ],
    checks: [sameCount('W4 errors: none', 0, run.counts.errors + run.counts.late)],
  };
}

/** Per symbol three rising ticks: three live partial matches (started at each), none complete. */
export function w4Probe(quick: boolean): Probe<Tick> {
  const symbols = quick ? 5_000 : 15_000;
  const names = Array.from({ length: symbols }, (_, i) => `SYM${i}`);
  const events: Tick[] = Array.from({ length: symbols * 3 }, (_, i) => ({ ts: STREAM_START_MS + i, symbol: names[i % symbols]!, price: 100 + Math.floor(i / symbols) }));
  const last = events[events.length - 1]!.ts;
  return {
    events,
    build(slice) {
      const engine = settledEngine(risingEngine(), slice, last);
      return { live: () => engine.partialMatches };
    },
  };
}
