// What one benchmark job (run in its own process, see run-job.ts) hands back to the suite runner.
import type { BenchResult } from './harness.js';
import type { CheckpointResult } from './checkpoint-workloads.js';
import type { HeapShare } from './heap-breakdown.js';

/** How big a job runs and what it includes. */
export interface JobContext {
  /** Small sizes for the smoke run (`--quick`). */
  readonly quick: boolean;
  /** Only the engine rows, no baselines, ceilings or memory probes (used under `--cpu-prof`). */
  readonly engineOnly: boolean;
}

/** An assertion made during a job, e.g. that the engine and the hand-written detector agree. */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** One point of a scaling curve. */
export interface ScalingPoint {
  readonly curve: 'keys' | 'window' | 'length';
  readonly x: number;
  readonly label: string;
  readonly events: number;
  readonly eventsPerSecond: number;
  /** Heap held by the engine with its live state, after a full GC, before the final flush. */
  readonly stateMb: number;
  readonly livePartialMatches: number;
  readonly peakRssMb: number;
}

/** Everything a job measured. */
export interface JobOutput {
  readonly rows: BenchResult[];
  readonly checks: Check[];
  readonly points?: ScalingPoint[];
  readonly checkpoints?: CheckpointResult[];
  /** What a live partial match is made of (heap snapshot diff), for `heap:<id>` jobs. */
  readonly heap?: { readonly live: number; readonly shares: HeapShare[] };
  /** Why the job did not run (e.g. an optional workload file is missing). */
  readonly skipped?: string;
}

/** A check that two counts are equal. */
export function sameCount(name: string, expected: number, actual: number): Check {
  return { name, ok: expected === actual, detail: expected === actual ? `${actual} = ${expected}` : `${actual} ≠ ${expected}` };
}

/** Returns a copy of a result with its id and (when measured) bytes per live partial match. */
export function tagged(result: BenchResult, id: string, bytesPerPartialMatch?: number): BenchResult {
  return bytesPerPartialMatch === undefined ? { ...result, id } : { ...result, id, bytesPerPartialMatch };
}
