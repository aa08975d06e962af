// Hand-computed cases for the reference matcher itself: if the oracle is wrong, the property
// suite proves nothing. Expected outputs were worked out from the rules in its TSDoc (and, for
// the quirks, from Flink's NFACompiler), not by running anything.
import { describe, expect, it } from 'vitest';
import type { MatcherOutput, MatchedEvents } from '../../src/nfa/outputs.js';
import { Pattern } from '../../src/pattern/pattern.js';
import { AfterMatchSkipStrategy, type SkipStrategy } from '../../src/pattern/skip-strategy.js';
import { referenceMatches, type TieBreak } from '../../src/reference/reference-matcher.js';

interface Ev {
  readonly id: string;
  readonly type: string;
  readonly v: number;
}

const ev = (id: string, type = id.replace(/\d+$/, ''), v = 0): Ev => ({ id, type, v });
const is = (type: string) => (e: Ev) => e.type === type;

/** Runs the reference over events stamped 0, 1, 2, … (or the given timestamps). */
function run(pattern: Pattern<Ev, any>, events: readonly Ev[], options: { ts?: number[]; endTime?: number } = {}): MatcherOutput<Ev>[] {
  const inputs = events.map((event, i) => ({ event, timestamp: options.ts?.[i] ?? i }));
  return referenceMatches(pattern.toModel(), inputs, options.endTime === undefined ? {} : { endTime: options.endTime });
}

const order = (events: MatchedEvents<Ev>, stream: readonly Ev[]): string =>
  Object.values(events)
    .flat()
    .sort((x, y) => stream.indexOf(x) - stream.indexOf(y))
    .map((e) => e.id)
    .join(' ');

/** Matches as event ids in stream order, sorted. */
function matches(outputs: MatcherOutput<Ev>[], stream: readonly Ev[]): string[] {
  return outputs.flatMap((o) => (o.kind === 'match' ? [order(o.events, stream)] : [])).sort();
}

/** Timeouts as `ids @timeoutTimestamp`, sorted. */
function timeouts(outputs: MatcherOutput<Ev>[], stream: readonly Ev[]): string[] {
  return outputs.flatMap((o) => (o.kind === 'timeout' ? [`${order(o.events, stream)} @${o.timeoutTimestamp}`] : [])).sort();
}

describe('Flink docs: a b+ c on a b1 b2 b3 c', () => {
  const stream = [ev('a'), ev('b1'), ev('b2'), ev('b3'), ev('c')];
  const abc = (connect: 'next' | 'followedBy' | 'followedByAny', inner: (p: Pattern<Ev>) => Pattern<Ev> = (p) => p) =>
    inner(Pattern.begin<Ev>('a').where(is('a'))[connect]('b').where(is('b')).oneOrMore()).followedBy('c').where(is('c'));

  it('followedBy: b events are relaxed-contiguous, starting at b1', () => {
    expect(matches(run(abc('followedBy'), stream), stream)).toEqual(['a b1 b2 b3 c', 'a b1 b2 c', 'a b1 c']);
  });

  it('next: the first b must follow a directly', () => {
    expect(matches(run(abc('next'), stream), stream)).toEqual(['a b1 b2 b3 c', 'a b1 b2 c', 'a b1 c']);
  });

  it('followedByAny: the first b may be any later b', () => {
    expect(matches(run(abc('followedByAny'), stream), stream)).toEqual([
      'a b1 b2 b3 c',
      'a b1 b2 c',
      'a b1 c',
      'a b2 b3 c',
      'a b2 c',
      'a b3 c',
    ]);
  });

  it('consecutive: the same three, as the b events are adjacent anyway', () => {
    expect(matches(run(abc('followedBy', (p) => p.consecutive()), stream), stream)).toEqual(['a b1 b2 b3 c', 'a b1 b2 c', 'a b1 c']);
  });

  it('allowCombinations: any subset of the later b events after b1', () => {
    expect(matches(run(abc('followedBy', (p) => p.allowCombinations()), stream), stream)).toEqual([
      'a b1 b2 b3 c',
      'a b1 b2 c',
      'a b1 b3 c',
      'a b1 c',
    ]);
  });

  it('followedByAny with allowCombinations: every non-empty subset of the b events', () => {
    expect(matches(run(abc('followedByAny', (p) => p.allowCombinations()), stream), stream)).toHaveLength(7);
  });

  it('the docs stream with noise: relaxed skips d, combinations also skip b2', () => {
    const noisy = [ev('a'), ev('b1'), ev('d1'), ev('b2'), ev('d2'), ev('b3'), ev('c')];
    expect(matches(run(abc('followedBy'), noisy), noisy)).toEqual(['a b1 b2 b3 c', 'a b1 b2 c', 'a b1 c']);
    expect(matches(run(abc('followedBy', (p) => p.allowCombinations()), noisy), noisy)).toEqual([
      'a b1 b2 b3 c',
      'a b1 b2 c',
      'a b1 b3 c',
      'a b1 c',
    ]);
    expect(matches(run(abc('followedBy', (p) => p.consecutive()), noisy), noisy)).toEqual(['a b1 c']);
  });
});

