// Checkpoint cost at 10k / 100k / 1M live partial matches: the pause event processing sees while a
// checkpoint is taken, encoded size, encode and decode speed, and restore time.
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CepEngine, decodeCheckpoint, encodeSnapshot, FileCheckpointStore, Pattern, saveCheckpoint } from '../src/index.js';
import { medianBy } from './harness.js';

interface Ev {
  ts: number;
  key: number;
  type: 'a' | 'b';
}

/** One row of the checkpoint table. */
export interface CheckpointResult {
  readonly partialMatches: number;
  /**
   * The longest pause the same event loop sees with no checkpoint at all, watched until V8 has
   * made a full collection of the heap (or for {@link BASELINE_MAX_MS}): the floor set by the
   * engine's own garbage collection over this much state.
   */
  readonly baselinePauseMs: number;
  /** Full (mark-compact) collections seen while the floor was watched. */
  readonly baselineFullCollections: number;
  /** How long the floor was watched, ms. */
  readonly baselineMs: number;
  readonly captureMs: number;
  readonly maxPauseMs: number;
  /** The longest pause in the half second after the checkpoint is done (the garbage collection its memory brings). */
  readonly maxPauseAfterMs: number;
  readonly bytes: number;
  readonly bytesPerPartialMatch: number;
  readonly encodeMBps: number;
  readonly decodeMs: number;
  readonly restoreMs: number;
  /**
   * When the size ran several rounds (see {@link medianCheckpointRound}): each round's pauses and
   * floor, in the order run; the other figures are the median round's.
   */
  readonly rounds?: readonly CheckpointRound[];
}

/** One round's pauses: while the checkpoint is taken, in the half second after, and the floor. */
export interface CheckpointRound {
  readonly pauseMs: number;
  readonly pauseAfterMs: number;
  readonly floorMs: number;
}

/** The pause the target is checked on: the larger of the two checkpoint columns. */
export function checkpointPause(result: CheckpointResult): number {
  return Math.max(result.maxPauseMs, result.maxPauseAfterMs);
}

/**
 * The round of median pause, with every round's pauses as `rounds`. One run's pause is at the
 * mercy of the host: a stall of the virtual machine (the floor, with no checkpoint, has read
 * 10–135 ms at a million keys) lands in the checkpoint's columns as often as in the floor's.
 */
export function medianCheckpointRound(results: readonly CheckpointResult[]): CheckpointResult {
  const middle = medianBy(results, checkpointPause);
  if (results.length === 1) return middle;
  return { ...middle, rounds: results.map((r) => ({ pauseMs: r.maxPauseMs, pauseAfterMs: r.maxPauseAfterMs, floorMs: r.baselinePauseMs })) };
}

function makeEngine(): CepEngine<Ev> {
  return new CepEngine<Ev>({
    patterns: [
      {
        name: 'a-then-b',
        keyBy: 'key',
        pattern: Pattern.begin<Ev>('a').where((e) => e.type === 'a').followedBy('b').where((e) => e.type === 'b').within('1h'),
      },
    ],
    time: { mode: 'event', timestamp: 'ts' },
  });
}

/** An engine holding `partialMatches` live partial matches, one per key: everything processed, nothing buffered. */
function engineHolding(partialMatches: number): CepEngine<Ev> {
  const engine = makeEngine();
  for (let i = 0; i < partialMatches; i++) engine.push({ ts: i, key: i, type: 'a' });
  engine.advanceWatermark(partialMatches);
  return engine;
}

/** Encodings timed for the encode speed (the median is reported). */
const ENCODE_RUNS = 3;

/** How long event processing goes on being watched after a checkpoint is done. */
const SETTLE_MS = 500;
/** How long event processing is watched with no checkpoint, for the floor, at least. */
const BASELINE_MS = 1000;
/**
 * How long the floor is watched at most while waiting for a full collection. A full collection
 * of a large heap pauses processing longer than anything else the engine does; a floor watched
 * for a fixed second missed it on most runs at a million keys (they come every few seconds there)
 * and set the checkpoint against a floor the engine does not keep.
 */
