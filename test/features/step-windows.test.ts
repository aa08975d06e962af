// Per-step windows, Flink's within(time, WithinType.PREVIOUS_AND_CURRENT): the event a step takes
// must come less than its window after the event taken before it. A partial match waiting in the
// step's state times out at previous.ts + window; a trailing notFollowedBy completes then. The
// first scenarios are Flink's own tests (NFAITCase, NotPatternITCase, NFACompilerTest), the rest
// pin the rules those tests leave implicit. The README's Windows section states the rules in prose.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/nfa/compile.js';
import { Pattern } from '../../src/pattern/pattern.js';
import { validatePattern } from '../../src/pattern/validate.js';
import { ev, expectMatches, expectShapes, named, run, startMiddleEnd, type Ev, type Input } from './support.js';

describe("Flink's scenarios", () => {
  // Flink: NFAITCase#testSimplePatternWithTimeWindowNFAWithinPreviousAndCurrent
  it('only the gap between the previous event and the current one counts, not the whole match', () => {
    const [s1, s2, middle, end] = [ev('s1', 'start'), ev('s2', 'start'), ev('middle', 'middle'), ev('end', 'end')];
    const pattern = Pattern.begin<Ev>('start')
      .where(named('start'))
      .followedBy('middle')
      .where(named('middle'))
      .followedBy('end')
      .where(named('end'))
      .within(9, 'previous-and-current');
    const input: Input[] = [[s1, 1], [s2, 2], [middle, 3], [ev('foobar', 'foobar'), 4], [end, 11], [ev('end2', 'end'), 13]];
    // end@11 is 8 after middle@3 (< 9): both starts match, though s1 is 10 before the end.
    expectMatches(run(pattern, input), ['s1 middle end', 's2 middle end']);
  });

  // Flink: NFAITCase#testSimplePatternWithTimeoutHandlingWithinPreviousAndCurrent
  it('a partial match waiting for the step times out at the previous event + the window', () => {
    const pattern = startMiddleEnd<Ev>().within(10, 'previous-and-current');
    const input: Input[] = [
      [ev('s1', 'start'), 1], [ev('s2', 'start'), 2], [ev('middle', 'middle'), 3], [ev('foobar', 'foobar'), 4], [ev('e5', 'end'), 11], [ev('e6', 'end'), 13],
    ];
    const recorder = run(pattern, input);
    expectShapes(recorder, ['start=s1 middle=middle end=e5', 'start=s2 middle=middle end=e5']);
    // Only 'end' has a window: the partial matches still waiting for a middle never time out.
    expect(recorder.timeouts()).toEqual(['start=s1 middle=middle @13', 'start=s2 middle=middle @13']);
  });

  // Flink: NFAITCase#testPendingStateMatchesWithinPreviousAndCurrent
  it('a trailing notFollowedBy with a window of its own completes when that window ends', () => {
    const pattern = Pattern.begin<Ev>('start').where(named('start')).notFollowedBy('middle').where(named('middle')).within(5, 'previous-and-current');
    const input: Input[] = [[ev('s1', 'start'), 1], [ev('m2', 'middle'), 4], [ev('s3', 'start'), 5], [ev('s4', 'start'), 11], [ev('m5', 'middle'), 18]];
    const recorder = run(pattern, input);
    // s1 is stopped by m2; s3 completes when time reaches 10 (on s4@11), s4 when it reaches 16 (on m5@18).
    expectShapes(recorder, ['start=s3', 'start=s4']);
    expect(recorder.timeouts()).toEqual([]);
  });

  // Flink: NotPatternITCase#testNotFollowedByWithinPreviousAndCurrentAtEnd
  it('notFollowedBy at the end: a forbidden event inside the step window stops the match', () => {
    const pattern = Pattern.begin<Ev>('a').where(named('a')).notFollowedBy('b').where(named('b')).within(3, 'previous-and-current');
    const input: Input[] = [
      [ev('a1', 'a'), 1], [ev('b1', 'b'), 2], [ev('a2', 'a'), 4], [ev('c', 'c'), 5], [ev('b2', 'b'), 10], [ev('a3', 'a'), 11], [ev('b3', 'b'), 13],
    ];
    expectMatches(run(pattern, input), ['a2']);
  });

  // Flink: NFACompilerTest#testWindowTimesCorrectlySet
  it('the window sits on the state of the step it was called on', () => {
    const nfa = compile(
      Pattern.begin<Ev>('start')
        .followedBy('middle')
        .within('10s', 'previous-and-current')
        .followedBy('then')
        .within('20s', 'previous-and-current')
        .followedBy('end')
        .toModel(),
    );
    const windows = Object.fromEntries(nfa.states.filter((s) => s.windowMs !== null).map((s) => [s.name, s.windowMs]));
    expect(windows).toEqual({ middle: 10_000, then: 20_000 });
    expect(nfa.hasStateWindows).toBe(true);
  });

  // Flink: NFACompilerTest#testCheckPatternWindowTimes
  it('a step window longer than the pattern-wide window is rejected', () => {
    const pattern = Pattern.begin<Ev>('start')
      .followedBy('middle')
      .within('3s', 'previous-and-current')
      .followedBy('then')
      .within('1s', 'previous-and-current')
      .followedBy('end')
      .within(2);
    expect(validatePattern(pattern.toModel()).map((issue) => [issue.code, issue.step])).toEqual([
      ['step-window-exceeds-within', 'middle'],
      ['step-window-exceeds-within', 'then'],
    ]);
  });
});