describe('quantifiers and contiguity between steps', () => {
  it('followedBy skips events that do not match, but not ones that do', () => {
    const stream = [ev('a'), ev('x'), ev('b1'), ev('b2')];
    const pattern = Pattern.begin<Ev>('a').where(is('a')).followedBy('b').where(is('b'));
    expect(matches(run(pattern, stream), stream)).toEqual(['a b1']);
  });

  it('an optional step may be skipped; then the next step own connection governs the gap', () => {
    const stream = [ev('a'), ev('x'), ev('c')];
    const skipB = (connect: 'next' | 'followedBy') =>
      Pattern.begin<Ev>('a').where(is('a')).followedBy('b').where(is('b')).optional()[connect]('c').where(is('c'));
    expect(matches(run(skipB('followedBy'), stream), stream)).toEqual(['a c']);
    expect(matches(run(skipB('next'), stream), stream)).toEqual([]);
  });

  it('times(2, 3) emits every count in range', () => {
    const stream = [ev('a1'), ev('a2'), ev('a3')];
    const pattern = Pattern.begin<Ev>('a').where(is('a')).times(2, 3);
    expect(matches(run(pattern, stream), stream)).toEqual(['a1 a2', 'a1 a2 a3', 'a2 a3']);
  });

  it('until stops a loop: its event is neither taken nor skipped inside the loop', () => {
    const stream = [ev('a1', 'a', 1), ev('a2', 'a', 1), ev('a3', 'a', 9), ev('b')];
    const pattern = Pattern.begin<Ev>('a')
      .where(is('a'))
      .oneOrMore()
      .until((e) => e.v > 5)
      .followedBy('b')
      .where(is('b'));
    expect(matches(run(pattern, stream), stream)).toEqual(['a1 a2 b', 'a1 b', 'a2 b']);
  });

  it('greedy takes every event of the loop it can and emits only the longest match', () => {
    const stream = [ev('c'), ev('a1'), ev('a2'), ev('a3'), ev('d')];
    const loop = Pattern.begin<Ev>('c').where(is('c')).followedBy('a').where(is('a')).oneOrMore();
    expect(matches(run(loop.greedy().followedBy('d').where(is('d')), stream), stream)).toEqual(['c a1 a2 a3 d']);
    expect(matches(run(loop.followedBy('d').where(is('d')), stream), stream)).toEqual(['c a1 a2 a3 d', 'c a1 a2 d', 'c a1 d']);
  });
});

