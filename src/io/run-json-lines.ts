// Runs an engine over JSON Lines input with periodic checkpoints, resuming from the latest one:
// the source position, the engine state and the output files' committed lengths move together,
// so a run that crashes and restarts writes exactly what an uninterrupted run writes.
import type { CepEngine } from '../runtime/engine.js';
import type { EngineOutput } from '../runtime/outputs.js';
import type { CheckpointError } from '../state/checkpoint.js';
import type { CheckpointStore, StoredCheckpoint } from '../state/checkpoint-store.js';
import type { DroppedState, RestoreOptions } from '../state/restore-plan.js';
import { saveCheckpoint } from '../state/save-checkpoint.js';
import type { OutputSink } from './jsonl-sink.js';
import { readJsonLinesBatches, splitJsonLinesBatches, type JsonLinesItem, type JsonLinesPosition } from './jsonl-source.js';

/** When to take checkpoints: after every `records` input lines and/or every `ms` milliseconds. */
export interface CheckpointPolicy {
  readonly records?: number;
  readonly ms?: number;
}

/** A job: an engine, its input, where outputs go, and how state is kept. */
export interface JsonLinesJob<E extends object> {
  readonly engine: CepEngine<E>;
  /** A file path (resumable), or a byte stream such as stdin (not resumable). */
  readonly input: string | AsyncIterable<Uint8Array | string>;
  readonly output: OutputSink<EngineOutput<E>>;
  readonly store?: CheckpointStore;
  readonly every?: CheckpointPolicy;
  /** Resume from the newest valid checkpoint in the store, if any. */
  readonly restore?: boolean;
  readonly restoreOptions?: RestoreOptions;
  /** Stops reading: a checkpoint is taken at the current position and the run ends without flushing. */
  readonly signal?: AbortSignal;
  /** Told about damaged checkpoints skipped on restore, and each checkpoint taken. */
  readonly onEvent?: (event: JobEvent) => void;
  /** Told after each input line (for progress bars): the byte offset reached. */
  readonly onProgress?: (position: JsonLinesPosition) => void;
  /**
   * While the input is quiet, consult the engine's clock this often (idle timeout, processing
   * time) so that windows still close; default: never.
   */
  readonly tickMs?: number;
}

/** Things a job reports while it runs. */
export type JobEvent =
  | {
      readonly kind: 'restored';
      readonly checkpoint: StoredCheckpoint;
      readonly position: JsonLinesPosition;
      /** State the restore dropped, as `restoreOptions` allowed (empty when it dropped nothing). */
      readonly dropped: readonly DroppedState[];
      /**
       * The checkpoint was taken after the end of the input was processed: time stands at +∞,
       * so every event read after it is late.
       */
      readonly flushed: boolean;
    }
  | { readonly kind: 'skipped-checkpoint'; readonly checkpoint: StoredCheckpoint; readonly error: CheckpointError }
  /**
   * A restore was asked for and the store holds no usable checkpoint (`damaged` of those it holds
   * were skipped; none at all on a first start): the job starts from the beginning.
   */
  | { readonly kind: 'nothing-to-restore'; readonly damaged: number }
  | { readonly kind: 'checkpoint'; readonly checkpoint: StoredCheckpoint; readonly position: JsonLinesPosition; readonly bytes: number };

/** How a job ended. */
export interface JobResult {
  /** `completed` at end of input (flushed); `stopped` when the signal aborted it (checkpointed, not flushed). */
  readonly outcome: 'completed' | 'stopped';
  readonly position: JsonLinesPosition;
  readonly checkpoints: number;
}

/**
 * Runs a job to the end of its input (or until its signal aborts). Every record is pushed with its
 * line number, so the outputs about a record (errors, late events) carry the `line` it was read
 * from, also after a restore.
 */
