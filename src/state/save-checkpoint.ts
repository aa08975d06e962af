// Taking a checkpoint on demand (a savepoint) or on a schedule: capture now, encode and store later.
import type { CepEngine } from '../runtime/engine.js';
import { encodeSnapshot } from './checkpoint-codec.js';
import type { CheckpointStore, StoredCheckpoint } from './checkpoint-store.js';

/** What a stored checkpoint cost. */
export interface SavedCheckpoint {
  readonly checkpoint: StoredCheckpoint;
  readonly bytes: number;
}

/**
 * Captures the engine's state right now (between two records: call it from the code that feeds
 * the engine) and returns a promise that settles once the checkpoint is encoded and stored. The
 * engine may go on processing meanwhile; what is stored is the state at the call.
 *
 * @param position where the source resumes after the last record pushed (e.g. a byte offset)
 * @param sinks committed positions of output sinks, restored with the checkpoint
 */
export function saveCheckpoint<E extends object>(
  engine: CepEngine<E>,
  store: CheckpointStore,
  position: unknown = null,
  sinks: Readonly<Record<string, unknown>> = {},
): Promise<SavedCheckpoint> {
  const snapshot = engine.captureSnapshot(position, sinks);
  return encodeSnapshot(snapshot).then(async (bytes) => ({
    // Writing a large checkpoint can take longer than encoding it: off the event loop if the store can.
    checkpoint: store.saveAsync === undefined ? store.save(bytes) : await store.saveAsync(bytes),
    bytes: bytes.length,
  }));
}
