// The benchmark targets (throughput, ratios, memory; checkpoint pause and encoding speed), checked
// against the measured rows. A missed target names the job to profile (CPU) or the probe to break
// down (heap) so the report can say where the time goes.
import type { BenchResult } from './harness.js';
import { formatCount, median, pairedRatios } from './harness.js';
import { checkpointPause, type CheckpointResult } from './checkpoint-workloads.js';

/** One target and how this run did against it. */
export interface TargetOutcome {
  readonly target: string;
  readonly goal: string;
  readonly measured: string;
  /** `null` when the row it needs was not measured (e.g. `--only`). */
  readonly met: boolean | null;
  /** Job to run under `--cpu-prof` when missed. */
  readonly profileJob?: string;
  /** Memory probe to break down by heap snapshot when missed (`heap:<id>` job). */
  readonly heapProbe?: string;
}

/**
 * How many times longer the engine takes than the hand-written detector. Rounds run side by side
 * give a ratio per pair, and the ratio is their median: the engine's and the detector's median
 * rounds may come from different minutes of the host.
 */
export function handWrittenRatio(engine: BenchResult, hand: BenchResult): number {
  const pairs = pairedRatios(engine, hand);
  return pairs === null ? hand.eventsPerSecond / engine.eventsPerSecond : median(pairs);
}

/** `; median of N rounds, lowest–highest`, for a figure measured in several rounds. */
function roundsNote(rounds: readonly number[] | undefined, show: (value: number) => string): string {
  if (rounds === undefined || rounds.length < 2) return '';
  return ` (median of ${rounds.length} rounds; ${show(Math.min(...rounds))}–${show(Math.max(...rounds))})`;
}

const BYTES_PER_PARTIAL_MATCH = 300;
/** The checkpoint targets hold at this many live partial matches. */
const CHECKPOINT_SIZE = 1_000_000;
const CHECKPOINT_MAX_PAUSE_MS = 20;
const CHECKPOINT_MIN_ENCODE_MBPS = 50;

/** Evaluates every target against `rows` and the checkpoint measurements. */
export function evaluateTargets(rows: readonly BenchResult[], checkpoints: readonly CheckpointResult[] = []): TargetOutcome[] {
  const byId = new Map(rows.filter((row) => row.id !== undefined).map((row) => [row.id!, row]));
  const outcomes: TargetOutcome[] = [];
  const throughput = (id: string, target: string, minimum: number, profileJob: string): void => {
    const row = byId.get(id);
    outcomes.push({
      target,
      goal: `≥ ${formatCount(minimum)} events/s`,
      measured: row === undefined ? 'not run' : `${formatCount(row.eventsPerSecond)} events/s${roundsNote(row.rounds, (value) => formatCount(value))}`,
      met: row === undefined ? null : row.eventsPerSecond >= minimum,
      profileJob,
    });
  };
  const ratio = (id: string, target: string, profileJob: string): void => {
    const engine = byId.get(id);
    const hand = byId.get(`${id}/hand-written`);
    const pairs = pairedRatios(engine, hand);
    const value = engine === undefined || hand === undefined ? null : handWrittenRatio(engine, hand);
    outcomes.push({
      target,
      goal: '≤ 2.0× the hand-written time',
      measured:
        value === null
          ? 'not run'
          : `${value.toFixed(1)}× (${formatCount(engine!.eventsPerSecond)} vs ${formatCount(hand!.eventsPerSecond)} events/s)${roundsNote(pairs ?? undefined, (r) => `${r.toFixed(1)}×`)}`,
      met: value === null ? null : value <= 2,
      profileJob,
    });
  };

  throughput('W1', 'W1 unpaid orders throughput', 2_000_000, 'W1');
  throughput('W2-relaxed', 'W2 spam burst (relaxed) throughput', 1_000_000, 'W2');
  throughput('W3-relaxed', 'W3 Kleene a b+ c (relaxed) throughput', 1_000_000, 'W3');
  ratio('W1', 'W1 engine vs hand-written detector', 'W1');
  ratio('W2-relaxed', 'W2 relaxed engine vs hand-written detector', 'W2');
  ratio('W2-consecutive', 'W2 consecutive engine vs hand-written detector', 'W2');
  for (const row of rows) {
    if (row.id === undefined || row.bytesPerPartialMatch === undefined || row.id.includes('/')) continue;
    const bytes = row.bytesPerPartialMatch;
    outcomes.push({
      target: `${row.id} memory per live partial match`,
      goal: `≤ ${BYTES_PER_PARTIAL_MATCH} bytes`,
      measured: Number.isNaN(bytes) ? 'not measured (run with --expose-gc)' : `${bytes.toFixed(0)} bytes`,
      met: Number.isNaN(bytes) ? null : bytes <= BYTES_PER_PARTIAL_MATCH,
      heapProbe: row.id,
    });
  }
  throughput('W7', 'W7 end to end from a file, no checkpoints', 300_000, 'W7');
  throughput('W7-checkpoints', 'W7 end to end from a file, with checkpoints', 300_000, 'W7');

  const checkpoint = checkpoints.find((result) => result.partialMatches === CHECKPOINT_SIZE);
  const pause = checkpoint === undefined ? null : checkpointPause(checkpoint);
  const pauseRounds = checkpoint?.rounds === undefined ? '' : `; median of ${checkpoint.rounds.length} rounds: ${checkpoint.rounds.map((r) => Math.max(r.pauseMs, r.pauseAfterMs).toFixed(1)).join(', ')} ms`;
  outcomes.push({
    target: `Checkpoint pause at ${formatCount(CHECKPOINT_SIZE)} live partial matches`,
    goal: `< ${CHECKPOINT_MAX_PAUSE_MS} ms`,
    measured:
      pause === null
        ? 'not run'
        : `${pause.toFixed(1)} ms (no checkpoint: ${checkpoint!.baselinePauseMs.toFixed(1)} ms, ${checkpoint!.baselineFullCollections} full GC in ${(checkpoint!.baselineMs / 1000).toFixed(1)} s${pauseRounds})`,
    met: pause === null ? null : pause < CHECKPOINT_MAX_PAUSE_MS,
  });
  outcomes.push({
    target: `Checkpoint encoding at ${formatCount(CHECKPOINT_SIZE)} live partial matches`,
    goal: `≥ ${CHECKPOINT_MIN_ENCODE_MBPS} MB/s`,
    measured: checkpoint === undefined ? 'not run' : `${checkpoint.encodeMBps.toFixed(0)} MB/s`,
    met: checkpoint === undefined ? null : checkpoint.encodeMBps >= CHECKPOINT_MIN_ENCODE_MBPS,
  });
  return outcomes;
}
