// A captured engine state and its conversion to checkpoint data. Capturing is O(patterns) and
// happens between two records; the conversion walks every key later, off the hot path, reading
// the copy-on-write captures while the engine goes on.
import type { Nfa } from '../nfa/nfa.js';
import type { MatcherState } from '../nfa/step.js';
import type { PatternModel } from '../pattern/model.js';
import type { Key } from '../runtime/record-fields.js';
import type { CheckpointData, CheckpointTime, EngineStats } from './checkpoint.js';
import { columnsToData, snapshotColumns, type CheckpointColumns } from './checkpoint-columns.js';
import type { MapCapture } from './cow-map.js';

/** An engine's state at one instant between two records, cheap to take. */
export interface EngineSnapshot<E> {
  readonly createdAt: string;
  readonly position: unknown;
  readonly time: CheckpointTime;
  readonly stats: EngineStats;
  /** The reorder buffer; `line` is the input line an entry came from, `undefined` when not known. */
  readonly buffer: readonly { readonly timestamp: number; readonly arrival: number; readonly record: E; readonly line: number | undefined }[];
  readonly patterns: readonly {
    readonly name: string;
    readonly model: PatternModel<E>;
    /** Fingerprint of the pattern's key selector (see `keyFingerprint`). */
    readonly keyFingerprint: string;
    readonly nfa: Nfa<E>;
    readonly capture: MapCapture<Key, MatcherState<E>>;
  }[];
  readonly sinks: Readonly<Record<string, unknown>>;
}

/**
 * Milliseconds of work between two yields to the event loop. A slice can meet a garbage
 * collection pause, or wait for a CPU while V8 marks the heap on other threads, so the pause
 * event processing sees is the slice plus those: at a million keys on two cores, 3 ms keeps it
 * under 20 ms where 5 ms did not.
 */
export const SLICE_MS = 3;

/**
 * Runs a pausable conversion, yielding to the event loop whenever `budgetMs` has passed. The clock
 * is read every `checkEvery` steps: many for tiny steps (one key), 1 for large ones (a piece of text).
 * With a finite budget the first slice waits for the next turn too: the turn that took the capture
 * has done its own work already, and a slice on top of it would lengthen that turn's pause.
 */
export async function runSliced<T>(steps: Generator<void, T>, budgetMs = SLICE_MS, checkEvery = 64): Promise<T> {
  if (budgetMs !== Infinity) await new Promise<void>((resolve) => setImmediate(resolve));
  let sliceStart = performance.now();
  for (let count = 1; ; count++) {
    const next = steps.next();
    if (next.done === true) return next.value;
    if (count % checkEvery === 0 && performance.now() - sliceStart >= budgetMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
  }
}

/** Runs a pausable conversion in one go. */
export function runAtOnce<T>(steps: Generator<void, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}

/** Keys converted per step, and steps between two readings of the clock (64 keys). */
const KEYS_PER_STEP = 16;
const STEPS_PER_CLOCK_READ = 4;

/** Snapshot → columns, off the hot path; releases the snapshot's captures when done. */
export function snapshotToColumns<E>(snapshot: EngineSnapshot<E>, options: { yieldEveryMs?: number } = {}): Promise<CheckpointColumns> {
  return runSliced(snapshotColumns(snapshot, KEYS_PER_STEP), options.yieldEveryMs, STEPS_PER_CLOCK_READ);
}

/** Converts a snapshot to decoded checkpoint data (for inspection and tests), releasing its captures. */
export async function snapshotToCheckpoint<E>(snapshot: EngineSnapshot<E>, options: { yieldEveryMs?: number } = {}): Promise<CheckpointData> {
  return columnsToData(await snapshotToColumns(snapshot, options));
}

/** Converts a snapshot to checkpoint data in one go. */
export function snapshotToCheckpointSync<E>(snapshot: EngineSnapshot<E>): CheckpointData {
  return columnsToData(runAtOnce(snapshotColumns(snapshot)));
}