describe('both kinds of window apply', () => {
  const threeSteps = () =>
    Pattern.begin<Ev>('a').where(named('a')).followedBy('b').where(named('b')).followedBy('c').where(named('c')).within(5, 'previous-and-current');

  it('the pattern-wide window still ends a match whose every gap is short', () => {
    const recorder = run(threeSteps().within(8), [[ev('a', 'a'), 0], [ev('b', 'b'), 4], [ev('c', 'c'), 8]], { endTime: 100 });
    expectMatches(recorder, []);
    expect(recorder.timeouts()).toEqual(['a=a b=b @8']);
  });

  it('the step window ends a partial match before the pattern-wide one', () => {
    const recorder = run(threeSteps().within(20), [[ev('a', 'a'), 0], [ev('b', 'b'), 4], [ev('c', 'c'), 10]]);
    expectMatches(recorder, []);
    expect(recorder.timeouts()).toEqual(['a=a b=b @9']);
  });

  // Flink's NFA.advanceTime: when both windows have ended by the time it looks, it reports the
  // step window's end, even if the pattern-wide one ended first.
  it('when time jumps past both ends at once, the step window end is reported', () => {
    const pattern = threeSteps().within(6);
    const recorder = run(pattern, [[ev('a', 'a'), 0], [ev('b', 'b'), 3], [ev('x', 'x'), 50]]);
    // Pattern window ends at 6, the step window at 3 + 5 = 8: both passed at 50.
    expect(recorder.timeouts()).toEqual(['a=a b=b @8']);
  });

  it('several calls: the pattern-wide window is the shortest over the steps, a step window the last one', () => {
    const model = Pattern.begin<Ev>('a').within(30).followedBy('b').within(4, 'previous-and-current').within(7, 'previous-and-current').within(10).toModel();
    expect(model.withinMs).toBe(10);
    expect(model.steps[1]!.withinPreviousMs).toBe(7);
    expect(Pattern.begin<Ev>('a').followedBy('b').within(7, 'first-and-last').toModel()).toEqual(Pattern.begin<Ev>('a').followedBy('b').within(7).toModel());
  });
});