describe('negations', () => {
  const aNotNext = Pattern.begin<Ev>('a').where(is('a')).notNext('n').where(is('n'));

  it('notNext last completes on the next event when it is allowed', () => {
    expect(matches(run(aNotNext, [ev('a'), ev('x')]), [])).toHaveLength(1);
    expect(matches(run(aNotNext, [ev('a'), ev('n')]), [])).toEqual([]);
    expect(matches(run(aNotNext, [ev('a')]), [])).toEqual([]);
  });

  it('notNext in the middle bans only the event right after the step', () => {
    const pattern = Pattern.begin<Ev>('a').where(is('a')).notNext('n').where(is('n')).followedBy('b').where(is('b'));
    const ok = [ev('a'), ev('x'), ev('n'), ev('b')];
    expect(matches(run(pattern, ok), ok)).toEqual(['a b']);
    const banned = [ev('a'), ev('n'), ev('b')];
    expect(matches(run(pattern, banned), banned)).toEqual([]);
  });

  it('notNext after a loop bans the event after every event that could end the loop', () => {
    const pattern = Pattern.begin<Ev>('a').where(is('a')).oneOrMore().notNext('n').where(is('n')).followedBy('b').where(is('b'));
    const stream = [ev('a1'), ev('n'), ev('a2'), ev('b')];
    // a1 is followed by n: runs holding a1 die there; a2 starts afresh.
    expect(matches(run(pattern, stream), stream)).toEqual(['a2 b']);
  });

  const aNotFollowedByB = Pattern.begin<Ev>('a').where(is('a')).notFollowedBy('n').where(is('n')).followedBy('b').where(is('b'));

  it('notFollowedBy in the middle bans every event up to the next step', () => {
    const banned = [ev('a'), ev('n'), ev('b')];
    expect(matches(run(aNotFollowedByB, banned), banned)).toEqual([]);
    const after = [ev('a'), ev('b'), ev('n')];
    expect(matches(run(aNotFollowedByB, after), after)).toEqual(['a b']);
  });

  it('Flink quirk: a ban on the completing event itself does not stop the completion', () => {
    const pattern = Pattern.begin<Ev>('a')
      .where(is('a'))
      .notFollowedBy('n')
      .where((e) => e.v > 5)
      .followedBy('b')
      .where(is('b'));
    const stream = [ev('a'), ev('b', 'b', 9)];
    expect(matches(run(pattern, stream), stream)).toEqual(['a b']);
  });

  const aThenNothing = (loop: boolean) => {
    const a = Pattern.begin<Ev>('a').where(is('a'));
    return (loop ? a.oneOrMore() : a).notFollowedBy('n').where(is('n')).within(5);
  };

  it('notFollowedBy last completes when the window ends without a banned event', () => {
    expect(matches(run(aThenNothing(false), [ev('a'), ev('x')], { endTime: 10 }), [])).toHaveLength(1);
    expect(run(aThenNothing(false), [ev('a'), ev('n')], { endTime: 10 })).toEqual([]);
    // The window of a at 0 ends at 5: not yet reached at 4.
    expect(run(aThenNothing(false), [ev('a')], { endTime: 4 })).toEqual([]);
    expect(matches(run(aThenNothing(false), [ev('a')], { endTime: 5 }), [])).toHaveLength(1);
  });

  it('Flink quirk: after a loop, notFollowedBy last needs an event after the loop, else it times out', () => {
    const alone = [ev('a1')];
    const onlyA = run(aThenNothing(true), alone, { endTime: 10 });
    expect(matches(onlyA, alone)).toEqual([]);
    expect(timeouts(onlyA, alone)).toEqual(['a1 @5']);
    // With an event after a1, the run that moved on completes; the run still in the loop times out.
    const withX = [ev('a1'), ev('x')];
    const outputs = run(aThenNothing(true), withX, { endTime: 10 });
    expect(matches(outputs, withX)).toEqual(['a1']);
    expect(timeouts(outputs, withX)).toEqual(['a1 @5']);
  });

  it('Flink quirk: an optional step that let an event pass brings back the bans before it', () => {
    // a notFollowedBy(n) b? c?: after b1 the ban on n has lapsed, but once c's wait let x pass,
    // c's ignore state carries the ban again (NFACompiler.createSingletonState, addStopStates).
    const pattern = Pattern.begin<Ev>('a')
      .where(is('a'))
      .notFollowedBy('n')
      .where(is('n'))
      .followedBy('b')
      .where(is('b'))
      .optional()
      .followedBy('c')
      .where(is('c'))
      .optional();
    const direct = [ev('a'), ev('b1'), ev('n'), ev('c')];
    expect(matches(run(pattern, direct), direct)).toEqual(['a', 'a b1', 'a b1 c']);
    const afterNoise = [ev('a'), ev('b1'), ev('x'), ev('n'), ev('c')];
    expect(matches(run(pattern, afterNoise), afterNoise)).toEqual(['a', 'a b1']);
  });

  it('Flink quirk: times(m, n) past m lets events pass under the bans before the step', () => {
    // a notFollowedBy(n) b{1,2} c: waiting for a second b after letting x pass, n kills the run.
    const bTimes = Pattern.begin<Ev>('a')
      .where(is('a'))
      .notFollowedBy('n')
      .where(is('n'))
      .followedBy('b')
      .where(is('b'))
      .times(1, 2)
      .followedBy('c')
      .where(is('c'));
    const stream = [ev('a'), ev('b1'), ev('x'), ev('n'), ev('b2'), ev('c')];
    expect(matches(run(bTimes, stream), stream)).toEqual(['a b1 c']);
    // …and not under the notFollowedBy after it: a{1,2} notFollowedBy(n) c lets n pass there.
    const aTimes = Pattern.begin<Ev>('a').where(is('a')).times(1, 2).notFollowedBy('n').where(is('n')).followedBy('c').where(is('c'));
    const stream2 = [ev('a1'), ev('x'), ev('n'), ev('a2'), ev('c')];
    expect(matches(run(aTimes, stream2), stream2)).toEqual(['a1 a2 c', 'a2 c']);
  });
});

