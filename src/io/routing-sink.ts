// Outputs split by kind across several sinks (e.g. matches to one file, timeouts to another),
// committed and rolled back together so a checkpoint covers all of them.
import type { Writable } from 'node:stream';
import type { EngineOutput } from '../runtime/outputs.js';
import type { OutputSink } from './jsonl-sink.js';

/** Sends each output to the sink named for its kind, or to the default sink. */
export class RoutingSink<E> implements OutputSink<EngineOutput<E>> {
  constructor(
    private readonly byKind: Partial<Record<EngineOutput<E>['kind'], OutputSink<EngineOutput<E>>>>,
    private readonly fallback: OutputSink<EngineOutput<E>>,
  ) {}

  write(output: EngineOutput<E>): void {
    (this.byKind[output.kind] ?? this.fallback).write(output);
  }

  commit(): Record<string, unknown> {
    const positions: Record<string, unknown> = { default: this.fallback.commit() };
    for (const [kind, sink] of this.entries()) positions[kind] = sink.commit();
    return positions;
  }

  rollback(position: unknown): void {
    const positions = (position ?? {}) as Record<string, unknown>;
    this.fallback.rollback(positions['default']);
    for (const [kind, sink] of this.entries()) sink.rollback(positions[kind]);
  }

  close(): void {
    this.fallback.close();
    for (const [, sink] of this.entries()) sink.close();
  }

  async drain(): Promise<void> {
    await this.fallback.drain?.();
    for (const [, sink] of this.entries()) await sink.drain?.();
  }

  private entries(): [string, OutputSink<EngineOutput<E>>][] {
    return Object.entries(this.byKind).filter((entry): entry is [string, OutputSink<EngineOutput<E>>] => entry[1] !== undefined);
  }
}

/**
 * JSON Lines to a stream such as stdout. A stream cannot be cut back, so after a restore the
 * outputs written since the checkpoint are written again (at-least-once); `onRollback` is told.
 * Write outputs to files for exactly-once.
 */
export class StreamSink<T> implements OutputSink<T> {
  private pending: string[] = [];
  private full = false;

  constructor(
    private readonly stream: Writable,
    private readonly format: (output: T) => string = (output) => JSON.stringify(output),
    private readonly onRollback: () => void = () => {},
  ) {}

  write(output: T): void {
    this.pending.push(`${this.format(output)}\n`);
    if (this.pending.length >= 256) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    if (!this.stream.write(this.pending.join(''))) this.full = true;
    this.pending = [];
  }

  drain(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((resolve) =>
      this.stream.once('drain', () => {
        this.full = false;
        resolve();
      }),
    );
  }

  commit(): null {
    this.flush();
    return null;
  }

  rollback(): void {
    this.pending = [];
    this.onRollback();
  }

  close(): void {
    this.flush();
  }
}