describe('which partial matches a step window bounds', () => {
  it('a notNext with a window bounds the time to the next event', () => {
    const pattern = () => Pattern.begin<Ev>('a').where(named('a')).notNext('no').where(named('x')).within(3, 'previous-and-current').followedBy('c').where(named('c'));
    expectMatches(run(pattern(), [[ev('a', 'a'), 0], [ev('c', 'c'), 2]]), ['a c']);
    const late = run(pattern(), [[ev('a', 'a'), 0], [ev('c', 'c'), 5]]);
    expectMatches(late, []);
    expect(late.timeouts()).toEqual(['a=a @3']);
  });

  it("after an optional step, the next step's window applies once the run has moved to that step", () => {
    // A run waits in b's state (no window) for b or c: c's window does not bound it there.
    const pattern = Pattern.begin<Ev>('a').where(named('a')).followedBy('b').where(named('b')).optional().followedBy('c').where(named('c')).within(5, 'previous-and-current');
    expectMatches(run(pattern, [[ev('a', 'a'), 0], [ev('c', 'c'), 20]]), ['a c']);
    // b@1 moves it to c's state twice: having taken b (ends at 1 + 5), and having skipped b and
    // let b@1 pass while waiting for c (ends at 0 + 5).
    const afterB = run(pattern, [[ev('a', 'a'), 0], [ev('b', 'b'), 1], [ev('c', 'c'), 20]]);
    expectMatches(afterB, []);
    expect(afterB.timeouts()).toEqual(['a=a @5', 'a=a b=b @6']);
  });

  // Flink quirk: an optional step's ignore state is created without the window (isTake = false in
  // NFACompiler.createState), so once it has let an event pass, its window no longer applies.
  it('an optional step that has let an event pass is no longer under its window', () => {
    const pattern = Pattern.begin<Ev>('a').where(named('a')).followedBy('b').where(named('b')).optional().within(5, 'previous-and-current').followedBy('c').where(named('c'));
    // Without an event in between, the run waiting at b ends at 5, and c@11 finds nothing.
    const direct = run(pattern, [[ev('a', 'a'), 0], [ev('b', 'b'), 10], [ev('c', 'c'), 11]]);
    expectMatches(direct, []);
    expect(direct.timeouts()).toEqual(['a=a @5']);
    // x@1 is let pass while waiting for b: that branch waits without a window and takes b@10.
    expectMatches(run(pattern, [[ev('a', 'a'), 0], [ev('x', 'x'), 1], [ev('b', 'b'), 10], [ev('c', 'c'), 11]]), ['a b c', 'a c']);
  });

  // Deliberate difference: Flink's copy of a state (made when an optional step after a
  // notFollowedBy takes an event) has a new name, and its windowTimes are keyed by name, so its
  // partial matches are never timed out by the step window. Ours keeps the window on the copy.
  it('the window also holds after an optional step that follows a notFollowedBy', () => {
    const pattern = Pattern.begin<Ev>('a')
      .where(named('a'))
      .notFollowedBy('n')
      .where(named('n'))
      .followedBy('b')
      .where(named('b'))
      .optional()
      .followedBy('c')
      .where(named('c'))
      .within(5, 'previous-and-current');
    const recorder = run(pattern, [[ev('a', 'a'), 0], [ev('b', 'b'), 1], [ev('c', 'c'), 10]]);
    // Flink matches a b c here: the partial match that took b waits in the copy of c's state.
    expectMatches(recorder, []);
    expect(recorder.timeouts()).toEqual(['a=a @5', 'a=a b=b @6']);
  });

  it('inside a group, a step window bounds the gap from the event before the group too', () => {
    const group = Pattern.begin<Ev>('x').where(named('x')).followedBy('y').where(named('y')).within(3, 'previous-and-current');
    const pattern = () => Pattern.begin<Ev>('a').where(named('a')).followedBy(group).followedBy('z').where(named('z')).within(4, 'previous-and-current');
    expectMatches(run(pattern(), [[ev('a', 'a'), 0], [ev('x', 'x'), 10], [ev('y', 'y'), 12], [ev('z', 'z'), 15]]), ['a x y z']);
    const slow = run(pattern(), [[ev('a', 'a'), 0], [ev('x', 'x'), 10], [ev('y', 'y'), 13]]);
    expectMatches(slow, []);
    expect(slow.timeouts()).toEqual(['a=a x=x @13']);
  });
});

describe('where a step window would do nothing, validation says so', () => {
  const codes = (pattern: Pattern<Ev, Ev>) => validatePattern(pattern.toModel()).map((issue) => `${issue.code} ${issue.step}`);

  it('on the first step (the start state never times out)', () => {
    expect(codes(Pattern.begin<Ev>('a').within(5, 'previous-and-current').followedBy('b'))).toEqual(['step-window-ignored a']);
    const leadingGroup = Pattern.begin<Ev>(Pattern.begin<Ev>('x').within(5, 'previous-and-current').next('y')).followedBy('b');
    expect(codes(leadingGroup)).toEqual(['step-window-ignored x']);
  });

  it('on a repeated step, a group and a notFollowedBy in the middle', () => {
    expect(codes(Pattern.begin<Ev>('a').followedBy('b').oneOrMore().within(5, 'previous-and-current'))).toEqual(['step-window-ignored b']);
    expect(codes(Pattern.begin<Ev>('a').followedBy('b').times(2).within(5, 'previous-and-current'))).toEqual(['step-window-ignored b']);
    const group = Pattern.begin<Ev>('x').next('y');
    expect(codes(Pattern.begin<Ev>('a').followedBy(group).within(5, 'previous-and-current'))).toEqual(['step-window-ignored (x next y)']);
    expect(codes(Pattern.begin<Ev>('a').notFollowedBy('n').within(5, 'previous-and-current').followedBy('b'))).toEqual(['step-window-ignored n']);
  });

  it('a window of zero or less', () => {
    expect(codes(Pattern.begin<Ev>('a').followedBy('b').within(0, 'previous-and-current'))).toEqual(['bad-step-window b']);
  });

  it('a trailing notFollowedBy needs the pattern window or its own', () => {
    expect(codes(Pattern.begin<Ev>('a').notFollowedBy('n'))).toEqual(['negation-last-without-window n']);
    expect(codes(Pattern.begin<Ev>('a').notFollowedBy('n').within(5, 'previous-and-current'))).toEqual([]);
  });

  it('an unknown window type is an error at the call', () => {
    expect(() => Pattern.begin<Ev>('a').followedBy('b').within(5, 'previous' as never)).toThrow(/first-and-last' or 'previous-and-current/);
  });
});
