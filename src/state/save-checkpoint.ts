// Taking a checkpoint on demand (a savepoint) or on a schedule: capture now, encode and store later.
import type { CepEngine } from '../runtime/engine.js';
import { encodeSnapshot, encodeSnapshotAsText } from './checkpoint-codec.js';
import type { EncodedCheckpoint } from './encoded-checkpoint.js';
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
  const { saveEncoded } = store;
  return saveEncoded === undefined ? saveBytes(encodeSnapshot(snapshot), store) : saveText(encodeSnapshotAsText(snapshot), saveEncoded.bind(store));
}

async function saveText(encoding: Promise<EncodedCheckpoint>, save: (checkpoint: EncodedCheckpoint) => Promise<StoredCheckpoint>): Promise<SavedCheckpoint> {
  const encoded = await encoding;
  // The byte length is known before the pieces are written (and let go).
  const bytes = encoded.byteLength;
  return { checkpoint: await save(encoded), bytes };
}

async function saveBytes(encoding: Promise<Buffer>, store: CheckpointStore): Promise<SavedCheckpoint> {
  const bytes = await encoding;
  // Writing a large checkpoint can take longer than encoding it: off the event loop if the store can.
  return { checkpoint: store.saveAsync === undefined ? store.save(bytes) : await store.saveAsync(bytes), bytes: bytes.length };
}
