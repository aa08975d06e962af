// The checkpoint body on the wire is columnar: flat arrays of numbers serialise and parse many
// times faster than millions of small tuples. This file converts between the three forms — a
// live snapshot, the columns, and the decoded CheckpointData — each direction written once.
import type { MatchNode, Run } from '../nfa/partial-match.js';
import type { Key } from '../runtime/record-fields.js';
import {
  CHECKPOINT_VERSION,
  type CheckpointBufferEntry,
  type CheckpointData,
  type CheckpointKey,
  type CheckpointNode,
  type CheckpointPattern,
  type CheckpointRun,
  type CheckpointStep,
  type CheckpointTime,
  type EngineStats,
} from './checkpoint.js';
import { Column, NumberColumn } from './column.js';
import { patternFingerprint, stepFingerprints } from './fingerprint.js';
import type { EngineSnapshot } from './snapshot.js';

/** One pattern's keys as columns; runs and held runs of each key are consecutive in the run columns. */
export interface PatternColumns {
  readonly name: string;
  readonly fingerprint: string;
  readonly steps: readonly CheckpointStep[];
  /** See `CheckpointPattern.keyFingerprint`: absent only in data from checkpoints written before it. */
  readonly keyFingerprint: string | undefined;
  readonly keys: Column<Key>;
  readonly nextSeq: NumberColumn;
  /** Per key: how many runs, then how many held matches, follow in the run columns. */
  readonly runs: NumberColumn;
  readonly held: NumberColumn;
  /** Index into `strings` of the automaton state's name. */
  readonly state: NumberColumn;
  readonly node: NumberColumn;
  readonly startTimestamp: NumberColumn;
  readonly startSeq: NumberColumn;
}

/** The body of a checkpoint as columns (plus the header's createdAt and position). */
export interface CheckpointColumns {
  readonly createdAt: string;
  readonly position: unknown;
  readonly time: CheckpointTime;
  readonly stats: EngineStats;
  readonly sinks: Readonly<Record<string, unknown>>;
  /** Step and state names, referred to by index. */
  readonly strings: string[];
  readonly events: Column<unknown>;
  readonly nodes: NodeColumns;
  readonly buffer: BufferColumns;
  readonly patterns: PatternColumns[];
}

/**
 * The reorder buffer as columns. `line` (the input line of each entry, `0` for one pushed without
 * a line) is there only when some entry has a line: a checkpoint of records pushed without lines
 * is written as before lines were kept.
 */
export interface BufferColumns {
  readonly timestamp: NumberColumn;
  readonly arrival: NumberColumn;
  readonly event: NumberColumn;
  readonly line?: NumberColumn;
}

/** In the `line` buffer column: the entry came without a line (lines count from 1). */
export const NO_LINE = 0;

/** A decoded buffer entry, `line` (a column value) kept only when the entry has one. */
export function bufferEntry(timestamp: number, arrival: number, event: number, line: number | undefined): CheckpointBufferEntry {
  return line === undefined || line === NO_LINE ? [timestamp, arrival, event] : [timestamp, arrival, event, line];
}

/** Taken events as columns: step (index into `strings`), event index, timestamp, seq, previous node. */
export interface NodeColumns {
  readonly step: NumberColumn;
  readonly event: NumberColumn;
  readonly timestamp: NumberColumn;
  readonly seq: NumberColumn;
  readonly previous: NumberColumn;
}

function nodeColumns(): NodeColumns {
  return { step: new NumberColumn(), event: new NumberColumn(), timestamp: new NumberColumn(), seq: new NumberColumn(), previous: new NumberColumn() };
}

/** Buffer columns holding `lines` as their `line` column if any entry has a line, else none. */
function bufferColumns(timestamp: NumberColumn, arrival: NumberColumn, event: NumberColumn, lines: readonly (number | undefined)[]): BufferColumns {
  if (lines.every((line) => line === undefined)) return { timestamp, arrival, event };
  return { timestamp, arrival, event, line: NumberColumn.of(lines.map((line) => line ?? NO_LINE)) };
}

/**
 * Builds columns while assigning each distinct event, node and name one index. Nodes never cross
 * keys (a key's partial matches only share history with each other), so node identities are
 * tracked per key in a small map that is dropped after the key; this keeps huge identity maps,
 * and the garbage collection they cause, out of large checkpoints. Events are tracked per key too
 * when the engine runs one pattern (an event then belongs to one key); with several patterns the
 * same record can be held under several keys, so events are tracked across keys.
 */
class ColumnWriter<E> {
  readonly strings: string[] = [];
  readonly events = new Column<unknown>();
  readonly nodes = nodeColumns();
  private readonly stringIds = new Map<string, number>();
  private readonly eventIds = new Map<unknown, number>();
  private readonly nodeIds = new Map<MatchNode<E>, number>();
  /** Reused to walk a history oldest first (cleared after each walk). */
  private readonly chain: (MatchNode<E> | undefined)[] = [];

