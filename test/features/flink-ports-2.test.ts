// More of Flink's CEP scenarios that no feature suite had ported yet: the buffer-clearing cases of
// NFAITCase with a per-step window (WithinType.PREVIOUS_AND_CURRENT), CEPITCase's completed match
// that is held back by the skip strategy until the partial matches before it time out,
// NFAStatusChangeITCase (whether an event or a time step changed the state) and the pattern rules
// of NFACompilerTest. Expected outputs are transcribed from Flink's tests.
//
// Flink counts the partial matches of its NFAState, which always include the start state; ours is
// implicit, so a count of Flink's "1, at start" is 0 here. Flink's "the NFA state changed" flag is,
// here, the matcher handing back a different state object: the step functions return the very
// same object when an event or a time step changed nothing.
import { describe, expect, it } from 'vitest';
import { Pattern } from '../../src/pattern/pattern.js';
import { PatternError } from '../../src/pattern/pattern-error.js';
import { AfterMatchSkipStrategy } from '../../src/pattern/skip-strategy.js';
import { validatePattern } from '../../src/pattern/validate.js';
import { Recorder, ev, named, run, type Ev, type Input } from './support.js';

/** Each live partial match as `waiting-state: event ids`, sorted. */
function kept(recorder: Recorder): string[] {
  return recorder.matcher.state.runs
    .map((r) => {
      const events: string[] = [];
      for (let node = r.last; node !== null; node = node.previous) events.unshift(node.event.id);
      return `${recorder.matcher.nfa.states[r.state]!.step}: ${events.join(' ')}`;
    })
    .sort();
}

/** The issue codes validation reports for a pattern, with the step each concerns. */
const issuesOf = (pattern: Pattern<Ev, any>) => validatePattern(pattern.toModel()).map((issue) => `${issue.code} ${issue.step}`);

describe('NFAITCase: buffer clearing with a per-step window', () => {
  const c = ev('c', 'c', 1);
  const a1 = ev('a1', 'a', 2);
  const a2 = ev('a2', 'a', 3);
  const a3 = ev('a3', 'a', 4);
  const b = ev('b', 'b', 5);

  // Flink: NFAITCase#testTimesClearingBufferWithinPreviousAndCurrent
  it('c next a{2} followedBy b, window 8 on b: only the start state is left', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .next('middle')
      .where(named('a'))
      .times(2)
      .followedBy('end1')
      .where(named('b'))
      .within(8, 'previous-and-current');
    const recorder = run(pattern, [[c, 1], [a1, 2], [a2, 3], [a3, 4], [b, 6]], { endTime: 10 });
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: NFAITCase#testOptionalClearingBufferWithinPreviousAndCurrent
  it('c a? b, window 8 on b: only the start state is left', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .followedBy('middle')
      .where(named('a'))
      .optional()
      .followedBy('end1')
      .where(named('b'))
      .within(8, 'previous-and-current');
    const recorder = run(pattern, [[c, 1], [a3, 5], [b, 6]], { endTime: 10 });
    expect(recorder.partialMatchCount).toBe(0);
  });

  // Flink: NFAITCase#testZeroOrMoreClearingBufferWithinPreviousAndCurrent
  // Flink keeps three partial matches, "middle:0", "middle:0" and "start": the window is on b's
  // state only, so the two partial matches still looping on a (allowCombinations keeps the one
  // that let a2 pass) are not bounded by it.
  it('c a* (combinations) b, window 8 on b: the two partial matches in the loop are kept', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('c'))
      .followedBy('middle')
      .where(named('a'))
      .oneOrMore()
      .allowCombinations()
      .optional()
      .followedBy('end1')
      .where(named('b'))
      .within(8, 'previous-and-current');
    const recorder = run(pattern, [[c, 1], [a1, 3], [a2, 4], [b, 6]], { endTime: 10 });
    expect(recorder.partialMatchCount).toBe(2);
    // Which two: Flink names only their state; these are the ones its automaton keeps there.
    expect(kept(recorder)).toEqual(['middle: c a1', 'middle: c a1 a2']);
  });

  // Flink: NFAITCase#testLoopClearingWithinPreviousAndCurrent
  // Flink accepts a per-step window on the first step and keeps both events (its buffer holds 2):
  // such a window bounds nothing. Here validation rejects that window as having no effect, so the
  // scenario runs without it and must keep both events, as Flink does.
  it('a{4} with a window of its own on the first step: the window is rejected, nothing is cleared', () => {
    const withStepWindow = Pattern.begin<Ev>('start', AfterMatchSkipStrategy.skipPastLastEvent())
      .times(4)
      .where(named('a'))
      .within(3, 'previous-and-current');
    expect(issuesOf(withStepWindow)).toEqual(['step-window-ignored start']);
    expect(() => new Recorder(withStepWindow)).toThrow(PatternError);

    const pattern = Pattern.begin<Ev>('start', AfterMatchSkipStrategy.skipPastLastEvent()).times(4).where(named('a'));
    const recorder = run(pattern, [[ev('a1', 'a', 1), 1], [ev('a2', 'a', 1), 2]], { endTime: 4 });
    expect(kept(recorder)).toEqual(['start: a1 a2', 'start: a2']);
  });
});

