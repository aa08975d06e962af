// Scaling curves: events/s and the memory of the live state as the number of keys, the window
// length and the pattern length grow. Each point runs as its own job (its own process), so peak
// RSS and compiled code are not carried over from the point before.
import { CepEngine, Pattern } from '../src/index.js';
import { measure, seededRandom, STREAM_START_MS } from './harness.js';
import { settledHeapUsed } from './memory-probe.js';
import type { JobContext, JobOutput, ScalingPoint } from './job-output.js';
import { orderStream } from './order-stream.js';
import { unpaidOrdersEngine, W1_WINDOW_MS } from './w1-unpaid-orders.js';
import { kleeneEngine, kleeneStream } from './w3-kleene.js';

/** The points of each curve, as job ids `scale-<curve>:<x>`. */
export function scalingJobs(quick: boolean): string[] {
  const keys = quick ? [1_000, 30_000] : [1_000, 10_000, 100_000, 1_000_000];
  const windows = quick ? [5, 80] : [5, 10, 20, 40, 80];
  const lengths = quick ? [2, 32] : [2, 4, 8, 16, 32];
  return [...keys.map((x) => `scale-keys:${x}`), ...windows.map((x) => `scale-window:${x}`), ...lengths.map((x) => `scale-length:${x}`)];
}

/** Runs one point of a curve. */
export function scalingPoint(curve: string, x: number, ctx: JobContext): JobOutput {
  switch (curve) {
    case 'keys':
      return keysPoint(x, ctx);
    case 'window':
      return windowPoint(x, ctx);
    case 'length':
      return lengthPoint(x, ctx);
    default:
      throw new RangeError(`unknown scaling curve '${curve}' (keys, window or length)`);
  }
}

/** W1 with `keys` order ids, each holding one order at a time: live state grows with the keys. */
function keysPoint(keys: number, ctx: JobContext): JobOutput {
  const events = orderStream({ events: Math.max(ctx.quick ? 50_000 : 1_000_000, Math.round(keys * (ctx.quick ? 3 : 4))), keys, windowMs: W1_WINDOW_MS });
  return point('keys', keys, `${keys.toLocaleString('en-US')} keys`, `W1 pattern, ${keys.toLocaleString('en-US')} order ids`, () => unpaidOrdersEngine(W1_WINDOW_MS), events);
}

/** W3's `a b+ c` relaxed over 1,000 keys with a window of `eventsPerKey` events per key. */
function windowPoint(eventsPerKey: number, ctx: JobContext): JobOutput {
  const keys = 1_000;
  const events = kleeneStream(ctx.quick ? 30_000 : 300_000, keys);
  return point('window', eventsPerKey, `${eventsPerKey} events/key`, `W3 relaxed, window ${eventsPerKey} events per key`, () => kleeneEngine(eventsPerKey * keys, false), events);
}

interface TypedEvent {
  ts: number;
  key: string;
  type: string;
}

/** `e0 → e1 → … → e(n-1)` (followedBy) within 50 events per key; types uniform over e0…e31. */
function lengthPoint(steps: number, ctx: JobContext): JobOutput {
  const keys = 1_000;
  const random = seededRandom(29);
  const names = Array.from({ length: keys }, (_, i) => `key-${i}`);
  const types = Array.from({ length: 32 }, (_, i) => `e${i}`);
  const events: TypedEvent[] = Array.from({ length: ctx.quick ? 30_000 : 300_000 }, (_, i) => ({
    ts: STREAM_START_MS + i,
    key: names[Math.floor(random() * keys)]!,
    type: types[Math.floor(random() * types.length)]!,
  }));
  const make = (): CepEngine<TypedEvent> => {
    let pattern = Pattern.begin<TypedEvent>('s0').where((e) => e.type === 'e0');
    for (let i = 1; i < steps; i++) {
      const type = types[i]!;
      pattern = pattern.followedBy(`s${i}`).where((e) => e.type === type);
    }
    return new CepEngine<TypedEvent>({
      patterns: [{ name: 'sequence', keyBy: 'key', pattern: pattern.within(50 * keys), timeouts: false }],
      time: { mode: 'event', timestamp: 'ts' },
    });
  };
  return point('length', steps, `${steps} steps`, `sequence of ${steps} steps, 1,000 keys`, make, events);
}

/**
 * Measures throughput over all events, and the heap the engine holds three quarters of the way
 * through (in the steady state: the window has filled, and the tail of the stream where the last
 * orders get paid has not begun), after a full GC. Events are allocated before the "before"
 * reading, so they are not counted; neither is compiled code (a warm-up runs first). The two halves are timed separately and the pause between
 * them is not counted.
 */
/** Runs a throwaway engine on the first events so compiled code exists before the first reading. */
function warmUp<E extends object>(make: () => CepEngine<E>, events: readonly E[]): void {
  const warm = make();
  for (let i = 0; i < Math.min(events.length, 5_000); i++) warm.push(events[i]!);
  warm.flush();
}

function point<E extends object>(curve: ScalingPoint['curve'], x: number, label: string, name: string, make: () => CepEngine<E>, events: readonly E[]): JobOutput {
  warmUp(make, events);
  const before = settledHeapUsed();
  const engine = make();
  const cut = Math.floor(events.length * 0.75);
  const first = measure(`scaling: ${name} (until the memory reading)`, cut, (i) => {
    engine.push(events[i]!);
  });
  const stateBytes = settledHeapUsed() - before;
  const live = engine.partialMatches;
  const rest = measure(
    `scaling: ${name} (after the memory reading)`,
    events.length - cut,
    (i) => {
      engine.push(events[cut + i]!);
    },
    () => {
      engine.flush();
      return '';
    },
  );
  const scaled: ScalingPoint = {
    curve,
    x,
    label,
    events: events.length,
    eventsPerSecond: events.length / (first.seconds + rest.seconds),
    stateMb: stateBytes / 2 ** 20,
    livePartialMatches: live,
    peakRssMb: Math.max(first.peakRssMb, rest.peakRssMb),
  };
  return { rows: [], checks: [], points: [scaled] };
}
