// Writes outputs as JSON Lines to a file, committing with checkpoints: on restore the file is cut
// back to the length recorded in the checkpoint, and replay writes the same lines again — so the
// file ends up exactly as after an uninterrupted run.
import { closeSync, existsSync, fsyncSync, ftruncateSync, fstatSync, openSync, writeSync } from 'node:fs';

/** Something outputs are written to, with a position that can be committed and restored. */
export interface OutputSink<T> {
  write(output: T): void;
  /** Makes everything written so far durable and returns its position for the checkpoint. */
  commit(): unknown;
  /** Cuts back to a committed position (after a restore); `null`: to where the job began. */
  rollback(position: unknown): void;
  close(): void;
  /** Resolves when the sink can take more (back-pressure from a slow consumer); optional. */
  drain?(): Promise<void>;
}

/** A JSON Lines file sink. `format` turns an output into one line (default `JSON.stringify`). */
export class JsonLinesFileSink<T> implements OutputSink<T> {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  private length: number;

  constructor(
    readonly path: string,
    private readonly format: (output: T) => string = (output) => JSON.stringify(output),
    options: { append?: boolean } = {},
  ) {
    this.fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
    if (options.append !== true) ftruncateSync(this.fd, 0);
    this.length = fstatSync(this.fd).size;
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
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, this.length + written);
    this.length += bytes.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  commit(): { bytes: number } {
    this.flush();
    fsyncSync(this.fd);
    return { bytes: this.length };
  }

  /** Cuts back to a committed position; `null` means to the beginning (nothing committed yet). */
  rollback(position: unknown): void {
    const bytes = position === null ? 0 : (position as { bytes?: unknown } | undefined)?.bytes;
    if (typeof bytes !== 'number' || bytes < 0) throw new RangeError(`cannot roll ${this.path} back to ${JSON.stringify(position)}`);
    this.pending = [];
    this.pendingBytes = 0;
    if (bytes > fstatSync(this.fd).size) {
      throw new RangeError(`${this.path} is shorter (${fstatSync(this.fd).size} bytes) than the checkpoint committed (${bytes}); it was changed outside Cepheus`);
    }
    ftruncateSync(this.fd, bytes);
    this.length = bytes;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
