// Feeding in-memory events through a CepEngine under measurement, counting what comes out.
import type { CepEngine, EngineOutput } from '../src/index.js';
import { formatCount, measure, medianRound, roundsFor, type BenchResult } from './harness.js';
import type { Check, JobContext } from './job-output.js';

/** Outputs of one run, by kind. */
export interface OutputCounts {
  matches: number;
  timeouts: number;
  late: number;
  errors: number;
  capped: number;
  /** Partial matches dropped by the cap, summed over `capped` outputs. */
  dropped: number;
}

/** Counts starting at zero. */
export function noOutputs(): OutputCounts {
  return { matches: 0, timeouts: 0, late: 0, errors: 0, capped: 0, dropped: 0 };
}

/** Adds a batch of outputs to the counts. */
export function countOutputs(outputs: readonly EngineOutput<unknown>[], counts: OutputCounts): void {
  for (const output of outputs) {
    switch (output.kind) {
      case 'match':
        counts.matches++;
        break;
      case 'timeout':
        counts.timeouts++;
        break;
      case 'late':
        counts.late++;
        break;
      case 'error':
        counts.errors++;
        break;
      case 'capped':
        counts.capped++;
        counts.dropped += output.dropped;
        break;
    }
  }
}

/** One run of an engine over a workload's events: what it measured and what came out. */
export interface EngineRun {
  readonly result: BenchResult;
  readonly counts: OutputCounts;
}

/**
 * Measures a workload's engine in rounds (see `roundsFor`), a fresh engine each, each round
 * followed by a round of `baseline` when there is one, so that each pair sees the host alike.
 * `engine` is the median round with the first round's counts (`sameInEveryRound` checks that the
 * others agree).
 */
export function measureEngineInRounds<E extends object, B>(
  ctx: JobContext,
  name: string,
  makeEngine: () => CepEngine<E>,
  events: readonly E[],
  baseline?: () => B,
): { engine: EngineRun; rounds: EngineRun[]; baselines: B[] } {
  const rounds: EngineRun[] = [];
  const baselines: B[] = [];
  for (let round = 0; round < roundsFor(ctx); round++) {
    rounds.push(measureEngine(name, makeEngine(), events));
    if (baseline !== undefined) baselines.push(baseline());
  }
  return { engine: { result: medianRound(rounds.map((run) => run.result)), counts: rounds[0]!.counts }, rounds, baselines };
}

/** A check that every round of a workload gave the same outputs, kind by kind, as its first. */
export function sameInEveryRound(name: string, runs: readonly { readonly counts: OutputCounts }[]): Check {
  const first = describeCounts(runs[0]!.counts);
  const differing = runs.findIndex((run) => describeCounts(run.counts) !== first);
  return differing === -1
    ? { name, ok: true, detail: `${runs.length} round${runs.length === 1 ? '' : 's'}: ${first}` }
    : { name, ok: false, detail: `round ${differing + 1}: ${describeCounts(runs[differing]!.counts)} ≠ round 1: ${first}` };
}

/** The counts as a short note; kinds that did not occur are left out. */
export function describeCounts(counts: OutputCounts): string {
  const parts = [`${formatCount(counts.matches)} matches`];
  if (counts.timeouts > 0) parts.push(`${formatCount(counts.timeouts)} timeouts`);
  if (counts.late > 0) parts.push(`${formatCount(counts.late)} late`);
  if (counts.errors > 0) parts.push(`${formatCount(counts.errors)} errors`);
  if (counts.capped > 0) parts.push(`capped ${formatCount(counts.capped)} times, ${formatCount(counts.dropped)} partial matches dropped`);
  return parts.join(', ');
}

/**
 * Pushes every event through `engine` and flushes at the end, inside the timed region (the
 * flush resolves the windows still open, which is part of the work). Notes the live partial
 * matches half way through, when the stream is in its steady state.
 */
export function measureEngine<E extends object>(name: string, engine: CepEngine<E>, events: readonly E[]): { result: BenchResult; counts: OutputCounts } {
  const counts = noOutputs();
  const half = events.length >> 1;
  let liveMidway = 0;
  const result = measure(
    name,
    events.length,
    (i) => {
      countOutputs(engine.push(events[i]!), counts);
      if (i === half) liveMidway = engine.partialMatches;
    },
    () => {
      countOutputs(engine.flush(), counts);
      return `${describeCounts(counts)}; ${formatCount(liveMidway)} live partial matches midway`;
    },
  );
  return { result, counts };
}

/** A CepEngine fed events and brought up to date, for memory probes: every event is processed. */
export function settledEngine<E extends object>(engine: CepEngine<E>, events: readonly E[], lastTimestamp: number): CepEngine<E> {
  for (const event of events) engine.push(event);
  engine.advanceWatermark(lastTimestamp);
  return engine;
}
