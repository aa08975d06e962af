// The rules a pattern model must keep before it is compiled: Flink CEP's own checks, plus ours
// where Flink accepts a pattern and then silently matches something other than what it says.
import {
  eventStepNames,
  formatQuantifier,
  isNegation,
  LIMITS,
  type PatternModel,
  type Quantifier,
  type Step,
  windowOfStep,
} from './model.js';
import { issue, PatternError, type PatternIssue } from './pattern-error.js';

/**
 * Checks a pattern model against every rule and returns all broken ones; `[]` means valid.
 *
 * Issues come in step order (a group's own issues before those of the steps inside it), then the
 * pattern-wide ones: window, then skip strategy. Each message starts with the step it concerns
 * and says what to do instead. A flag made meaningless by a more basic problem is reported once,
 * under the most basic rule (e.g. `greedy()` on a negation is `negation-quantified` only).
 * Never throws.
 */
export function validatePattern<E>(model: PatternModel<E>): PatternIssue[] {
  const issues: PatternIssue[] = [];
  if (model.steps.length === 0) {
    issues.push(issue('empty-pattern', null, 'a pattern needs at least one step; start it with Pattern.begin(name)'));
  }
  const walk: Walk = { withinMs: model.withinMs, names: new Set(), issues };
  checkSequence(model.steps, { inGroup: false, atPatternStart: true }, walk);
  checkWindow(model.withinMs, issues);
  checkSkipTarget(model, issues);
  return issues;
}

/**
 * Throws a {@link PatternError} listing every issue {@link validatePattern} finds; returns
 * normally when the model is valid. The compiler calls it, so the builder does not have to.
 */
export function assertValidPattern<E>(model: PatternModel<E>): void {
  const issues = validatePattern(model);
  if (issues.length > 0) throw new PatternError(issues);
}

/** Where a sequence of steps sits: at the top level or inside a group. */
interface Scope {
  /** Inside a group rather than at the top level. */
  readonly inGroup: boolean;
  /** The sequence's first step is the pattern's first (top level, or a group that begins it). */
  readonly atPatternStart: boolean;
}

/** What the whole walk shares. */
interface Walk {
  readonly withinMs: number | null;
  /** Event step names seen so far, for duplicate detection across groups. */
  readonly names: Set<string>;
  readonly issues: PatternIssue[];
}

function checkSequence<E>(steps: readonly Step<E>[], scope: Scope, walk: Walk): void {
  steps.forEach((step, index) => {
    const previous = index === 0 ? null : steps[index - 1]!;
    const isLast = index === steps.length - 1;
    const isFirst = index === 0 && scope.atPatternStart;
    if (step.kind === 'event') checkName(step.name, walk);
    checkConnection(step, previous, scope, walk.issues);
    checkStepWindow(step, isFirst, isLast && !scope.inGroup, walk);
    if (step.kind === 'event' && isNegation(step)) {
      checkNegation(step, previous, scope, isLast, walk);
      return;
    }
    checkQuantifier(step.name, step.quantifier, walk.issues);
    checkFlags(step, walk.issues);
    checkAfterGreedy(step, previous, walk.issues);
    if (step.kind === 'group') {
      if (step.steps.length === 0) {
        walk.issues.push(issue('empty-pattern', step.name, 'a group needs at least one step; remove the group or put steps in it'));
      }
      checkSequence(step.steps, { inGroup: true, atPatternStart: isFirst }, walk);
    }
  });
}

function checkName(name: string, walk: Walk): void {
  if (name.trim() === '') {
    walk.issues.push(issue('empty-name', name, "a step needs a non-empty name; name it after what it matches, e.g. 'login'"));
    return;
  }
  if (name.startsWith('$') || name === '__proto__' || name === 'constructor') {
    walk.issues.push(
      issue(
        'reserved-name',
        name,
        "the name is reserved (names starting with '$' are kept for internal states; '__proto__' and 'constructor' clash with object properties of a match); choose another name",
      ),
    );
  }
  if (walk.names.has(name)) {
    walk.issues.push(
      issue('duplicate-name', name, 'another step already has this name; step names must be unique in the whole pattern, groups included, so rename one of them'),
    );
  }
  walk.names.add(name);
}