const BASELINE_MAX_MS = 15_000;
/** How long event processing runs before the floor is measured. */
const WARM_UP_MS = 1000;

/** Builds `partialMatches` live partial matches (one per key), then measures a checkpoint. */
export async function checkpointCost(partialMatches: number): Promise<CheckpointResult> {
  const engine = engineHolding(partialMatches);
  if (engine.partialMatches !== partialMatches) throw new Error(`expected ${partialMatches} partial matches, got ${engine.partialMatches}`);

  // 1. The pause. A full collection first: the young generation still holds the state just built,
  // and collecting it (about 10 ms at a million keys, once) is a cost of building that state, not
  // of the checkpoint. It leaves hundreds of megabytes to sweep on other threads, so wait for
  // that too, as a service whose last full collection is not a moment old would not see it.
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS));
  const loop = new ProcessingLoop(engine, partialMatches);
  // Processing runs a while before anything is measured: its first keys replaced make the key
  // map grow once (a rehash of every key, tens of milliseconds at a million), which a service
  // that has been running has long been through.
  await new Promise<void>((resolve) => setTimeout(resolve, WARM_UP_MS));
  loop.takeMaxPause();
  // The floor: the same processing with no checkpoint, until the engine's own full collection.
  const baselineStart = performance.now();
  const baselineFullCollections = await watchFullCollections(BASELINE_MS, BASELINE_MAX_MS);
  const baselineMs = performance.now() - baselineStart;
  const baselinePauseMs = loop.takeMaxPause();
  // The checkpoint as a service takes one: captured, encoded and written to a file store.
  const directory = mkdtempSync(join(tmpdir(), 'cepheus-checkpoint-bench-'));
  let bytes: number;
  let captureMs: number;
  let maxPauseMs: number;
  let maxPauseAfterMs: number;
  try {
    const store = new FileCheckpointStore(directory);
    const t0 = performance.now();
    const saving = saveCheckpoint(engine, store, { offset: 0 });
    captureMs = performance.now() - t0;
    loop.takeMaxPause(); // the gap around the capture counts below, through captureMs
    bytes = (await saving).bytes;
    maxPauseMs = Math.max(captureMs, loop.takeMaxPause());
    // Keep processing for a while: V8 answers the checkpoint's memory with a marking of the heap,
    // which may run on past the checkpoint; its pauses are the checkpoint's cost too.
    await new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS));
    maxPauseAfterMs = loop.takeMaxPause();
    await loop.stop();
  } finally {
    // Only now: deleting a file this large blocks the event loop, which is not the checkpoint's doing.
    rmSync(directory, { recursive: true, force: true });
  }

  // 2. Encoding speed, measured in one go on a fresh engine state of the same size: the median
  // of ENCODE_RUNS encodings (on this shared host one run alone varied by a third from run to run).
  const again = engineHolding(partialMatches);
  const encodeTimes: number[] = [];
  let encoded: Buffer = Buffer.alloc(0);
  for (let run = 0; run < ENCODE_RUNS; run++) {
    // As above: collecting the state just built (or the last encoding) is not part of encoding it.
    (globalThis as { gc?: () => void }).gc?.();
    const t1 = performance.now();
    encoded = await encodeSnapshot(again.captureSnapshot(), { yieldEveryMs: Infinity });
    encodeTimes.push(performance.now() - t1);
  }
  const encodeMs = encodeTimes.sort((a, b) => a - b)[Math.floor(ENCODE_RUNS / 2)]!;

  const t2 = performance.now();
  const data = decodeCheckpoint(encoded);
  const decodeMs = performance.now() - t2;
  const t3 = performance.now();
  makeEngine().restore(data);
  const restoreMs = performance.now() - t3;
  return {
    partialMatches,
    baselinePauseMs,
    baselineFullCollections,
    baselineMs,
    captureMs,
    maxPauseMs,
    maxPauseAfterMs,
    bytes,
    bytesPerPartialMatch: encoded.length / partialMatches,
    encodeMBps: encoded.length / 2 ** 20 / (encodeMs / 1000),
    decodeMs,
    restoreMs,
  };
}

