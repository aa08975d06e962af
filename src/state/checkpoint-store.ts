// Where encoded checkpoints are kept: in memory (default) or as files written atomically.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CheckpointError } from './checkpoint.js';
import { decodeCheckpoint } from './checkpoint-codec.js';
import type { CheckpointData } from './checkpoint.js';

/** A stored checkpoint: an increasing number and where it lives. */
export interface StoredCheckpoint {
  readonly id: number;
  readonly location: string;
}

/** Keeps encoded checkpoints; the newest valid one is what a restart resumes from. */
export interface CheckpointStore {
  /** Stores a complete encoded checkpoint; it becomes visible only once fully written. */
  save(bytes: Uint8Array): StoredCheckpoint;
  /** Stored checkpoints, oldest first. */
  list(): StoredCheckpoint[];
  /** The bytes of one checkpoint. */
  read(checkpoint: StoredCheckpoint): Uint8Array;
  /**
   * The newest checkpoint that decodes and verifies, skipping (and reporting through `onSkip`)
   * damaged ones; `null` if there is none.
   */
  latest(onSkip?: (checkpoint: StoredCheckpoint, error: CheckpointError) => void): { checkpoint: StoredCheckpoint; data: CheckpointData } | null;
}

/** The newest checkpoint of a store that verifies, or null. */
function newestValid(store: CheckpointStore, onSkip?: (checkpoint: StoredCheckpoint, error: CheckpointError) => void): { checkpoint: StoredCheckpoint; data: CheckpointData } | null {
  const all = store.list();
  for (let i = all.length - 1; i >= 0; i--) {
    const checkpoint = all[i]!;
    try {
      return { checkpoint, data: decodeCheckpoint(store.read(checkpoint), checkpoint.location) };
    } catch (error) {
      if (!(error instanceof CheckpointError)) throw error;
      onSkip?.(checkpoint, error);
    }
  }
  return null;
}

/** Checkpoints in memory, the last `keep` of them. */
export class MemoryCheckpointStore implements CheckpointStore {
  private readonly entries: { checkpoint: StoredCheckpoint; bytes: Uint8Array }[] = [];
  private nextId = 1;

  constructor(private readonly keep = 3) {}

  save(bytes: Uint8Array): StoredCheckpoint {
    const checkpoint = { id: this.nextId++, location: `memory:${this.nextId - 1}` };
    this.entries.push({ checkpoint, bytes: Uint8Array.from(bytes) });
    while (this.entries.length > this.keep) this.entries.shift();
    return checkpoint;
  }

  list(): StoredCheckpoint[] {
    return this.entries.map((entry) => entry.checkpoint);
  }

  read(checkpoint: StoredCheckpoint): Uint8Array {
    const entry = this.entries.find((candidate) => candidate.checkpoint.id === checkpoint.id);
    if (entry === undefined) throw new CheckpointError('not-a-checkpoint', `no checkpoint ${checkpoint.id} in memory`);
    return entry.bytes;
  }

  latest(onSkip?: (checkpoint: StoredCheckpoint, error: CheckpointError) => void): { checkpoint: StoredCheckpoint; data: CheckpointData } | null {
    return newestValid(this, onSkip);
  }
}

const NAME = /^checkpoint-(\d{10})\.ckpt$/;

/**
 * Checkpoints as files `checkpoint-0000000001.ckpt` in a directory. Each is written to a temporary
 * file, fsynced, renamed into place and the directory fsynced, so a crash leaves either the whole
 * checkpoint or none (temporary files are never taken for checkpoints and are cleaned up). The
 * newest `keep` are kept.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(
    readonly directory: string,
    private readonly keep = 3,
  ) {
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be a whole number >= 1, not ${keep}`);
    mkdirSync(directory, { recursive: true });
    for (const name of readdirSync(directory)) if (name.endsWith('.tmp')) rmSync(join(directory, name), { force: true });
  }

  save(bytes: Uint8Array): StoredCheckpoint {
    const existing = this.list();
    const id = (existing.at(-1)?.id ?? 0) + 1;
    const location = join(this.directory, `checkpoint-${String(id).padStart(10, '0')}.ckpt`);
    const temporary = `${location}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, location);
    syncDirectory(this.directory);
    const all = [...existing, { id, location }];
    for (const old of all.slice(0, Math.max(0, all.length - this.keep))) rmSync(old.location, { force: true });
    return { id, location };
  }

  list(): StoredCheckpoint[] {
    return readdirSync(this.directory)
      .map((name) => NAME.exec(name))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => ({ id: Number(match[1]), location: join(this.directory, match[0]) }))
      .sort((a, b) => a.id - b.id);
  }

  read(checkpoint: StoredCheckpoint): Uint8Array {
    return readFileSync(checkpoint.location);
  }

  latest(onSkip?: (checkpoint: StoredCheckpoint, error: CheckpointError) => void): { checkpoint: StoredCheckpoint; data: CheckpointData } | null {
    return newestValid(this, onSkip);
  }
}

function syncDirectory(directory: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(directory, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