function checkConnection<E>(step: Step<E>, previous: Step<E> | null, scope: Scope, issues: PatternIssue[]): void {
  const where = scope.inGroup ? 'a group' : 'a pattern';
  if (previous === null) {
    if (isNegation(step)) {
      issues.push(
        issue('negation-first', step.name, `${where} cannot start with a negation (${step.connection}); start with a step that matches an event and put the negation after it`),
      );
    } else if (step.connection !== 'begin') {
      issues.push(
        issue('bad-connection', step.name, `the first step of ${where} has nothing before it to be connected to with ${step.connection}; use begin`),
      );
    }
  } else if (step.connection === 'begin') {
    issues.push(
      issue('bad-connection', step.name, `only the first step of a pattern or group uses begin; connect this one with next, followedBy or followedByAny`),
    );
  }
  if (step.kind === 'group' && isNegation(step)) {
    issues.push(
      issue('negation-group', step.name, `a group cannot be negated (${step.connection}); negate single steps, e.g. notFollowedBy('x').where(...)`),
    );
  }
}

function checkNegation<E>(step: Step<E>, previous: Step<E> | null, scope: Scope, isLast: boolean, walk: Walk): void {
  const { issues } = walk;
  if (previous !== null && previous.optional) {
    // Flink: "Specifying a pattern with an optional path to NOT condition is not supported yet."
    issues.push(
      issue(
        'negation-after-optional',
        step.name,
        `a negation cannot directly follow the optional step '${previous.name}'; write two patterns, one with '${previous.name}' and one without it`,
      ),
    );
  }
  const modifiers = negationModifiers(step);
  if (modifiers.length > 0) {
    issues.push(
      issue(
        'negation-quantified',
        step.name,
        `a negation (${step.connection}) cannot take ${modifiers.join(', ')}; remove ${modifiers.length === 1 ? 'it' : 'them'}: one negation already forbids every matching event where it applies`,
      ),
    );
  }
  if (isLast && scope.inGroup) {
    // Flink drops a trailing negation of a group without a word: (a followedBy b notFollowedBy c)
    // matches a, b even when c follows.
    issues.push(
      issue('negation-ends-group', step.name, 'a negation cannot end a group (Flink silently ignores it there); move it after the group, or add a step after it inside the group'),
    );
  }
  if (isLast && !scope.inGroup && step.connection === 'notFollowedBy' && walk.withinMs === null && windowOfStep(step) === null) {
    issues.push(
      issue(
        'negation-last-without-window',
        step.name,
        'notFollowedBy as the last step completes a match only when the window ends, and the pattern has no window; add within(...) or a step after it',
      ),
    );
  }
}

/** The calls that make no sense on a negation, as the user wrote them. */
function negationModifiers<E>(step: Step<E>): string[] {
  const modifiers: string[] = [];
  if (step.quantifier.kind !== 'once') modifiers.push(formatQuantifier(step.quantifier));
  if (step.optional) modifiers.push('optional()');
  if (step.greedy) modifiers.push('greedy()');
  if (step.consecutive) modifiers.push('consecutive()');
  if (step.allowCombinations) modifiers.push('allowCombinations()');
  if (step.until !== null) modifiers.push('until(...)');
  return modifiers;
}

function checkQuantifier(name: string, quantifier: Quantifier, issues: PatternIssue[]): void {
  const written = formatQuantifier(quantifier);
  switch (quantifier.kind) {
    case 'once':
      return;
    case 'times': {
      const { min, max } = quantifier;
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
        issues.push(
          issue('bad-quantifier', name, `${written} needs whole numbers with 1 <= min <= max; write times(0, n) as times(1, n).optional()`),
        );
      } else if (max > LIMITS.maxRepeat) {
        issues.push(repeatLimit(name, written));
      }
      return;
    }
    case 'loop': {
      if (!Number.isInteger(quantifier.min) || quantifier.min < 1) {
        issues.push(
          issue('bad-quantifier', name, `${written} needs a whole number >= 1; write timesOrMore(0) as oneOrMore().optional()`),
        );
      } else if (quantifier.min > LIMITS.maxRepeat) {
        issues.push(repeatLimit(name, written));
      }
      return;
    }
    default: {
      // Unreachable for typed callers; a hand-made model gets an issue rather than an exception.
      const unknown: never = quantifier;
      issues.push(issue('bad-quantifier', name, `unknown quantifier ${JSON.stringify(unknown)}; use times, timesOrMore or oneOrMore`));
    }
  }
}

