// The checkpoint contract as a one-line property for your own engine setup: running a stream
// straight through gives exactly the outputs of running it with checkpoint → bytes → restore
// into a fresh engine at any cut points.
import fc from 'fast-check';
import { CepEngine } from '../runtime/engine.js';
import type { EngineOptions } from '../runtime/engine-options.js';
import type { EngineOutput } from '../runtime/outputs.js';
import { decodeCheckpoint, encodeCheckpointSync } from '../state/checkpoint-codec.js';
import type { RestoreOptions } from '../state/restore-plan.js';
import type { CheckpointData } from '../state/checkpoint.js';
import { snapshotToCheckpointSync } from '../state/snapshot.js';
import { assertPattern } from './counterexample-report.js';
import { formatOutputTable } from './event-table.js';
import { counted } from '../text/counted.js';
import { carryRowsThroughRestore, rowsOfRecords, type RecordRows } from './record-rows.js';
import { refuseUnreadableStream } from './run-pattern.js';

/** An engine setup: options, or a factory returning a fresh engine each call. */
export type EngineSetup<E extends object> = EngineOptions<E> | (() => CepEngine<E>);

/** Options of the restore checks. */
export interface RestoreCheckOptions {
  /** Most checkpoints taken in one run (default 3; at least one). */
  readonly maxCheckpoints?: number;
  /** Passed to `restore` (e.g. `{ dropUnknownPatterns: true }` when the setup changes patterns). */
  readonly restore?: RestoreOptions;
}

function freshEngine<E extends object>(setup: EngineSetup<E>): CepEngine<E> {
  return typeof setup === 'function' ? setup() : new CepEngine<E>(setup);
}

/** Takes a checkpoint of `engine`, encodes it to bytes, decodes them and restores them into a fresh engine. */
export function restartThroughBytes<E extends object>(engine: CepEngine<E>, setup: EngineSetup<E>, options: RestoreOptions = {}): CepEngine<E> {
  return restart(engine, setup, options).engine;
}

/** {@link restartThroughBytes}, also handing back the checkpoint taken and the one decoded from its bytes. */
function restart<E extends object>(engine: CepEngine<E>, setup: EngineSetup<E>, options: RestoreOptions): { engine: CepEngine<E>; saved: CheckpointData; restored: CheckpointData } {
  const saved = snapshotToCheckpointSync(engine.captureSnapshot());
  const restored = decodeCheckpoint(encodeCheckpointSync(saved));
  const restarted = freshEngine(setup);
  restarted.restore(restored, options);
  return { engine: restarted, saved, restored };
}

/**
 * Runs `records` through a fresh engine, restarting it through checkpoint bytes before the
 * records at each position of `cuts` (0 = before the first record; sorted, repeats allowed),
 * and flushes at the end. Returns every output, in order.
 */
export function runWithRestarts<E extends object>(setup: EngineSetup<E>, records: readonly unknown[], cuts: readonly number[], options: RestoreOptions = {}): EngineOutput<E>[] {
  return runTrackingRows(setup, records, cuts, options).outputs;
}

/**
 * {@link runWithRestarts}, also telling which row of `records` each event object in the outputs
 * stands for: after a restart the engine holds decoded copies, not the records pushed.
 */
function runTrackingRows<E extends object>(
  setup: EngineSetup<E>,
  records: readonly unknown[],
  cuts: readonly number[],
  options: RestoreOptions,
): { outputs: EngineOutput<E>[]; rows: RecordRows } {
  const outputs: EngineOutput<E>[] = [];
  // The engine takes each record whole: one shaped { event, timestamp } is not unwrapped here either.
  const rows = rowsOfRecords(records);
  let engine = freshEngine(setup);
  let position = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    for (; position < Math.min(cut, records.length); position++) outputs.push(...engine.push(records[position]));
    const restarted = restart(engine, setup, options);
    carryRowsThroughRestore(rows, restarted.saved, restarted.restored);
    engine = restarted.engine;
  }
  for (; position < records.length; position++) outputs.push(...engine.push(records[position]));
  outputs.push(...engine.flush());
  return { outputs, rows };
}

/** Outputs as a checkpoint carries them: plain JSON (what a restored engine's events are). */
const asJson = (outputs: readonly EngineOutput<unknown>[]): string[] => outputs.map((output) => JSON.stringify(output) ?? '');

/**
 * Compares an uninterrupted run with {@link runWithRestarts} at `cuts`: `null` when the outputs
 * are the same — every output, in order, ids included, events compared as JSON — else a report
 * with both output tables from the first difference.
 */
export function restoreMismatch<E extends object>(setup: EngineSetup<E>, records: readonly unknown[], cuts: readonly number[], options: RestoreOptions = {}): string | null {
  const engine = freshEngine(setup);
  const straight = [...records.flatMap((record) => engine.push(record)), ...engine.flush()];
  refuseUnreadableStream(records, straight);
  const { outputs: restarted, rows } = runTrackingRows(setup, records, cuts, options);
  const a = asJson(straight);
  const b = asJson(restarted);
  let first = 0;
  while (first < a.length && first < b.length && a[first] === b[first]) first++;
  if (first === a.length && first === b.length) return null;
  const sorted = [...cuts].sort((x, y) => x - y);
  return [
    `restarting through checkpoint bytes before record${sorted.length === 1 ? '' : 's'} ${sorted.map((cut) => `#${cut}`).join(', ')} changes the outputs from output ${first} on`,
    `(${counted(a.length, 'output')} uninterrupted, ${b.length} with restarts)`,
    '',
    'uninterrupted:',
    formatOutputTable(straight.slice(first), records, rowsOfRecords(records)),
    '',
    'with restarts:',
    formatOutputTable(restarted.slice(first), records, rows),
  ].join('\n');
}

/**
 * The property "restore at any cut equals an uninterrupted run": for any stream `records`
 * generates and 1…`maxCheckpoints` cut points, restarting through checkpoint bytes at the cuts
 * changes nothing (see {@link restoreMismatch}). Cuts are drawn as naturals and taken modulo
 * the stream length + 1; the failure report names the effective ones.
 */
export function restoreProperty<E extends object>(
  setup: EngineSetup<E>,
  records: fc.Arbitrary<readonly unknown[]>,
  options: RestoreCheckOptions = {},
): fc.IPropertyWithHooks<[readonly unknown[], number[]]> {
  const maxCheckpoints = Math.max(1, options.maxCheckpoints ?? 3);
  const cutDraws = fc
    .array(fc.nat({ max: 999 }), { minLength: 1, maxLength: maxCheckpoints })
    .map((draws) => Object.defineProperty(draws, fc.toStringMethod, { value: () => `cut draws ${JSON.stringify([...draws])} (each modulo the stream length + 1)` }));
  return fc.property(records, cutDraws, (stream, draws) => {
    const cuts = draws.map((draw) => draw % (stream.length + 1));
    const mismatch = restoreMismatch(setup, stream, cuts, options.restore);
    if (mismatch !== null) throw new Error(mismatch);
  });
}

/**
 * Asserts {@link restoreProperty} with readable counter-examples — one line in a test:
 *
 * @example
 * assertRestoreEqualsUninterrupted(engineOptionsOf(spamBurst, { keyBy: 'userId', timestamp: 'ts' }), comments);
 */
export function assertRestoreEqualsUninterrupted<E extends object>(
  setup: EngineSetup<E>,
  records: fc.Arbitrary<readonly unknown[]>,
  options: RestoreCheckOptions = {},
  params: fc.Parameters<[readonly unknown[], number[]]> = {},
): void {
  assertPattern(restoreProperty(setup, records, options), params);
}
