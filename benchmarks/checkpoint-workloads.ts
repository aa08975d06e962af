// Checkpoint cost at 10k / 100k / 1M live partial matches: the pause event processing sees while a
// checkpoint is taken, encoded size, encode and decode speed, and restore time.
import { CepEngine, decodeCheckpoint, encodeSnapshot, Pattern } from '../src/index.js';

interface Ev {
  ts: number;
  key: number;
  type: 'a' | 'b';
}

/** One row of the checkpoint table. */
export interface CheckpointResult {
  readonly partialMatches: number;
  readonly captureMs: number;
  readonly maxPauseMs: number;
  /** The longest pause in the half second after the checkpoint is done (the garbage collection its memory brings). */
  readonly maxPauseAfterMs: number;
  readonly bytes: number;
  readonly bytesPerPartialMatch: number;
  readonly encodeMBps: number;
  readonly decodeMs: number;
  readonly restoreMs: number;
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

/** How long event processing goes on being watched after a checkpoint is done. */
const SETTLE_MS = 500;

/** Builds `partialMatches` live partial matches (one per key), then measures a checkpoint. */
export async function checkpointCost(partialMatches: number): Promise<CheckpointResult> {
  const engine = makeEngine();
  for (let i = 0; i < partialMatches; i++) engine.push({ ts: i, key: i, type: 'a' });
  engine.advanceWatermark(partialMatches); // everything processed, nothing buffered
  if (engine.partialMatches !== partialMatches) throw new Error(`expected ${partialMatches} partial matches, got ${engine.partialMatches}`);

  // 1. The pause: capture, then keep processing events while conversion and encoding run. A full
  // collection first: the young generation still holds the state just built, and collecting it
  // (about 10 ms at a million keys, once) is a cost of building that state, not of the checkpoint.
  // The collection leaves hundreds of megabytes to sweep on other threads; the checkpoint waits
  // until that is done, as it would in a service whose last full collection is not a moment old.
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS));
  const t0 = performance.now();
  const snapshot = engine.captureSnapshot({ offset: 0 });
  const captureMs = performance.now() - t0;
  let done = false;
  let maxPauseMs = captureMs;
  let maxPauseAfterMs = 0;
  /** When the checkpoint was done: a gap that began before counts as during it. */
  let encodedAt = Infinity;
  let last = performance.now();
  let next = partialMatches;
  const processing = (async () => {
    while (!done) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const now = performance.now();
      if (last < encodedAt) maxPauseMs = Math.max(maxPauseMs, now - last);
      else maxPauseAfterMs = Math.max(maxPauseAfterMs, now - last);
      last = now;
      for (let i = 0; i < 50; i++, next++) engine.push({ ts: next, key: next % partialMatches, type: 'b' });
    }
  })();
  const bytes = await encodeSnapshot(snapshot);
  encodedAt = performance.now();
  // Keep processing for a while: V8 answers the checkpoint's memory with a marking of the heap,
  // which may run on past the checkpoint; its pauses are the checkpoint's cost too.
  await new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS));
  done = true;
  await processing;

  // 2. Encoding speed, measured in one go on a fresh engine state of the same size.
  const again = makeEngine();
  for (let i = 0; i < partialMatches; i++) again.push({ ts: i, key: i, type: 'a' });
  again.advanceWatermark(partialMatches);
  // As above: collecting the state just built is not part of encoding it.
  (globalThis as { gc?: () => void }).gc?.();
  const t1 = performance.now();
  const encoded = await encodeSnapshot(again.captureSnapshot(), { yieldEveryMs: Infinity });
  const encodeMs = performance.now() - t1;

  const t2 = performance.now();
  const data = decodeCheckpoint(encoded);
  const decodeMs = performance.now() - t2;
  const t3 = performance.now();
  makeEngine().restore(data);
  const restoreMs = performance.now() - t3;
  return {
    partialMatches,
    captureMs,
    maxPauseMs,
    maxPauseAfterMs,
    bytes: bytes.length,
    bytesPerPartialMatch: encoded.length / partialMatches,
    encodeMBps: encoded.length / 2 ** 20 / (encodeMs / 1000),
    decodeMs,
    restoreMs,
  };
}

/** Renders checkpoint results as a Markdown table. */
export function checkpointTable(results: readonly CheckpointResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.partialMatches.toLocaleString('en-US')} | ${r.captureMs.toFixed(2)} | ${r.maxPauseMs.toFixed(1)} | ${r.maxPauseAfterMs.toFixed(1)} | ${(r.bytes / 2 ** 20).toFixed(1)} | ${r.bytesPerPartialMatch.toFixed(0)} | ${r.encodeMBps.toFixed(0)} | ${r.decodeMs.toFixed(0)} | ${r.restoreMs.toFixed(0)} |`,
  );
  return [
    '| partial matches | capture ms | max pause ms (while encoding) | max pause ms (0.5 s after) | size MB | bytes / partial match | encode MB/s | decode ms | restore ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}
