// Finding and writing checkpoints named on the command line: a file, or a directory of them.
import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { CheckpointError, type CheckpointData } from '../state/checkpoint.js';
import { decodeCheckpoint, encodeCheckpointSync } from '../state/checkpoint-codec.js';
import { FileCheckpointStore } from '../state/checkpoint-store.js';
import { readFileSync } from 'node:fs';
import { CliError } from './exit-codes.js';

/** A checkpoint read from the command line, and where an edited version goes by default. */
export interface LoadedCheckpoint {
  readonly data: CheckpointData;
  /** The file it was read from. */
  readonly location: string;
  /** The store, when a directory was named (edits are saved as its newest checkpoint). */
  readonly store: FileCheckpointStore | null;
}

/**
 * How many checkpoints an edit keeps in the directory: all of them. An edit adds the edited
 * checkpoint as the newest and leaves the others as they were; the next `run` with checkpoints
 * prunes to its own --keep-checkpoints.
 */
const KEEP_ALL = Number.MAX_SAFE_INTEGER;

/** Reads `path`: a checkpoint file, or a directory whose newest valid checkpoint is taken. */
export function loadCheckpoint(path: string, warn: (message: string) => void): LoadedCheckpoint {
  if (!existsSync(path)) throw new CliError(`${path}: no such file or directory`);
  try {
    if (statSync(path).isDirectory()) {
      const store = new FileCheckpointStore(path, KEEP_ALL);
      const latest = store.latest((checkpoint, error) => warn(`skipping damaged checkpoint: ${error.message}`));
      if (latest === null) throw new CliError(`${path}: no valid checkpoint in this directory`);
      return { data: latest.data, location: latest.checkpoint.location, store };
    }
    return { data: decodeCheckpoint(readFileSync(path), path), location: path, store: null };
  } catch (error) {
    if (error instanceof CheckpointError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * Writes an edited checkpoint: to `output` if given (atomically), else as the newest checkpoint of
 * the directory it came from. Returns where it went.
 */
export function saveEdited(loaded: LoadedCheckpoint, data: CheckpointData, output: string | undefined): string {
  const bytes = encodeCheckpointSync(data);
  if (output !== undefined) {
    const temporary = `${output}.${process.pid}.tmp`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, output);
    return output;
  }
  if (loaded.store === null) {
    throw new CliError(`${loaded.location} is a single file: name where the edited checkpoint goes with --output <file>`);
  }
  return loaded.store.save(bytes).location;
}