  constructor(private readonly eventsAcrossKeys: boolean) {}

  /** Starts a new key: identities seen so far can no longer recur. */
  nextKey(): void {
    if (this.nodeIds.size > 0) this.nodeIds.clear();
    if (!this.eventsAcrossKeys && this.eventIds.size > 0) this.eventIds.clear();
  }

  /**
   * Writes the history of a key's only partial match: one chain shares nothing with itself and
   * takes each event once, so no identity needs remembering (the common case of many keys with
   * one partial match each, written without any map lookups).
   */
  lonelyNode(last: MatchNode<E> | null): number {
    if (last === null) return -1;
    if (this.eventsAcrossKeys) return this.node(last);
    const chain = this.chain;
    let length = 0;
    for (let node: MatchNode<E> | null = last; node !== null; node = node.previous) chain[length++] = node;
    let previous = -1;
    for (let i = length - 1; i >= 0; i--) {
      const node = chain[i]!;
      chain[i] = undefined;
      previous = this.write(node, this.events.push(node.event), previous);
    }
    return previous;
  }

  /** Appends one node; returns its index. */
  private write(node: MatchNode<E>, event: number, previous: number): number {
    const nodes = this.nodes;
    nodes.step.push(this.string(node.step));
    nodes.event.push(event);
    nodes.timestamp.push(node.timestamp);
    nodes.seq.push(node.seq);
    return nodes.previous.push(previous);
  }

  string(value: string): number {
    let id = this.stringIds.get(value);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(value);
      this.stringIds.set(value, id);
    }
    return id;
  }

  event(value: unknown): number {
    let id = this.eventIds.get(value);
    if (id === undefined) {
      id = this.events.push(value);
      this.eventIds.set(value, id);
    }
    return id;
  }

  /** The node's index; writes it and the unwritten nodes before it, oldest first. */
  node(last: MatchNode<E> | null): number {
    if (last === null) return -1;
    const known = this.nodeIds.get(last);
    if (known !== undefined) return known;
    const chain = this.chain;
    let length = 0;
    let node: MatchNode<E> | null = last;
    while (node !== null && !this.nodeIds.has(node)) {
      chain[length++] = node;
      node = node.previous;
    }
    let previous = node === null ? -1 : this.nodeIds.get(node)!;
    for (let i = length - 1; i >= 0; i--) {
      const current = chain[i]!;
      chain[i] = undefined;
      previous = this.write(current, this.event(current.event), previous);
      this.nodeIds.set(current, previous);
    }
    return previous;
  }
}

/**
 * Snapshot → columns, pausable after every `keysPerStep` keys (yields), releasing the captures at
 * the end. One key per step lets tests interleave the engine with the conversion as finely as
 * possible; a few more make each pause cheaper.
 */
export function* snapshotColumns<E>(snapshot: EngineSnapshot<E>, keysPerStep = 1): Generator<void, CheckpointColumns> {
  const writer = new ColumnWriter<E>(snapshot.patterns.length > 1);
  let sinceYield = 0;
  try {
    const patterns: PatternColumns[] = [];
    for (const pattern of snapshot.patterns) {
      const columns = emptyPattern(pattern.name, patternFingerprint(pattern.model), stepFingerprints(pattern.model.steps), pattern.keyFingerprint);
      const stateNames = pattern.nfa.states.map((state) => writer.string(state.name));
      const addRuns = (runs: readonly Run<E>[], lonely: boolean): void => {
        for (const run of runs) {
          columns.state.push(stateNames[run.state]!);
          columns.node.push(lonely ? writer.lonelyNode(run.last) : writer.node(run.last));
          columns.startTimestamp.push(run.startTimestamp);
          columns.startSeq.push(run.startSeq);
        }
      };
      const entries = pattern.capture.cursor();
      while (entries.next()) {
        const key = entries.key;
        const state = entries.value;
        // Read once: a live state may build its runs array on each read.
        const runs = state.runs;
        const held = state.held;
        writer.nextKey();
        columns.keys.push(key);
        columns.nextSeq.push(state.nextSeq);
        columns.runs.push(runs.length);
        columns.held.push(held.length);
        const lonely = runs.length + held.length === 1;
        addRuns(runs, lonely);
        addRuns(held, lonely);
        if (++sinceYield === keysPerStep) {
          sinceYield = 0;
          yield;
        }
      }
      patterns.push(columns);
    }
    const timestamps = new NumberColumn();
    const arrivals = new NumberColumn();
    const bufferEvents = new NumberColumn();
    const lines: (number | undefined)[] = [];
    writer.nextKey();
    for (const entry of snapshot.buffer) {
      timestamps.push(entry.timestamp);
      arrivals.push(entry.arrival);
      bufferEvents.push(writer.event(entry.record));
      lines.push(entry.line);
    }
    const buffer = bufferColumns(timestamps, arrivals, bufferEvents, lines);
    return {
      createdAt: snapshot.createdAt,
      position: snapshot.position,
      time: snapshot.time,
      stats: snapshot.stats,
      sinks: snapshot.sinks,
      strings: writer.strings,
      events: writer.events,
      nodes: writer.nodes,
      buffer,
      patterns,
    };
  } finally {
    for (const pattern of snapshot.patterns) pattern.capture.release();
  }
}

