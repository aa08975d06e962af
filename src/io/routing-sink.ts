// Outputs split by kind across several sinks (e.g. matches to one file, timeouts to another),
// committed and rolled back together so a checkpoint covers all of them.
import type { Writable } from 'node:stream';
import type { EngineOutput } from '../runtime/outputs.js';
import type { OutputSink } from './jsonl-sink.js';

const KINDS: readonly EngineOutput<unknown>['kind'][] = ['match', 'timeout', 'late', 'error', 'capped'];

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
    // Every sink is checked before any is cut back: a refused restore leaves all files as they were.
    this.checkRollback(position);
    for (const [sink, at] of this.rollbackTargets(position)) sink.rollback(at);
  }

  checkRollback(position: unknown): void {
    for (const [sink, at] of this.rollbackTargets(position)) sink.checkRollback?.(at);
  }

  /** Each sink that may hold outputs, with the position `position` committed for it. */
  private rollbackTargets(position: unknown): [OutputSink<EngineOutput<E>>, unknown][] {
    const positions = (position ?? {}) as Record<string, unknown>;
    const at = (name: string): unknown => (position === null ? null : positions[name]);
    const targets: [OutputSink<EngineOutput<E>>, unknown][] = this.entries().map(([kind, sink]) => [sink, at(kind)]);
    // When every kind has its own sink, the fallback never received anything to take back.
    if (targets.length < KINDS.length) targets.unshift([this.fallback, at('default')]);
    return targets;
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

  constructor(
    private readonly stream: Writable,
    private readonly format: (output: T) => string = (output) => JSON.stringify(output),
    private readonly onRollback: () => void = () => {},
  ) {}

  /** Writes at once: a reader of a live stream sees each output as soon as it happens. */
  write(output: T): void {
    this.stream.write(`${this.format(output)}\n`);
  }

  /** Nothing is held back: everything written is already in the stream. */
  flush(): void {}

  /** Waits while the stream's buffer is full (asked of the stream itself, so no 'drain' is missed). */
  drain(): Promise<void> {
    if (!this.stream.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => this.stream.once('drain', () => resolve()));
  }

  /** A stream has no position to return to; the marker says outputs were committed here. */
  commit(): { stream: true } {
    return { stream: true };
  }

  rollback(position: unknown): void {
    if (position !== null) this.onRollback(); // null: nothing was committed, nothing repeats
  }

  close(): void {
    this.flush();
  }
}
