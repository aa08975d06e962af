// A small streaming benchmark harness: per-event latency percentiles, throughput, memory and GC.
// Off-the-shelf harnesses time whole functions; streaming workloads need per-event latency
// over millions of events, so this measures exactly that and nothing else.
import { PerformanceObserver } from 'node:perf_hooks';

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
}

/**
 * Runs `step(i)` for i in [0, count) and measures it. Latency is sampled on every `sampleEvery`-th
 * event so that taking the clock does not dominate the cost being measured.
 */
export function measure(name: string, count: number, step: (i: number) => void, finish: () => string = () => '', sampleEvery = 16): BenchResult {
  (globalThis as { gc?: () => void }).gc?.();
  let gcMillis = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMillis += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  const samples = new Float64Array(Math.ceil(count / sampleEvery));
  let sampled = 0;
  let peakRss = process.memoryUsage.rss();
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    if (i % sampleEvery === 0) {
      const t0 = process.hrtime.bigint();
      step(i);
      samples[sampled++] = Number(process.hrtime.bigint() - t0) / 1000;
      if (i % 65_536 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    } else {
      step(i);
    }
  }
  const notes = finish();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  const heapUsedMb = process.memoryUsage().heapUsed / 2 ** 20;
  observer.disconnect();
  const sorted = samples.subarray(0, sampled).sort();
  const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return {
    name,
    events: count,
    seconds,
    eventsPerSecond: count / seconds,
    p50Micros: pct(0.5),
    p99Micros: pct(0.99),
    p999Micros: pct(0.999),
    peakRssMb: peakRss / 2 ** 20,
    heapUsedMb,
    gcMillis,
    notes,
  };
}

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

/** Renders results as a Markdown table. */
export function toMarkdown(results: readonly BenchResult[]): string {
  const header = '| workload | events | events/s | p50 µs | p99 µs | p99.9 µs | peak RSS MB | heap MB | GC ms | notes |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|';
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.events.toLocaleString('en-US')} | ${Math.round(r.eventsPerSecond).toLocaleString('en-US')} | ${r.p50Micros.toFixed(2)} | ${r.p99Micros.toFixed(2)} | ${r.p999Micros.toFixed(2)} | ${r.peakRssMb.toFixed(0)} | ${r.heapUsedMb.toFixed(0)} | ${r.gcMillis.toFixed(0)} | ${r.notes} |`,
  );
  return [header, ...rows].join('\n');
}