/** Decoded data → columns (for writing back an edited checkpoint). */
export function dataToColumns(data: CheckpointData): CheckpointColumns {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const string = (value: string): number => {
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = strings.push(value) - 1));
    return id;
  };
  const nodes = nodeColumns();
  for (const [step, event, timestamp, seq, previous] of data.nodes) {
    nodes.step.push(string(step));
    nodes.event.push(event);
    nodes.timestamp.push(timestamp);
    nodes.seq.push(seq);
    nodes.previous.push(previous);
  }
  const patterns = data.patterns.map((pattern) => {
    const columns = emptyPattern(pattern.name, pattern.fingerprint, pattern.steps, pattern.keyFingerprint);
    for (const key of pattern.keys) {
      columns.keys.push(key.key);
      columns.nextSeq.push(key.nextSeq);
      columns.runs.push(key.runs.length);
      columns.held.push(key.held.length);
      for (const [state, node, startTimestamp, startSeq] of [...key.runs, ...key.held]) {
        columns.state.push(string(state));
        columns.node.push(node);
        columns.startTimestamp.push(startTimestamp);
        columns.startSeq.push(startSeq);
      }
    }
    return columns;
  });
  return {
    createdAt: data.createdAt,
    position: data.position,
    time: data.time,
    stats: data.stats,
    sinks: data.sinks,
    strings,
    events: Column.of(data.events),
    nodes,
    buffer: bufferColumns(
      NumberColumn.of(data.buffer.map((entry) => entry[0])),
      NumberColumn.of(data.buffer.map((entry) => entry[1])),
      NumberColumn.of(data.buffer.map((entry) => entry[2])),
      data.buffer.map((entry) => entry[3]),
    ),
    patterns,
  };
}

/** Columns → decoded data. */
export function columnsToData(columns: CheckpointColumns): CheckpointData {
  const { strings, nodes } = columns;
  const nodeList: CheckpointNode[] = new Array(nodes.step.length);
  for (let i = 0; i < nodeList.length; i++) {
    nodeList[i] = [strings[nodes.step.get(i)]!, nodes.event.get(i), nodes.timestamp.get(i), nodes.seq.get(i), nodes.previous.get(i)];
  }
  const patterns = columns.patterns.map((pattern) => {
    let next = 0;
    const take = (count: number): CheckpointRun[] => {
      const runs: CheckpointRun[] = new Array(count);
      for (let i = 0; i < count; i++, next++) {
        runs[i] = [strings[pattern.state.get(next)]!, pattern.node.get(next), pattern.startTimestamp.get(next), pattern.startSeq.get(next)];
      }
      return runs;
    };
    const keys: CheckpointKey[] = [];
    for (let i = 0; i < pattern.keys.length; i++) {
      keys.push({ key: pattern.keys.get(i), nextSeq: pattern.nextSeq.get(i), runs: take(pattern.runs.get(i)), held: take(pattern.held.get(i)) });
    }
    return decodedPattern(pattern, keys);
  });
  return {
    version: CHECKPOINT_VERSION,
    createdAt: columns.createdAt,
    position: columns.position,
    time: columns.time,
    stats: columns.stats,
    patterns,
    events: columns.events.toArray(),
    nodes: nodeList,
    buffer: columns.buffer.timestamp.toArray().map((timestamp, i) => bufferEntry(timestamp, columns.buffer.arrival.get(i), columns.buffer.event.get(i), columns.buffer.line?.get(i))),
    sinks: columns.sinks,
  };
}

/**
 * A decoded pattern: its identity and its keys. A checkpoint written before key fingerprints
 * were recorded gives a pattern without the field at all, not one set to `undefined`, so it
 * decodes as it always did and is written back the same way.
 */
export function decodedPattern(
  pattern: Pick<PatternColumns, 'name' | 'fingerprint' | 'steps'> & { readonly keyFingerprint?: string | undefined },
  keys: readonly CheckpointKey[],
): CheckpointPattern {
  const { name, fingerprint, steps, keyFingerprint } = pattern;
  return keyFingerprint === undefined ? { name, fingerprint, steps, keys } : { name, fingerprint, steps, keyFingerprint, keys };
}

function emptyPattern(name: string, fingerprint: string, steps: readonly CheckpointStep[], keyFingerprint: string | undefined): PatternColumns {
  return {
    name,
    fingerprint,
    steps,
    keyFingerprint,
    keys: new Column(),
    nextSeq: new NumberColumn(),
    runs: new NumberColumn(),
    held: new NumberColumn(),
    state: new NumberColumn(),
    node: new NumberColumn(),
    startTimestamp: new NumberColumn(),
    startSeq: new NumberColumn(),
  };
}
