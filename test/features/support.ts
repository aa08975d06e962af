// Shared vocabulary of the feature suites: Flink's test Event(id, name, price) and SubEvent
// (with a volume), a recorder that feeds a Matcher and remembers arrival order, and canonical
// forms of outputs so that suites compare matches as multisets, as Flink's comparePatterns does.
import { expect } from 'vitest';
import { Matcher, type MatcherOptions } from '../../src/nfa/matcher.js';
import type { MatcherErrorOutput, MatcherOutput, MatchedEvents, MatchOutput, TimeoutOutput } from '../../src/nfa/outputs.js';
import { Pattern } from '../../src/pattern/pattern.js';

/** Flink's test `Event`: `id` is unique per test here (Flink reuses ids; we need them as labels). */
export interface Ev {
  readonly id: string;
  readonly name: string;
  readonly price: number;
}

/** Flink's test `SubEvent`: an `Event` with a volume. */
export interface SubEv extends Ev {
  readonly volume: number;
}

/** Makes an event; `id` is how the event is written in expected matches. */
export function ev(id: string, name: string, price = 0): Ev {
  return { id, name, price };
}

/** Makes a sub-event (Flink's `SubEvent`). */
export function sub(id: string, name: string, price: number, volume: number): SubEv {
  return { id, name, price, volume };
}

/** Type guard for `subtype(...)`, Flink's `subtype(SubEvent.class)`. */
export function isSub(event: Ev): event is SubEv {
  return 'volume' in event;
}

/** `name == n`. */
export const named =
  (n: string) =>
  (event: Ev): boolean =>
    event.name === n;

/** `name == n` for any event type with a name (what {@link named} is for {@link Ev}). */
function nameIs<T extends { readonly name: string }>(n: string): (event: T) => boolean {
  return (event) => event.name === n;
}

/**
 * The pattern most of Flink's CEPITCase and NFAITCase scenarios build: `start`, then any
 * `middle`, then any `end` (`followedByAny`), each step matching events by name.
 */
export function startMiddleEnd<T extends { readonly name: string }>(): Pattern<T> {
  const is = nameIs<T>;
  return Pattern.begin<T>('start').where(is('start')).followedByAny('middle').where(is('middle')).followedByAny('end').where(is('end'));
}

/**
 * CEPOperatorTest's NFAFactory: `start`, then any `middle` that is a sub-event (has a volume) with
 * a volume above 5, then any `end`, within 10 ms.
 */
export function operatorTestPattern<T extends { readonly name: string; readonly volume?: number }>(): Pattern<T> {
  const is = nameIs<T>;
  return Pattern.begin<T>('start')
    .where(is('start'))
    .followedByAny('middle')
    .subtype((event): event is T & { readonly volume: number } => event.volume !== undefined)
    .where((event) => event.volume > 5)
    .followedByAny('end')
    .where(is('end'))
    .within(10);
}

/**
 * The loop-then-optionals pattern of Flink's SameElementITCase and CEPOperatorTest's
 * ComplexNFAFactory (which adds `within(10)`): `c`, an optional loop of `a`, an optional `b`, then
 * an `a`, all relaxed.
 */
export function optionalLoopPattern<T extends { readonly name: string }>(): Pattern<T> {
  const is = nameIs<T>;
  return Pattern.begin<T>('start')
    .where(is('c'))
    .followedBy('middle1')
    .where(is('a'))
    .oneOrMore()
    .optional()
    .followedBy('middle2')
    .where(is('b'))
    .optional()
    .followedBy('end')
    .where(is('a'));
}

/** `name.contains(s)`, as AfterMatchSkipITCase writes its conditions. */
export const contains =
  (s: string) =>
  (event: Ev): boolean =>
    event.name.includes(s);

/** An input: an event and its timestamp. */
export type Input = readonly [Ev, number];

/** Events stamped 1, 2, 3, … in the given order (for Flink tests that give no timestamps). */
export function inOrder(...events: Ev[]): Input[] {
  return events.map((event, i) => [event, i + 1] as const);
}

/** Sorts a list of canonical strings, so expected lists can be written in any order. */
export function bag(items: readonly string[]): string[] {
  return [...items].sort();
}

/**
 * Feeds a Matcher and records every output together with the order in which events arrived,
 * so matches can be printed canonically: events in arrival order, whatever step took them.
 */