function repeatLimit(name: string, written: string): PatternIssue {
  return issue(
    'repeat-limit',
    name,
    `${written} exceeds the limit of ${LIMITS.maxRepeat} repetitions (each counted event is a state of the automaton); use a smaller count, or oneOrMore() with a condition that counts ctx.eventsFor(...)`,
  );
}

function checkFlags<E>(step: Step<E>, issues: PatternIssue[]): void {
  const repeated = step.quantifier.kind !== 'once';
  const quantifiers = 'a repeated step (times, timesOrMore or oneOrMore)';
  if (step.greedy) {
    if (step.kind === 'group') {
      issues.push(issue('greedy-group', step.name, 'greedy() is not supported on a group (Flink rejects it); put greedy() on a repeated step inside the group, or remove it'));
    } else if (!repeated) {
      issues.push(issue('greedy-not-repeated', step.name, `greedy() only applies to ${quantifiers} and this step takes exactly one event; remove greedy() or repeat the step`));
    } else if (step.allowCombinations) {
      issues.push(
        issue('greedy-with-combinations', step.name, 'greedy() takes as many events as it can while allowCombinations() asks for every combination of them; keep one of the two'),
      );
    }
  }
  if (!repeated) {
    if (step.consecutive) {
      issues.push(
        issue('consecutive-not-repeated', step.name, `consecutive() sets the contiguity between the events of ${quantifiers} and this step takes one event; remove it, or use next(...) for strict contiguity with the step before`),
      );
    }
    if (step.allowCombinations) {
      issues.push(
        issue('combinations-not-repeated', step.name, `allowCombinations() sets the contiguity between the events of ${quantifiers} and this step takes one event; remove it, or use followedByAny(...) to connect it to the step before`),
      );
    }
  } else if (step.consecutive && step.allowCombinations) {
    issues.push(
      issue('consecutive-with-combinations', step.name, 'consecutive() (strict) and allowCombinations() (any combination) contradict each other; keep one of the two'),
    );
  }
  if (step.until !== null && step.quantifier.kind !== 'loop') {
    const is = repeated ? formatQuantifier(step.quantifier) : 'not repeated';
    issues.push(
      issue('until-not-looping', step.name, `until() only stops a looping step (oneOrMore or timesOrMore) and this step is ${is}; make it loop, or fold the condition into where(...)`),
    );
  }
}

/**
 * Flink: "Optional pattern cannot be preceded by greedy pattern". A greedy loop stops taking
 * events only when the next step takes one; when that step may be skipped, the automaton also
 * completes without the loop's events (`c a* d?` greedy matches `c` alone as well as
 * `c a1 a2 a3 d`), so Flink rejects the pattern and so do we. Reported only for a greedy step
 * that is valid itself.
 */
function checkAfterGreedy<E>(step: Step<E>, previous: Step<E> | null, issues: PatternIssue[]): void {
  if (!step.optional || previous === null || !previous.greedy) return;
  if (previous.kind !== 'event' || isNegation(previous) || previous.quantifier.kind === 'once' || previous.allowCombinations) return;
  issues.push(
    issue(
      'optional-after-greedy',
      step.name,
      `an optional step cannot directly follow the greedy step '${previous.name}' (Flink rejects it: the greedy loop would also end without its events); remove greedy() from '${previous.name}', or make this step required`,
    ),
  );
}

function checkWindow(withinMs: number | null, issues: PatternIssue[]): void {
  if (withinMs === null) return;
  if (!Number.isInteger(withinMs) || withinMs <= 0) {
    issues.push(issue('bad-window', null, `within(...) needs a positive whole number of milliseconds, not ${withinMs}; use a duration such as '15m' or 900000`));
  }
}