describe('greedy', () => {
  it('the place after a greedy loop stays guarded while the run waits there', () => {
    // c a+ (greedy) then v > 4: after a1 the run waits for a high event, and every event it lets
    // pass or takes there must not be an a, so a9 (high, but an a) cannot end the match.
    const pattern = Pattern.begin<Ev>('c').where(is('c')).followedBy('a').where(is('a')).oneOrMore().greedy().followedBy('high').where((e) => e.v > 4);
    const stream = [ev('c'), ev('a1'), ev('x'), ev('a9', 'a', 9)];
    expect(matches(run(pattern, stream), stream)).toEqual([]);
    const later = [...stream, ev('b9', 'b', 9)];
    expect(matches(run(pattern, later), later)).toEqual(['c a1 a9 b9']);
  });

  it('skipping an optional greedy loop guards the next place too', () => {
    const pattern = Pattern.begin<Ev>('c').where(is('c')).followedBy('a').where(is('a')).oneOrMore().optional().greedy().followedBy('a2').where(is('a'));
    const stream = [ev('c'), ev('x'), ev('a')];
    expect(matches(run(pattern, stream), stream)).toEqual([]);
  });

  it('Flink quirk: not when the optional greedy loop has a notFollowedBy before it', () => {
    // NFACompiler copies the next state without the ban for the loop's exit and guards only the
    // copy; skipping the loop goes to the original, unguarded state.
    const pattern = Pattern.begin<Ev>('c')
      .where(is('c'))
      .notFollowedBy('n')
      .where(is('n'))
      .followedBy('a')
      .where(is('a'))
      .oneOrMore()
      .optional()
      .greedy()
      .followedBy('a2')
      .where(is('a'));
    const stream = [ev('c'), ev('x'), ev('a')];
    expect(matches(run(pattern, stream), stream)).toEqual(['c a']);
  });
});

describe('windows and timeouts', () => {
  const ab = Pattern.begin<Ev>('a').where(is('a')).followedBy('b').where(is('b')).within(5);

  it('a match must end before first.ts + within', () => {
    const stream = [ev('a'), ev('b')];
    expect(matches(run(ab, stream, { ts: [0, 4] }), stream)).toEqual(['a b']);
    expect(matches(run(ab, stream, { ts: [0, 5] }), stream)).toEqual([]);
  });

  it('a partial match times out when time reaches its window end, by event or by endTime', () => {
    const stream = [ev('a'), ev('x'), ev('b')];
    expect(timeouts(run(ab, stream, { ts: [0, 2, 6] }), stream)).toEqual(['a @5']);
    expect(timeouts(run(ab, stream.slice(0, 2), { ts: [0, 2], endTime: 10 }), stream)).toEqual(['a @5']);
    expect(timeouts(run(ab, stream.slice(0, 2), { ts: [0, 2], endTime: 4 }), stream)).toEqual([]);
  });

  it('a loop that already matched still times out with its events', () => {
    const pattern = Pattern.begin<Ev>('a').where(is('a')).oneOrMore().within(3);
    const stream = [ev('a1'), ev('a2')];
    const outputs = run(pattern, stream, { endTime: 10 });
    expect(matches(outputs, stream)).toEqual(['a1', 'a1 a2', 'a2']);
    // [a1] alone is gone: a2 could only be taken (relaxed contiguity does not skip a match).
    expect(timeouts(outputs, stream)).toEqual(['a1 a2 @3', 'a2 @4']);
  });
});

