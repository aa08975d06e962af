// The checkpoint as plain data (format version 1): everything needed to resume a CepEngine
// exactly, with shared history written once. See docs/checkpoint-format.md for the byte layout.
import type { Key } from '../runtime/record-fields.js';

/** The format version this Cepheus writes. Older versions are migrated on read. */
export const CHECKPOINT_VERSION = 1;

/** Counts of what an engine has done; restored with the state so totals survive a restart. */
export interface EngineStats {
  records: number;
  matches: number;
  timeouts: number;
  late: number;
  errors: number;
  capped: number;
}

/** A partial match: `[automaton state name, last node index, start timestamp, start seq]`. */
export type CheckpointRun = readonly [state: string, node: number, startTimestamp: number, startSeq: number];

/**
 * A taken event: `[step, event index, timestamp, seq, previous node index or -1]`. Nodes are in
 * an order where `previous` always comes first, so they can be rebuilt in one pass.
 */
export type CheckpointNode = readonly [step: string, event: number, timestamp: number, seq: number, previous: number];

/**
 * An event waiting in the reorder buffer: `[timestamp, arrival, event index]`, and the input
 * `line` it came from when the caller gave one (`push(record, line)`). Entries without one are
 * three long, as in checkpoints written before lines were kept.
 */
export type CheckpointBufferEntry = readonly [timestamp: number, arrival: number, event: number, line?: number];

/** One key's matcher state. */
export interface CheckpointKey {
  readonly key: Key;
  readonly nextSeq: number;
  readonly runs: readonly CheckpointRun[];
  readonly held: readonly CheckpointRun[];
}

/** A step's identity: a change of its fingerprint makes partial matches in it incompatible. */
export interface CheckpointStep {
  readonly name: string;
  readonly fingerprint: string;
}

/** One pattern's state. */
export interface CheckpointPattern {
  readonly name: string;
  /** Fingerprint of the whole pattern (steps, window, skip strategy). */
  readonly fingerprint: string;
  readonly steps: readonly CheckpointStep[];
  /**
   * Fingerprint of how the pattern was keyed (`keyBy`: its field path, or a function's source):
   * partial matches saved under other keys cannot be restored. Absent in checkpoints written
   * before it was recorded; those are restored without a key check.
   */
  readonly keyFingerprint?: string;
  readonly keys: readonly CheckpointKey[];
}

/** How an engine keeps time: from its events (under watermarks) or from its clock. */
export type TimeMode = 'event' | 'processing';

/** Event-time bookkeeping; `null` stands for minus infinity (nothing seen yet) or plus infinity after a flush. */
export interface CheckpointTime {
  readonly watermark: number | null;
  readonly flushed: boolean;
  readonly maxTimestamp: number | null;
  readonly arrivals: number;
  readonly nextOutputId: number;
  /**
   * The time mode of the engine that took it: the timestamps its partial matches and buffered
   * events hold are on that mode's time line. Absent in checkpoints written before it was recorded.
   */
  readonly mode?: TimeMode;
  /**
   * The latest wall-clock reading the engine had made (`null`: none). Processing time never goes
   * back from it, restored on another host or after the clock was set back included. Absent in
   * checkpoints written before it was recorded.
   */
  readonly clock?: number | null;
  /**
   * In event time, the fingerprint of the timestamp selector (its field path, or a function's
   * source). Absent in processing time and in checkpoints written before it was recorded.
   */
  readonly timestamp?: string;
}

/** A whole checkpoint, decoded. */
export interface CheckpointData {
  readonly version: typeof CHECKPOINT_VERSION;
  readonly createdAt: string;
  /** Where the source resumes (e.g. `{ offset: 1234 }` in a JSON Lines file). */
  readonly position: unknown;
  readonly time: CheckpointTime;
  readonly stats: EngineStats;
  readonly patterns: readonly CheckpointPattern[];
  /** Every event referenced by a node or by the reorder buffer, each once. */
  readonly events: readonly unknown[];
  readonly nodes: readonly CheckpointNode[];
  /** Events waiting for the watermark: `[timestamp, arrival, event index, line?]`. */
  readonly buffer: readonly CheckpointBufferEntry[];
  /** Positions of sinks committed with this checkpoint (e.g. an output file's length). */
  readonly sinks: Readonly<Record<string, unknown>>;
}

/** Why a checkpoint could not be read or restored. */
export type CheckpointErrorCode =
  | 'not-a-checkpoint'
  | 'truncated'
  | 'corrupt'
  | 'checksum'
  | 'version'
  | 'unknown-pattern'
  | 'incompatible-step'
  | 'key-changed'
  | 'time-mode-changed'
  | 'timestamp-changed'
  | 'unencodable';

/** A checkpoint that cannot be used, with the reason and what to do about it. */
export class CheckpointError extends Error {
  constructor(
    readonly code: CheckpointErrorCode,
    message: string,
    readonly source?: string,
  ) {
    super(source === undefined ? message : `${source}: ${message}`);
    this.name = 'CheckpointError';
  }
}