describe('CEPITCase: a completed match held back by the skip strategy', () => {
  // Flink: CEPITCase#testPartialMatchTimeoutOutputCompletedMatch
  // Events in event time 0..4 (Flink's watermarks trail by 5, then the end of input ends every
  // window). s1..s4 are all taken greedily; the middle step wants an "end" event when start holds
  // at most two events, else a "middle" one. Flink selects "first start id, middle id".
  it('start+ (consecutive, greedy) followedBy an iterative middle, skip past last, within 100', () => {
    const pattern = Pattern.begin<Ev>('start', AfterMatchSkipStrategy.skipPastLastEvent())
      .where(named('start'))
      .oneOrMore()
      .consecutive()
      .greedy()
      .followedBy('middle')
      .where((e, ctx) => (ctx.getEventsForPattern('start').length > 2 ? e.name === 'middle' : e.name === 'end'))
      .within(100);
    const input: Input[] = [
      [ev('s1', 'start', 1), 0],
      [ev('s2', 'start', 2), 1],
      [ev('s3', 'start', 3), 2],
      [ev('s4', 'start', 4), 3],
      [ev('e5', 'end', 5), 4],
    ];
    const recorder = run(pattern, input, { endTime: Infinity });
    const selected = recorder.matchOutputs().map((m) => `${m.events['start']![0]!.id},${m.events['middle']![0]!.id}`);
    expect(selected.sort()).toEqual(['s3,e5']);
  });
});

describe('NFAStatusChangeITCase: whether a step changed the state', () => {
  /** Pushes an event (or only advances time) and says whether the matcher's state object changed. */
  function changes(recorder: Recorder, step: Ev | null, timestamp: number): boolean {
    const before = recorder.matcher.state;
    if (step === null) recorder.advanceTime(timestamp);
    else recorder.push(step, timestamp);
    return recorder.matcher.state !== before;
  }

  // Flink: NFAStatusChangeITCase#testNFAChange
  it('a, any b* (combinations), then d, then e, within 10', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('a'))
      .followedByAny('middle')
      .where((e) => e.name === 'b')
      .oneOrMore()
      .optional()
      .allowCombinations()
      .followedBy('middle2')
      .where((e) => e.name === 'd')
      .followedBy('end')
      .where((e) => e.name === 'e')
      .within(10);
    const recorder = new Recorder(pattern);
    // b does not start a match.
    expect(changes(recorder, ev('b1', 'b', 1), 1)).toBe(false);
    // a starts one.
    expect(changes(recorder, ev('a2', 'a', 1), 2)).toBe(true);
    // Flink: its partial match at the optional middle branches on f (ignore at middle, and go on
    // to middle2 and ignore there), which changes its queue of computation states.
    expect(changes(recorder, ev('f3', 'f', 1), 3)).toBe(true);
    // Flink: another f only meets the ignore edges of states already there: nothing changes.
    expect(changes(recorder, ev('f4', 'f', 1), 4)).toBe(false);
    // b is taken by middle, d by middle2.
    expect(changes(recorder, ev('b5', 'b', 1), 5)).toBe(true);
    expect(changes(recorder, ev('d6', 'd', 1), 6)).toBe(true);
    // Time 8 is inside the window: nothing changes.
    expect(changes(recorder, null, 8)).toBe(false);
    // Time 12 is past it: the partial matches time out.
    const timeoutsBefore = recorder.timeoutOutputs().length;
    expect(changes(recorder, null, 12)).toBe(true);
    expect(recorder.timeoutOutputs().length).toBeGreaterThan(timeoutsBefore);
  });

  // Flink: NFAStatusChangeITCase#testNFAChangedOnOneNewComputationState
  it('start, a* (followedBy), next b, within 10: an a taken by the loop changes the state', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .followedBy('a*')
      .where(named('a'))
      .oneOrMore()
      .optional()
      .next('end')
      .where((e) => e.name === 'b')
      .within(10);
    const recorder = new Recorder(pattern);
    recorder.push(ev('s6', 'start', 1), 6);
    expect(changes(recorder, ev('a7', 'a', 1), 7)).toBe(true);
  });

  // Flink: NFAStatusChangeITCase#testNFAChangedOnTimeoutWithoutPrune
  it('start followedBy end within 10: an end after the window changes the state (the partial match is gone)', () => {
    const pattern = Pattern.begin<Ev>('start')
      .where((e) => e.name === 'start')
      .followedBy('end')
      .where((e) => e.name === 'end')
      .within(10);
    const recorder = new Recorder(pattern);
    recorder.push(ev('s6', 'start', 1), 6);
    expect(changes(recorder, ev('e17', 'end', 1), 17)).toBe(true);
    expect(recorder.partialMatchCount).toBe(0);
  });
});