describe('after-match skip strategies', () => {
  const ab = (skip: SkipStrategy) => Pattern.begin<Ev>('a', skip).where(is('a')).followedBy('b').where(is('b'));
  const stream = [ev('a1'), ev('a2'), ev('b1')];

  it('noSkip and skipToNext emit both matches; skipPastLastEvent only the first', () => {
    expect(matches(run(ab(AfterMatchSkipStrategy.noSkip()), stream), stream)).toEqual(['a1 b1', 'a2 b1']);
    expect(matches(run(ab(AfterMatchSkipStrategy.skipToNext()), stream), stream)).toEqual(['a1 b1', 'a2 b1']);
    expect(matches(run(ab(AfterMatchSkipStrategy.skipPastLastEvent()), stream), stream)).toEqual(['a1 b1']);
  });

  it('skipToFirst prunes what started before the target event', () => {
    expect(matches(run(ab(AfterMatchSkipStrategy.skipToFirst('b')), stream), stream)).toEqual(['a1 b1']);
    expect(matches(run(ab(AfterMatchSkipStrategy.skipToFirst('a')), stream), stream)).toEqual(['a1 b1', 'a2 b1']);
  });

  it('throwOnMiss turns a match whose target is its first event into an error', () => {
    const outputs = run(ab(AfterMatchSkipStrategy.skipToFirst('a', { throwOnMiss: true })), stream);
    expect(outputs.map((o) => o.kind)).toEqual(['error', 'error']);
    expect(outputs.every((o) => o.kind === 'error' && o.code === 'skip-target-missing')).toBe(true);
  });

  // start: v < 3, then end: v > start.v + 5 (iterative). e1-e2 completes first, but the run that
  // started at e0 is still alive, so that match is held back until e0's run resolves.
  const rising = (skip: SkipStrategy) =>
    Pattern.begin<Ev>('start', skip)
      .where((e) => e.v < 3)
      .followedBy('end')
      .where((e, ctx) => e.v > ctx.eventsFor('start')[0]!.v + 5);
  const e0 = ev('e0', 'x', 2);
  const e1 = ev('e1', 'x', 0);
  const e2 = ev('e2', 'x', 6);
  const e3 = ev('e3', 'x', 8);

  it('a match waits for earlier partial matches, which may then prune it', () => {
    const all = [e0, e1, e2, e3];
    expect(matches(run(rising(AfterMatchSkipStrategy.noSkip()), all), all)).toEqual(['e0 e3', 'e1 e2']);
    expect(matches(run(rising(AfterMatchSkipStrategy.skipPastLastEvent()), all), all)).toEqual(['e0 e3']);
    expect(matches(run(rising(AfterMatchSkipStrategy.skipToNext()), all), all)).toEqual(['e0 e3', 'e1 e2']);
  });

  // a1 b and a1 a2 b both start at a1 and complete on b: Flink may emit either first, and under
  // skipToNext the first one prunes the other.
  const tie = Pattern.begin<Ev>('a', AfterMatchSkipStrategy.skipToNext()).where(is('a')).times(1, 2).followedBy('b').where(is('b'));
  const tied = [ev('a1'), ev('a2'), ev('b')];
  const run2 = (tieBreak: TieBreak<Ev>) =>
    referenceMatches(tie.toModel(), tied.map((event, i) => ({ event, timestamp: i })), { tieBreak });

  it('ties between matches with the same first event go by completion, then event indices', () => {
    expect(matches(run(tie, tied), tied)).toEqual(['a1 a2 b', 'a2 b']);
  });

  it('a tie-break may pick any way Flink could emit the tied group, and nothing else', () => {
    const shortFirst: TieBreak<Ev> = (group) => [group.findIndex((t) => Object.values(t.output.kind === 'match' ? t.output.events : {}).flat().length === 2)];
    expect(matches(run2(shortFirst), tied)).toEqual(['a1 b', 'a2 b']);
    // Both prune their own start: emitting both is not possible.
    expect(() => run2((group) => group.map((_, i) => i))).toThrow(/not a way Flink can emit/);
  });

  it('a held match is emitted when the earlier partial match times out, and never without a window', () => {
    const three = [e0, e1, e2];
    expect(run(rising(AfterMatchSkipStrategy.skipPastLastEvent()), three, { endTime: 100 })).toEqual([]);
    const windowed = run(rising(AfterMatchSkipStrategy.skipPastLastEvent()).within(5), three, { endTime: 100 });
    expect(windowed.map((o) => o.kind)).toEqual(['timeout', 'match']);
    expect(matches(windowed, three)).toEqual(['e1 e2']);
    expect(timeouts(windowed, three)).toEqual(['e0 @5']);
  });
});