export async function runJsonLines<E extends object>(job: JsonLinesJob<E>): Promise<JobResult> {
  const { engine, output, store } = job;
  let position: JsonLinesPosition = { offset: 0, line: 1 };
  let restored = false;
  if (job.restore === true && store !== undefined) {
    let damaged = 0;
    const latest = store.latest((checkpoint, error) => {
      damaged++;
      job.onEvent?.({ kind: 'skipped-checkpoint', checkpoint, error });
    });
    if (latest !== null) {
      const dropped = engine.restore(latest.data, job.restoreOptions);
      position = (latest.data.position as JsonLinesPosition | null) ?? position;
      const committed = (latest.data.sinks as { output?: unknown }).output;
      if (committed !== undefined) output.rollback(committed);
      job.onEvent?.({ kind: 'restored', checkpoint: latest.checkpoint, position, dropped, flushed: latest.data.time.flushed });
      restored = true;
    } else {
      // Asked to resume but nothing to resume from: start over, outputs of earlier runs included.
      output.rollback(null);
      job.onEvent?.({ kind: 'nothing-to-restore', damaged });
    }
  }
  if (typeof job.input !== 'string' && position.offset > 0) {
    throw new RangeError('cannot resume a stream input from a checkpoint: only files can be read from a byte offset');
  }
  const batches: AsyncIterable<JsonLinesItem[]> = typeof job.input === 'string' ? readJsonLinesBatches(job.input, position) : splitJsonLinesBatches(job.input, position);
  const write = (outputs: readonly EngineOutput<E>[]): void => {
    for (const out of outputs) output.write(out);
  };

  let inflight: Promise<void> | null = null;
  let checkpoints = 0;
  let sinceCheckpoint = 0;
  let lastCheckpointAt = Date.now();
  const checkpoint = (at: JsonLinesPosition): Promise<void> => {
    // Capture now, between two records, with the outputs so far made durable; encode and store
    // off the hot path.
    const saving = saveCheckpoint(engine, store!, at, { output: output.commit() });
    sinceCheckpoint = 0;
    lastCheckpointAt = Date.now();
    return saving.then(({ checkpoint: saved, bytes }) => {
      checkpoints++;
      job.onEvent?.({ kind: 'checkpoint', checkpoint: saved, position: at, bytes });
    });
  };
  const due = (): boolean =>
    store !== undefined &&
    ((job.every?.records !== undefined && sinceCheckpoint >= job.every.records) || (job.every?.ms !== undefined && Date.now() - lastCheckpointAt >= job.every.ms));

  // A first checkpoint before any record, so that a job killed before its first periodic
  // checkpoint restarts with its outputs cut back to where they began, not duplicated.
  if (store !== undefined && !restored) await checkpoint(position);

  // Lines come a chunk at a time (one await per chunk, not per line); each is still its own step.
  reading: for await (const batch of withTicks(batches, job.tickMs, () => write(engine.tick()))) {
    for (const item of batch) {
      // Each record goes in with its line: every output about it names the line (see `EngineError.line`).
      write(item.kind === 'record' ? engine.push(item.value, item.line) : engine.rejectInput(item.text, item.reason, item.line));
      position = item.next;
      sinceCheckpoint++;
      job.onProgress?.(position);
      if ((sinceCheckpoint & 255) === 0) await output.drain?.();
      if (due()) {
        // One checkpoint at a time: if the last is still being written, wait for it (lines of a
        // batch come without a pause in which it could finish).
        if (inflight !== null) await inflight;
        inflight = checkpoint(position).finally(() => {
          inflight = null;
        });
      }
      if (job.signal?.aborted === true) break reading;
    }
  }
  if (inflight !== null) await inflight;
  if (job.signal?.aborted === true) {
    if (store !== undefined) await checkpoint(position);
    else output.commit();
    return { outcome: 'stopped', position, checkpoints };
  }
  write(engine.flush());
  if (store !== undefined) await checkpoint(position);
  else output.commit();
  return { outcome: 'completed', position, checkpoints };
}

/** Passes items through; while none arrives for `tickMs`, calls `tick` (and again every `tickMs`). */
async function* withTicks<T>(items: AsyncIterable<T>, tickMs: number | undefined, tick: () => void): AsyncGenerator<T> {
  if (tickMs === undefined) {
    yield* items;
    return;
  }
  const iterator = items[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<T>> | null = null;
  try {
    for (;;) {
      next ??= iterator.next();
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([next, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), tickMs)))]);
      clearTimeout(timer);
      if (result === null) {
        tick();
        continue;
      }
      next = null;
      if (result.done === true) return;
      yield result.value;
    }
  } finally {
    if (next !== null) await iterator.return?.();
  }
}