describe('NFACompilerTest: patterns the compiler rejects', () => {
  // Flink: NFACompilerTest#testNFACompilerUniquePatternName
  it('two steps named start', () => {
    const pattern = Pattern.begin<Ev>('start').where(named('x')).followedBy('middle').where(named('x')).followedBy('start').where(named('x'));
    expect(issuesOf(pattern)).toEqual(['duplicate-name start']);
    expect(() => new Recorder(pattern)).toThrow(PatternError);
  });

  // Flink: NFACompilerTest#testNFACompilerPatternEndsWithNotFollowedBy
  // (Later Flink versions accept a trailing notFollowedBy when the pattern has a window; this one
  // has none.)
  it('a trailing notFollowedBy without a window', () => {
    const pattern = Pattern.begin<Ev>('start').where(named('x')).followedBy('middle').where(named('x')).notFollowedBy('end').where(named('x'));
    expect(issuesOf(pattern)).toEqual(['negation-last-without-window end']);
    expect(() => new Recorder(pattern)).toThrow(PatternError);
  });

  // Flink: NFACompilerTest#testSkipToNotExistsMatchingPattern
  it('skipToLast names a step the pattern does not have', () => {
    const pattern = Pattern.begin<Ev>('start', AfterMatchSkipStrategy.skipToLast('midd'))
      .where((e) => e.name.includes('a'))
      .next('middle')
      .where((e) => e.name.includes('d'))
      .oneOrMore()
      .optional()
      .next('end')
      .where((e) => e.name.includes('c'));
    expect(issuesOf(pattern)).toEqual(['skip-target-unknown null']);
    expect(() => new Recorder(pattern)).toThrow(PatternError);
  });

  // Flink: NFACompiler#checkPatternSkipStrategy (no test of its own) walks the pattern's chain of
  // steps and never enters a group, so a target inside a group "can not be found" either.
  it('skipToFirst names a step inside a group', () => {
    const group = Pattern.begin<Ev>('a').where(named('a')).next('b').where(named('b'));
    const pattern = Pattern.begin<Ev>('start', AfterMatchSkipStrategy.skipToFirst('b')).where(named('c')).followedBy(group).oneOrMore().followedBy('end').where(named('d'));
    expect(issuesOf(pattern)).toEqual(['skip-target-in-group null']);
    expect(() => new Recorder(pattern)).toThrow(PatternError);
    // The group's own steps around it are fine to name.
    expect(issuesOf(pattern.withSkipStrategy(AfterMatchSkipStrategy.skipToFirst('end')))).toEqual([]);
  });
});
