// Writes outputs as JSON Lines to a file, committing with checkpoints: on restore the file is cut
// back to the length recorded in the checkpoint, and replay writes the same lines again — so the
// file ends up exactly as after an uninterrupted run.
import { closeSync, existsSync, fsyncSync, ftruncateSync, fstatSync, openSync, statSync, writeSync } from 'node:fs';
import { describeThrown } from '../text/describe.js';
import { OutputFileError } from './output-file-error.js';

/** Something outputs are written to, with a position that can be committed and restored. */
export interface OutputSink<T> {
  write(output: T): void;
  /** Makes everything written so far durable and returns its position for the checkpoint. */
  commit(): unknown;
  /** Cuts back to a committed position (after a restore); `null`: to where the job began. */
  rollback(position: unknown): void;
  /**
   * Throws what {@link rollback} would throw for `position`, changing nothing: lets several sinks
   * be checked before any of them is cut back. Optional: a sink without it never refuses.
   */
  checkRollback?(position: unknown): void;
  close(): void;
  /** Resolves when the sink can take more (back-pressure from a slow consumer); optional. */
  drain?(): Promise<void>;
}

/** Options of {@link JsonLinesFileSink}. */
export interface JsonLinesFileSinkOptions {
  /** Keep what the file holds (a resumed job cuts it back to its checkpoint instead). */
  readonly append?: boolean;
  /**
   * Called when a restore asks a file that cannot be cut back (a pipe, a terminal, `/dev/null`)
   * to return to a committed position: the outputs since it will be written again.
   */
  readonly onRepeat?: () => void;
}

/**
 * A JSON Lines file sink. `format` turns an output into one line (default `JSON.stringify`).
 * A regular file is written at known offsets and committed with fsync. Anything else that can be
 * opened for writing (a named pipe, `/dev/stdout`, `/dev/null`) is written in order and cannot
 * be cut back, like a stream. Errors name the file.
 */
export class JsonLinesFileSink<T> implements OutputSink<T> {
  private readonly fd: number;
  private readonly seekable: boolean;
  private pending: string[] = [];
  private pendingBytes = 0;
  private length: number;
  private readonly onRepeat: () => void;

  constructor(
    readonly path: string,
    private readonly format: (output: T) => string = (output) => JSON.stringify(output),
    options: JsonLinesFileSinkOptions = {},
  ) {
    this.onRepeat = options.onRepeat ?? (() => {});
    // A regular file is opened read-write (it is written at offsets and may be cut back); anything
    // else write-only: opened read-write, a pipe has this process as a reader of its own, so it
    // never sees its real reader leave (no EPIPE) and blocks for good once the pipe is full.
    this.fd = this.attempt('open', () => openSync(path, !existsSync(path) ? 'w+' : statSync(path).isFile() ? 'r+' : 'w'));
    try {
      this.seekable = fstatSync(this.fd).isFile();
      if (this.seekable && options.append !== true) this.attempt('truncate', () => ftruncateSync(this.fd, 0));
      this.length = this.seekable ? fstatSync(this.fd).size : 0;
    } catch (error) {
      closeSync(this.fd);
      throw error;
    }
  }

  write(output: T): void {
    const line = `${this.format(output)}\n`;
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= 1 << 16) this.flush();
  }

  /** Writes buffered lines to the file (not yet durable). */
  flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    let written = 0;
    this.attempt('write', () => {
      while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, this.seekable ? this.length + written : null);
    });
    this.length += bytes.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  commit(): { bytes: number } {
    this.flush();
    if (this.seekable) this.attempt('fsync', () => fsyncSync(this.fd));
    return { bytes: this.length };
  }

  /** Cuts back to a committed position; `null` means to the beginning (nothing committed yet). */
  rollback(position: unknown): void {
    const bytes = this.committedBytes(position);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.seekable) {
      if (bytes > 0) this.onRepeat();
      return;
    }
    ftruncateSync(this.fd, bytes);
    this.length = bytes;
  }

  /** Throws an {@link OutputFileError} when the file cannot return to `position`. */
  checkRollback(position: unknown): void {
    this.committedBytes(position);
  }

  /** The length `position` committed, checked against the file: a file cannot grow back. */
  private committedBytes(position: unknown): number {
    const bytes = position === null ? 0 : (position as { bytes?: unknown } | undefined)?.bytes;
    if (typeof bytes !== 'number' || bytes < 0) throw new OutputFileError(`cannot roll ${this.path} back to ${JSON.stringify(position)}: the checkpoint holds no length for it`, this.path);
    if (this.seekable) {
      const size = fstatSync(this.fd).size;
      if (bytes > size) {
        throw new OutputFileError(`${this.path} is shorter (${size} bytes) than the checkpoint committed (${bytes}); it was changed outside Cepheus`, this.path);
      }
    }
    return bytes;
  }

  close(): void {
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }

  /** Runs a file operation; a failure becomes an error that names the file and the operation. */
  private attempt<R>(operation: string, action: () => R): R {
    try {
      return action();
    } catch (error) {
      const named = new Error(`${this.path}: cannot ${operation} the output file: ${describeThrown(error)}`, { cause: error });
      // Keep the system error's code and call, so callers can tell a file-system error.
      const { code, syscall, errno } = error as NodeJS.ErrnoException;
      throw Object.assign(named, { code, syscall, errno });
    }
  }
}
