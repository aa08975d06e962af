// A small streaming benchmark harness: per-event latency percentiles, throughput, memory and GC.
// Off-the-shelf harnesses time whole functions; streaming workloads need per-event latency
// over millions of events, so this measures exactly that and nothing else.
import { GCProfiler } from 'node:v8';

/** What one workload run measured. */
export interface BenchResult {
  readonly name: string;
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly p50Micros: number;
  readonly p99Micros: number;
  readonly p999Micros: number;
  readonly peakRssMb: number;
  readonly heapUsedMb: number;
  readonly gcMillis: number;
  readonly notes: string;
  /** Stable id that targets and ratios refer to, e.g. `W1` or `W1/hand-written`. */
  readonly id?: string;
  /** Heap bytes per live partial match beyond the events themselves (see memory-probe.ts). */
  readonly bytesPerPartialMatch?: number;
  /**
   * Events/s of every round, in the order run, when the workload ran several rounds (see
   * {@link medianRound}); the other figures are the median round's.
   */
  readonly rounds?: readonly number[];
}

/** Runs a full garbage collection when the process was started with `--expose-gc`. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    gc();
    gc();
  }
}

/** Time the collector took, in milliseconds, over what a GCProfiler recorded. */
export function gcMillisOf(profile: ReturnType<GCProfiler['stop']>): number {
  let micros = 0;
  for (const entry of profile.statistics) micros += entry.cost;
  return micros / 1000;
}

/**
 * Accumulates one measurement. GC time comes from V8's GCProfiler, which records synchronously:
 * a PerformanceObserver delivers its entries only when the event loop turns, which a tight
 * synchronous loop never lets happen, so it reads 0.
 */
class Recording {
  private readonly gc = new GCProfiler();
  private readonly samples: Float64Array;
  private sampled = 0;
  private peakRss: number;
  private readonly started: bigint;

  constructor(count: number, sampleEvery: number) {
    collectGarbage();
    this.samples = new Float64Array(Math.ceil(Math.max(count, 1) / sampleEvery) + 1);
    this.peakRss = process.memoryUsage.rss();
    this.gc.start();
    this.started = process.hrtime.bigint();
  }

  sample(micros: number): void {
    if (this.sampled < this.samples.length) this.samples[this.sampled++] = micros;
  }

  checkRss(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
  }

  finish(name: string, events: number, notes: string): BenchResult {
    const seconds = Number(process.hrtime.bigint() - this.started) / 1e9;
    const gcMs = gcMillisOf(this.gc.stop());
    this.checkRss();
    const sorted = this.samples.subarray(0, this.sampled).sort();
    const pct = (p: number): number => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
    return {
      name,
      events,
      seconds,
      eventsPerSecond: events / seconds,
      p50Micros: pct(0.5),
      p99Micros: pct(0.99),
      p999Micros: pct(0.999),
      peakRssMb: this.peakRss / 2 ** 20,
      heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
      gcMillis: gcMs,
      notes,
    };
  }
}

/**
 * Runs `step(i)` for i in [0, count) and measures it; `finish` runs inside the timed region (e.g.
 * a final flush) and returns the notes. Latency is sampled on every `sampleEvery`-th event so that
 * taking the clock does not dominate the cost being measured.
 */
export function measure(name: string, count: number, step: (i: number) => void, finish: () => string = () => '', sampleEvery = 16): BenchResult {
  const recording = new Recording(count, sampleEvery);
  for (let i = 0; i < count; i++) {
    if (i % sampleEvery === 0) {
      const t0 = process.hrtime.bigint();
      step(i);
      recording.sample(Number(process.hrtime.bigint() - t0) / 1000);
      if (i % 65_536 === 0) recording.checkRss();
    } else {
      step(i);
    }
  }
  const notes = finish();
  return recording.finish(name, count, notes);
}

/**
 * Measures an asynchronous pipeline that calls `tick()` once per event it has finished (e.g. a
 * progress callback). Latency is the time between two ticks, sampled on every `sampleEvery`-th;
 * a pipeline that cannot tick (a spawned process) passes `events` and gets no latency figures.
 */
export async function measureAsync(
  name: string,
  events: number,
  run: (tick: () => void) => Promise<string>,
  sampleEvery = 16,
): Promise<BenchResult> {
  const recording = new Recording(events, sampleEvery);
  let ticks = 0;
  let previous = process.hrtime.bigint();
  const tick = (): void => {
    const now = process.hrtime.bigint();
    if (++ticks % sampleEvery === 0) {
      recording.sample(Number(now - previous) / 1000);
      if (ticks % 65_536 === 0) recording.checkRss();
    }
    previous = now;
  };
  const notes = await run(tick);
  return recording.finish(name, ticks > 0 ? ticks : events, notes);
}

/**
 * The round of median throughput, with every round's events/s as `rounds`. Throughput on this
 * kind of shared host moves by up to 1.5× from one minute to the next; a workload measured in
 * several rounds, each alternated with its baseline's, reports the typical round, and the target
 * ratios compare rounds run side by side (see targets.ts).
 */
export function medianRound(results: readonly BenchResult[]): BenchResult {
  const middle = medianBy(results, (result) => result.eventsPerSecond);
  return results.length === 1 ? middle : { ...middle, rounds: results.map((result) => result.eventsPerSecond) };
}

/** The item whose `value` is the median (the lower middle one for an even count). */
export function medianBy<T>(items: readonly T[], value: (item: T) => number): T {
  if (items.length === 0) throw new RangeError('no rounds to take the median of');
  return [...items].sort((a, b) => value(a) - value(b))[(items.length - 1) >> 1]!;
}

/** Rows, recorded or measured, that may have run in rounds. */
interface InRounds {
  readonly rounds?: readonly number[];
}

/**
 * The engine's time over the hand-written detector's (the detector's events/s over the engine's),
 * round by round, when both ran the same number of rounds, more than one; otherwise null.
 */
export function pairedRatios(engine: InRounds | undefined, hand: InRounds | undefined): number[] | null {
  const engineRounds = engine?.rounds;
  const handRounds = hand?.rounds;
  if (engineRounds === undefined || handRounds === undefined || engineRounds.length < 2 || engineRounds.length !== handRounds.length) return null;
  return engineRounds.map((perSecond, i) => handRounds[i]! / perSecond);
}

/** The median of some numbers (the lower middle one for an even count, like {@link medianRound}). */
export function median(values: readonly number[]): number {
  return medianBy(values, (value) => value);
}

/**
 * How many rounds the throughput-target workloads run: 5 in the full suite, 1 in the smoke run
 * and under a profiler (which wants one run to read).
 */
export function roundsFor(ctx: { readonly quick: boolean; readonly engineOnly: boolean }): number {
  return ctx.quick || ctx.engineOnly ? 1 : 5;
}

/**
 * Generated streams start at this time (2026-01-01T00:00Z) because real event times are epoch
 * milliseconds: beyond 2^31 V8 stores them as heap numbers, not small integers, and a benchmark
 * whose timestamps start at 0 would under-count memory and time.
 */
export const STREAM_START_MS = Date.UTC(2026, 0, 1);

/** A deterministic pseudo-random generator (mulberry32) so that workloads are the same every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Formats a count with thousands separators. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}
