// Reading and editing checkpoints offline, in the spirit of Flink's State Processor API: what a
// checkpoint holds (patterns, keys, partial matches and their ages), and surgical removals whose
// result is new, compacted checkpoint data that encodes and restores like any other.
import type { Key } from '../runtime/record-fields.js';
import { CheckpointError, type CheckpointData, type CheckpointKey, type CheckpointPattern, type CheckpointRun } from './checkpoint.js';
import { compactCheckpoint } from './compact-checkpoint.js';

/** One pattern's share of a checkpoint. */
export interface PatternSummary {
  readonly name: string;
  readonly fingerprint: string;
  /** Keys holding at least one partial match or held match. */
  readonly keys: number;
  /** Partial matches, held matches included (the count the checkpoint header shows). */
  readonly partialMatches: number;
  /** Completed matches a skip strategy still holds back (included in `partialMatches`). */
  readonly heldMatches: number;
  /** Start of the oldest partial or held match, or `null` when there is none. */
  readonly oldestStartTimestamp: number | null;
}

/** What a checkpoint holds, in numbers. */
export interface CheckpointSummary {
  readonly version: number;
  readonly createdAt: string;
  readonly position: unknown;
  /** The event-time watermark; `null` before any (or after a flush: then `flushed` is true). */
  readonly watermark: number | null;
  readonly flushed: boolean;
  readonly patterns: readonly PatternSummary[];
  /** Partial matches over all patterns (held matches included). */
  readonly partialMatches: number;
  /** Distinct events stored (each once, however many partial matches share it). */
  readonly events: number;
  /** Stored history nodes (each shared by every partial match that took the same events). */
  readonly nodes: number;
  /** Events waiting in the reorder buffer for the watermark. */
  readonly bufferedEvents: number;
}

/** Which partial matches to list: all by default. */
export interface PartialMatchFilter {
  readonly pattern?: string;
  readonly key?: Key;
}

/** One event a partial match has taken. */
export interface TakenEvent<E = unknown> {
  readonly step: string;
  readonly timestamp: number;
  readonly event: E;
}

/** One partial match (or held match) as a reader sees it. */
export interface PartialMatchInfo<E = unknown> {
  readonly pattern: string;
  readonly key: Key;
  /** The automaton state it waits in, e.g. `b:0` (held matches wait in `$endState$`). */
  readonly state: string;
  /** The step that state belongs to, e.g. `b`. */
  readonly waitingIn: string;
  /** Taken events, oldest first. */
  readonly events: readonly TakenEvent<E>[];
  readonly startTimestamp: number;
  /** `watermark − startTimestamp`, or `null` when the checkpoint has no finite watermark. */
  readonly ageMs: number | null;
  /** A completed match a skip strategy holds back until earlier partial matches resolve. */
  readonly held: boolean;
}

/** Counts per pattern and overall; O(size of the checkpoint). */
export function summarizeCheckpoint(data: CheckpointData): CheckpointSummary {
  const patterns = data.patterns.map((pattern): PatternSummary => {
    let partialMatches = 0;
    let heldMatches = 0;
    let oldest: number | null = null;
    for (const key of pattern.keys) {
      partialMatches += key.runs.length + key.held.length;
      heldMatches += key.held.length;
      for (const run of [...key.runs, ...key.held]) if (oldest === null || run[2] < oldest) oldest = run[2];
    }
    return { name: pattern.name, fingerprint: pattern.fingerprint, keys: pattern.keys.length, partialMatches, heldMatches, oldestStartTimestamp: oldest };
  });
  return {
    version: data.version,
    createdAt: data.createdAt,
    position: data.position,
    watermark: data.time.watermark,
    flushed: data.time.flushed,
    patterns,
    partialMatches: patterns.reduce((total, pattern) => total + pattern.partialMatches, 0),
    events: data.events.length,
    nodes: data.nodes.length,
    bufferedEvents: data.buffer.length,
  };
}

/**
 * Lists partial matches (then held matches) per pattern and key, in checkpoint order, with the
 * events each has taken oldest first. `waitingIn` is the step of the state: the state name
 * without its `:<n>` suffixes (a step named like `b:1` itself is recognised from the pattern's
 * step list). Throws `CheckpointError('corrupt')` on a reference to a missing node or event.
 */
export function listPartialMatches<E = unknown>(data: CheckpointData, filter: PartialMatchFilter = {}): PartialMatchInfo<E>[] {
  const result: PartialMatchInfo<E>[] = [];
  const watermark = data.time.watermark;
  for (const pattern of data.patterns) {
    if (filter.pattern !== undefined && pattern.name !== filter.pattern) continue;
    const steps = new Set(pattern.steps.map((step) => step.name));
    for (const key of pattern.keys) {
      if (filter.key !== undefined && key.key !== filter.key) continue;
      const describe = ([state, node, startTimestamp]: CheckpointRun, held: boolean): PartialMatchInfo<E> => ({
        pattern: pattern.name,
        key: key.key,
        state,
        waitingIn: stepOfState(state, steps),
        events: takenEvents<E>(data, node, pattern.name),
        startTimestamp,
        ageMs: watermark === null ? null : watermark - startTimestamp,
        held,
      });
      for (const run of key.runs) result.push(describe(run, false));
      for (const run of key.held) result.push(describe(run, true));
    }
  }
  return result;
}

