// Where encoded checkpoints are kept: in memory (default) or as files written atomically.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from './checkpoint.js';
import { decodeCheckpoint } from './checkpoint-codec.js';
import type { CheckpointData } from './checkpoint.js';
import type { EncodedCheckpoint } from './encoded-checkpoint.js';

/** A stored checkpoint: an increasing number and where it lives. */
export interface StoredCheckpoint {
  readonly id: number;
  readonly location: string;
}

/** Keeps encoded checkpoints; the newest valid one is what a restart resumes from. */
export interface CheckpointStore {
  /** Stores a complete encoded checkpoint; it becomes visible only once fully written. */
  save(bytes: Uint8Array): StoredCheckpoint;
  /**
   * Like `save`, without blocking the event loop while the bytes go to storage (optional;
   * `saveCheckpoint` uses it when there is one). The bytes must not change until it settles.
   */
  saveAsync?(bytes: Uint8Array): Promise<StoredCheckpoint>;
  /**
   * Like `saveAsync`, for a checkpoint given as pieces of text (optional; `saveCheckpoint` prefers
   * it). Writing the pieces as they come, the checkpoint is never gathered into one buffer outside
   * the JS heap, whose allocation makes V8 mark the whole heap in a hurry (see `EncodedCheckpoint`).
   */
  saveEncoded?(checkpoint: EncodedCheckpoint): Promise<StoredCheckpoint>;
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
  /** The last id handed out by this store. */
  private lastId = 0;

  constructor(
    readonly directory: string,
    private readonly keep = 3,
  ) {
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be a whole number >= 1, not ${keep}`);
    if (existsSync(directory) && !statSync(directory).isDirectory()) {
      throw new Error(`checkpoint directory ${directory} is a file, not a directory: give a directory (it is created if missing)`);
    }
    mkdirSync(directory, { recursive: true });
    for (const name of readdirSync(directory)) if (name.endsWith('.tmp')) rmSync(join(directory, name), { force: true });
  }

  save(bytes: Uint8Array): StoredCheckpoint {
    const { id, location, temporary } = this.next();
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
    this.removeOld();
    return { id, location };
  }

  /**
   * Like {@link FileCheckpointStore.save}, with the writes, fsyncs and rename done by libuv's
   * threads, a megabyte per write: a large checkpoint never blocks the event loop while it goes to
   * disk. The same temporary file, fsync and atomic rename keep a crash from leaving half of one.
   */
  saveAsync(bytes: Uint8Array): Promise<StoredCheckpoint> {
    return this.writeAtomically((file) => writeBytes(file, bytes));
  }

  /**
   * Like {@link FileCheckpointStore.saveAsync}, writing the checkpoint's pieces of text one by one
   * as they come: the whole checkpoint is never one buffer.
   */
  saveEncoded(checkpoint: EncodedCheckpoint): Promise<StoredCheckpoint> {
    return this.writeAtomically(async (file) => {
      for (const { text, encoding } of checkpoint.texts()) {
        const length = encoding === 'latin1' ? text.length : Buffer.byteLength(text, 'utf8');
        const { bytesWritten } = await file.write(text, null, encoding);
        // A short write (a full disk, a signal) is rare; the rest goes as bytes.
        if (bytesWritten < length) await writeBytes(file, Buffer.from(text, encoding).subarray(bytesWritten));
      }
    });
  }

  /** Writes a temporary file through `write` (on libuv's threads), fsyncs it, renames it into place, drops old ones. */
  private async writeAtomically(write: (file: FileHandle) => Promise<void>): Promise<StoredCheckpoint> {
    const { id, location, temporary } = this.next();
    const file = await open(temporary, 'w');
    try {
      await write(file);
      await file.sync();
    } catch (error) {
      await file.close();
      await rm(temporary, { force: true }); // a half-written file is never left behind
      throw error;
    }
    await file.close();
    await rename(temporary, location);
    await syncDirectoryAsync(this.directory);
    for (const old of this.outdated()) await rm(old.location, { force: true });
    return { id, location };
  }

  /** The next id (never one handed out already, even to a save still being written) and its files. */
  private next(): { id: number; location: string; temporary: string } {
    const id = Math.max(this.list().at(-1)?.id ?? 0, this.lastId) + 1;
    this.lastId = id;
    const location = join(this.directory, `checkpoint-${String(id).padStart(10, '0')}.ckpt`);
    return { id, location, temporary: `${location}.${process.pid}.tmp` };
  }

  /** Checkpoints beyond the newest `keep`. */
  private outdated(): StoredCheckpoint[] {
    const all = this.list();
    return all.slice(0, Math.max(0, all.length - this.keep));
  }

  private removeOld(): void {
    for (const old of this.outdated()) rmSync(old.location, { force: true });
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

/** Bytes per write of {@link FileCheckpointStore.saveAsync}. */
const WRITE_BYTES = 1 << 20;

/** Writes all of `bytes` at the file's position, a megabyte per write. */
async function writeBytes(file: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let written = 0; written < bytes.length; ) {
    written += (await file.write(bytes, written, Math.min(WRITE_BYTES, bytes.length - written))).bytesWritten;
  }
}

async function syncDirectoryAsync(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic there.
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