describe('per-step windows (Flink: within(time, PREVIOUS_AND_CURRENT))', () => {
  // NFAITCase#testSimplePatternWithTimeoutHandlingWithinPreviousAndCurrent, on the reference alone.
  it('a place waiting for a step with a window ends at the last taken event + the window', () => {
    const stream = [ev('s1', 'start'), ev('s2', 'start'), ev('m', 'middle'), ev('x'), ev('e5', 'end'), ev('e6', 'end')];
    const pattern = Pattern.begin<Ev>('start').where(is('start')).followedByAny('middle').where(is('middle')).followedByAny('end').where(is('end')).within(10, 'previous-and-current');
    const outputs = run(pattern, stream, { ts: [1, 2, 3, 4, 11, 13] });
    expect(matches(outputs, stream)).toEqual(['s1 m e5', 's2 m e5']);
    expect(timeouts(outputs, stream)).toEqual(['s1 m @13', 's2 m @13']);
  });

  it("an optional step's place after it let an event pass has no window; the next step's place has", () => {
    const pattern = Pattern.begin<Ev>('a').where(is('a')).followedBy('b').where(is('b')).optional().within(5, 'previous-and-current').followedBy('c').where(is('c'));
    const direct = [ev('a'), ev('b'), ev('c')];
    const viaX = [ev('a'), ev('x'), ev('b'), ev('c')];
    expect(matches(run(pattern, direct, { ts: [0, 10, 11] }), direct)).toEqual([]);
    expect(timeouts(run(pattern, direct, { ts: [0, 10, 11] }), direct)).toEqual(['a @5']);
    expect(matches(run(pattern, viaX, { ts: [0, 1, 10, 11] }), viaX)).toEqual(['a b c', 'a c']);
  });

  it('both windows: the step window end is reported when time passes both at once', () => {
    const stream = [ev('a'), ev('b'), ev('x')];
    const pattern = Pattern.begin<Ev>('a').where(is('a')).followedBy('b').where(is('b')).followedBy('c').where(is('c')).within(5, 'previous-and-current').within(6);
    expect(timeouts(run(pattern, stream, { ts: [0, 3, 50] }), stream)).toEqual(['a b @8']);
    // Passing each window end in turn (as the keyed runtime's timers do), the earlier one wins.
    const inTurn = referenceMatches(pattern.toModel(), stream.map((event, i) => ({ event, timestamp: [0, 3, 50][i]! })), { throughDeadlines: true });
    expect(timeouts(inTurn, stream)).toEqual(['a b @6']);
  });

  it('a trailing notFollowedBy with its own window completes when it ends', () => {
    const stream = [ev('a1', 'a'), ev('b1', 'b'), ev('a2', 'a'), ev('c'), ev('b2', 'b'), ev('a3', 'a'), ev('b3', 'b')];
    const pattern = Pattern.begin<Ev>('a').where(is('a')).notFollowedBy('b').where(is('b')).within(3, 'previous-and-current');
    expect(matches(run(pattern, stream, { ts: [1, 2, 4, 5, 10, 11, 13] }), stream)).toEqual(['a2']);
  });
});