export class Recorder {
  readonly outputs: MatcherOutput<Ev>[] = [];
  readonly matcher: Matcher<Ev>;
  private readonly arrival = new Map<Ev, number>();

  constructor(pattern: Pattern<Ev, any>, options: MatcherOptions = {}) {
    this.matcher = new Matcher<Ev>(pattern, options);
  }

  /** Pushes one event; returns what this push emitted. */
  push(event: Ev, timestamp: number): MatcherOutput<Ev>[] {
    if (!this.arrival.has(event)) this.arrival.set(event, this.arrival.size);
    const emitted = this.matcher.push(event, timestamp);
    this.outputs.push(...emitted);
    return emitted;
  }

  /** Pushes every input in order. */
  pushAll(inputs: readonly Input[]): this {
    for (const [event, timestamp] of inputs) this.push(event, timestamp);
    return this;
  }

  /** Advances time without an event; returns what this emitted. */
  advanceTime(timestamp: number): MatcherOutput<Ev>[] {
    const emitted = this.matcher.advanceTime(timestamp);
    this.outputs.push(...emitted);
    return emitted;
  }

  /** Completed matches, in emission order. */
  matchOutputs(): MatchOutput<Ev>[] {
    return this.outputs.filter((o): o is MatchOutput<Ev> => o.kind === 'match');
  }

  /** Timed-out partial matches, in emission order. */
  timeoutOutputs(): TimeoutOutput<Ev>[] {
    return this.outputs.filter((o): o is TimeoutOutput<Ev> => o.kind === 'timeout');
  }

  /** Error outputs, in emission order. */
  errorOutputs(): MatcherErrorOutput<Ev>[] {
    return this.outputs.filter((o): o is MatcherErrorOutput<Ev> => o.kind === 'error');
  }

  /** Each match as its event ids in arrival order, e.g. `"a1 b1 c"`; the list sorted. */
  matches(): string[] {
    return bag(this.matchOutputs().map((m) => this.ids(m.events)));
  }

  /** Each match as `step=ids` in order of the step's first event, e.g. `"start=c middle=a1,a2 end=d"`. */
  shapes(): string[] {
    return bag(this.matchOutputs().map((m) => this.shape(m.events)));
  }

  /** Each timeout as `shape @timeoutTimestamp`, e.g. `"start=s1 middle=m @11"`. */
  timeouts(): string[] {
    return bag(this.timeoutOutputs().map((t) => `${this.shape(t.events)} @${t.timeoutTimestamp}`));
  }

  /** Live partial matches (including completed matches held back by the skip strategy). */
  get partialMatchCount(): number {
    return this.matcher.partialMatchCount;
  }

  /** Event ids of a (partial) match in arrival order. */
  ids(events: MatchedEvents<Ev>): string {
    return Object.values(events)
      .flat()
      .sort((x, y) => this.order(x) - this.order(y))
      .map((e) => e.id)
      .join(' ');
  }

  /** `step=ids` pairs in the order of each step's first event; events within a step as given. */
  shape(events: MatchedEvents<Ev>): string {
    return Object.entries(events)
      .filter(([, list]) => list.length > 0)
      .sort(([, x], [, y]) => this.order(x[0]!) - this.order(y[0]!))
      .map(([step, list]) => `${step}=${list.map((e) => e.id).join(',')}`)
      .join(' ');
  }

  private order(event: Ev): number {
    const index = this.arrival.get(event);
    if (index === undefined) throw new Error(`event ${event.id} is in an output but was never pushed`);
    return index;
  }
}

/** Runs a pattern over inputs (then advances time to `endTime`, if given) and returns the recorder. */
export function run(
  pattern: Pattern<Ev, any>,
  inputs: readonly Input[],
  options: MatcherOptions & { readonly endTime?: number } = {},
): Recorder {
  const recorder = new Recorder(pattern, options).pushAll(inputs);
  if (options.endTime !== undefined) recorder.advanceTime(options.endTime);
  return recorder;
}

/** Asserts the multiset of matches (event ids in arrival order), like Flink's comparePatterns. */
export function expectMatches(recorder: Recorder, expected: readonly string[]): void {
  expect(recorder.matches()).toEqual(bag(expected));
}

/** Asserts the multiset of match shapes (`step=ids …`). */
export function expectShapes(recorder: Recorder, expected: readonly string[]): void {
  expect(recorder.shapes()).toEqual(bag(expected));
}