/**
 * A step's own window (Flink's PREVIOUS_AND_CURRENT). Flink accepts it anywhere but applies it
 * only to the states that take a single step's event, a `notNext` and a trailing `notFollowedBy`;
 * where it would do nothing we say so instead of silently ignoring it: on the first step (the
 * start state never times out), on a repeated step (Flink's compiler reads that step's window
 * from `times(n, window)` instead), on a group, and on a `notFollowedBy` in the middle (it has no
 * state). Like Flink's NFACompiler, it may not exceed the pattern-wide window.
 */
function checkStepWindow<E>(step: Step<E>, isFirst: boolean, endsPattern: boolean, walk: Walk): void {
  const windowMs = windowOfStep(step);
  if (windowMs === null) return;
  const { issues } = walk;
  const written = `within(${windowMs}, 'previous-and-current')`;
  if (!Number.isInteger(windowMs) || windowMs <= 0) {
    issues.push(issue('bad-step-window', step.name, `${written} needs a positive whole number of milliseconds; use a duration such as '5m' or 300000`));
    return;
  }
  const ignored = (why: string): void => {
    issues.push(issue('step-window-ignored', step.name, `${written} would have no effect: ${why}`));
  };
  if (isFirst) {
    ignored('the first step has no event before it (put the window on the step after it, or use the pattern-wide within)');
  } else if (step.kind === 'group') {
    ignored('a group takes no event of its own; put the window on a step inside the group');
  } else if (step.quantifier.kind !== 'once') {
    ignored(`Flink applies no per-step window to a repeated step (${formatQuantifier(step.quantifier)}); put it on the step after it, or use the pattern-wide within`);
  } else if (step.connection === 'notFollowedBy' && !endsPattern) {
    ignored('a notFollowedBy in the middle of a pattern only guards the step after it; put the window on that step');
  } else if (walk.withinMs !== null && windowMs > walk.withinMs) {
    // Flink: "The window length between the previous and current event cannot be larger than
    // the window length between the first and last event for a Pattern."
    issues.push(
      issue(
        'step-window-exceeds-within',
        step.name,
        `${written} is longer than the pattern's within(${walk.withinMs}); a step's window cannot be longer than the whole match's, so shorten it or lengthen the pattern's`,
      ),
    );
  }
}

/**
 * `skipToFirst(step)` / `skipToLast(step)` must name an event step at the top level of the
 * pattern. Flink's NFACompiler looks the name up along the pattern's own chain of steps and never
 * inside a group, so `begin('x').followedBy(Pattern.begin('a').next('b')).skipToFirst('b')` is a
 * MalformedPatternException there ("can not be found in the given Pattern"); we reject it too,
 * saying which group hides the step, rather than accept a pattern Flink refuses.
 */
function checkSkipTarget<E>(model: PatternModel<E>, issues: PatternIssue[]): void {
  const { skip } = model;
  if (skip.kind !== 'skipToFirst' && skip.kind !== 'skipToLast') return;
  const topLevel = model.steps.filter((step) => step.kind === 'event').map((step) => step.name);
  if (topLevel.includes(skip.step)) return;
  const written = `${skip.kind}('${skip.step}')`;
  const known = topLevel.length === 0 ? 'it has none' : `they are ${topLevel.map((name) => `'${name}'`).join(', ')}`;
  const instead = topLevel.length === 0 ? 'choose another skip strategy' : 'name one of them or choose another skip strategy';
  const group = model.steps.find((step) => step.kind === 'group' && eventStepNames(step.steps).includes(skip.step));
  if (group !== undefined) {
    issues.push(
      issue(
        'skip-target-in-group',
        null,
        `${written} names step '${skip.step}', which is inside the group ${group.name}; as in Flink, a skip strategy can only name an event step at the top level of the pattern (${known}); ${instead}`,
      ),
    );
    return;
  }
  issues.push(issue('skip-target-unknown', null, `${written} must name an event step at the top level of the pattern (${known}); ${instead}`));
}