/**
 * Waits `minMs`, then on until V8 has finished a full (mark-compact) collection or `maxMs` have
 * passed in all; returns how many full collections finished meanwhile. Their pauses are seen by
 * the processing loop, which keeps running on the same event loop.
 */
async function watchFullCollections(minMs: number, maxMs: number): Promise<number> {
  let full = 0;
  let wake: (() => void) | null = null;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++;
    }
    if (full > 0) wake?.();
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    await new Promise<void>((resolve) => setTimeout(resolve, minMs));
    if (full === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxMs - minMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      // The loop's next turn, just after the collection, ends the pause it caused.
      await new Promise<void>((resolve) => setTimeout(resolve, 50));
    }
    return full;
  } finally {
    observer.disconnect();
  }
}

/**
 * Event processing in an event loop: every turn, 25 keys each complete their partial match and
 * start a new one (50 events), so the number of live partial matches stays the same however long
 * it runs. Time moves one millisecond per turn: no window expires. Records the longest gap between
 * two turns.
 */
class ProcessingLoop {
  private maxPause = 0;
  private done = false;
  private readonly running: Promise<void>;

  constructor(engine: CepEngine<Ev>, keys: number) {
    this.running = (async () => {
      let ts = keys;
      let key = 0;
      let last = performance.now();
      while (!this.done) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        const now = performance.now();
        this.maxPause = Math.max(this.maxPause, now - last);
        last = now;
        ts++;
        for (let i = 0; i < 25; i++, key = (key + 1) % keys) {
          engine.push({ ts, key, type: 'b' });
          engine.push({ ts, key, type: 'a' });
        }
      }
    })();
  }

  /** The longest gap since the last call (a gap in progress counts for the next). */
  takeMaxPause(): number {
    const max = this.maxPause;
    this.maxPause = 0;
    return max;
  }

  stop(): Promise<void> {
    this.done = true;
    return this.running;
  }
}

/** Renders checkpoint results as a Markdown table. */
export function checkpointTable(results: readonly CheckpointResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.partialMatches.toLocaleString('en-US')} | ${r.baselinePauseMs.toFixed(1)} | ${(r.baselineMs / 1000).toFixed(1)} s, ${r.baselineFullCollections} | ${r.captureMs.toFixed(2)} | ${r.maxPauseMs.toFixed(1)} | ${r.maxPauseAfterMs.toFixed(1)} | ${(r.bytes / 2 ** 20).toFixed(1)} | ${r.bytesPerPartialMatch.toFixed(0)} | ${r.encodeMBps.toFixed(0)} | ${r.decodeMs.toFixed(0)} | ${r.restoreMs.toFixed(0)} |`,
  );
  return [
    '| partial matches | max pause ms, no checkpoint | watched, full GCs seen | capture ms | max pause ms (while encoding and writing) | max pause ms (0.5 s after) | size MB | bytes / partial match | encode MB/s | decode ms | restore ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    ...results.flatMap((r) =>
      r.rounds === undefined
        ? []
        : [
            '',
            `At ${r.partialMatches.toLocaleString('en-US')}: the round of median pause of ${r.rounds.length}; every round (pause while encoding and writing / 0.5 s after / no checkpoint, ms, in the order run): ` +
              r.rounds.map((round) => `${round.pauseMs.toFixed(1)} / ${round.pauseAfterMs.toFixed(1)} / ${round.floorMs.toFixed(1)}`).join('; ') +
              '.',
          ],
    ),
  ].join('\n');
}