/**
 * Removes one key's partial and held matches from one pattern. Returns new, compacted data (the
 * events only that key used are gone); restoring it, the key starts afresh and its old partial
 * matches never time out or complete. Events still in the reorder buffer are not keyed yet and are
 * kept. Removing a key the checkpoint does not hold changes nothing. Throws a `RangeError` naming
 * the checkpoint's patterns when it has no pattern of that name.
 */
export function removeKey(data: CheckpointData, pattern: string, key: Key): CheckpointData {
  if (!data.patterns.some((saved) => saved.name === pattern)) {
    const names = data.patterns.map((saved) => `'${saved.name}'`).join(', ');
    throw new RangeError(`the checkpoint has no pattern '${pattern}' (it has ${names === '' ? 'none' : names})`);
  }
  return editKeys(data, (saved, keys) => (saved.name === pattern ? keys.filter((entry) => entry.key !== key) : keys));
}

/** Options of {@link removePartialMatchesOlderThan}. */
export interface AgeOptions {
  /** The time ages are measured from (default: the checkpoint's watermark). */
  readonly now?: number;
  /** Only this pattern's partial matches (default: every pattern). */
  readonly pattern?: string;
}

/**
 * Removes every partial match and held match whose age (`now − startTimestamp`, `now` being the
 * checkpoint's watermark unless given) is more than `ms`; keys left with nothing are removed.
 * Returns new, compacted data. Throws a `RangeError` when `ms` is negative or not a number, or
 * when the checkpoint has no finite watermark (none yet, flushed, or processing time) and no `now`
 * is given.
 */
export function removePartialMatchesOlderThan(data: CheckpointData, ms: number, options: AgeOptions = {}): CheckpointData {
  if (!(ms >= 0)) throw new RangeError(`an age limit must be a number of milliseconds >= 0, not ${ms}`);
  const now = options.now ?? data.time.watermark;
  if (now === null) {
    const why = data.time.flushed ? 'it was taken after a flush' : 'it was taken before any watermark, or in processing time';
    throw new RangeError(`the checkpoint has no finite watermark to measure ages from (${why}); pass { now }`);
  }
  const young = (run: CheckpointRun): boolean => !(now - run[2] > ms);
  return editKeys(data, (saved, keys) => {
    if (options.pattern !== undefined && saved.name !== options.pattern) return keys;
    return keys.map((key) => ({ ...key, runs: key.runs.filter(young), held: key.held.filter(young) }));
  });
}

/** Applies an edit to every pattern's keys, drops keys left empty (as the engine does), compacts. */
function editKeys(data: CheckpointData, edit: (pattern: CheckpointPattern, keys: readonly CheckpointKey[]) => readonly CheckpointKey[]): CheckpointData {
  const patterns = data.patterns.map((pattern) => ({
    ...pattern,
    keys: edit(pattern, pattern.keys).filter((key) => key.runs.length + key.held.length > 0),
  }));
  return compactCheckpoint({ ...data, patterns });
}

/** The taken events of the history ending at `last`, oldest first. */
function takenEvents<E>(data: CheckpointData, last: number, pattern: string): TakenEvent<E>[] {
  const events: TakenEvent<E>[] = [];
  for (let id = last, bound = data.nodes.length; id >= 0; bound = id, id = data.nodes[id]![4]) {
    // Nodes point only backwards: that both validates the graph and guarantees the walk ends.
    const node = data.nodes[id];
    if (node === undefined || !(id < bound) || !Number.isInteger(id)) {
      throw new CheckpointError('corrupt', `a partial match of pattern '${pattern}' refers to node ${id}, which does not exist or does not come before the node pointing to it`);
    }
    if (!(node[1] >= 0 && node[1] < data.events.length)) throw new CheckpointError('corrupt', `checkpoint node ${id} refers to missing event ${node[1]}`);
    events.push({ step: node[0], timestamp: node[2], event: data.events[node[1]] as E });
  }
  return events.reverse();
}

/**
 * The step a state belongs to. The compiler names a step's states `b`, `b:0`, `b:1`, …; a step
 * may itself be named like `b:1`, so a name is stripped only as far as needed to reach a step.
 */
function stepOfState(state: string, steps: ReadonlySet<string>): string {
  let name = state;
  while (!steps.has(name)) {
    const stripped = name.replace(/:\d+$/, '');
    if (stripped === name) return state.replace(/(:\d+)+$/, '');
    name = stripped;
  }
  return name;
}
