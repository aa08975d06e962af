// A step's own window in .cep text: `within <duration>` after a step (Flink's within(time,
// WithinType.PREVIOUS_AND_CURRENT)), next to the pattern-wide `within` clause before `begin`.
import { describe, expect, it } from 'vitest';
import { formatPatterns } from '../../src/dsl/format.js';
import { parsePatterns } from '../../src/dsl/parse-patterns.js';
import { renderDiagnostics } from '../../src/dsl/render-diagnostics.js';
import { compile } from '../../src/nfa/compile.js';
import { Pattern } from '../../src/pattern/pattern.js';
import type { EventRecord } from '../../src/dsl/compile-expression.js';
import { loadOne, problems, withoutFunctions } from './support.js';

const text = `pattern unpaid {
  key by orderId
  within 1 hour

  begin created where type == "created"
  followed by paid within 15 minutes where type == "paid"
  not followed by refund within 5 minutes where type == "refund"
}
`;

describe('within after a step', () => {
  it("sets the step's window, as within(duration, 'previous-and-current') does", () => {
    const { model } = loadOne(text);
    const built = Pattern.begin<EventRecord>('created')
      .followedBy('paid')
      .within('15m', 'previous-and-current')
      .notFollowedBy('refund')
      .within('5m', 'previous-and-current')
      .within('1h')
      .toModel();
    const shape = (m: typeof model) => m.steps.map((s) => [s.name, s.connection, s.withinPreviousMs ?? null]);
    expect(shape(model)).toEqual(shape(built));
    expect(model.withinMs).toBe(3_600_000);
    expect(Object.keys(model.steps[0]!)).not.toContain('withinPreviousMs');
    const windows = compile(model).states.filter((s) => s.windowMs !== null).map((s) => `${s.name} ${s.kind} ${s.windowMs}`);
    expect(windows).toEqual(['paid normal 900000', 'refund pending 300000']);
  });

  it("applies on every step of a group, the group's last step included (a group takes no pattern-wide 'within')", () => {
    const { model } = loadOne(`pattern p {
  within 1 hour
  begin a
  followed by (
    begin b within 5 minutes
    followed by c within 10 minutes
  )
}
`);
    expect(model.withinMs).toBe(3_600_000);
    const windows = compile(model).states.filter((s) => s.windowMs !== null).map((s) => `${s.name} ${s.windowMs}`);
    expect(windows).toEqual(['b 300000', 'c 600000']);
  });

  it('formats canonically after the other options, and reads back as the same model', () => {
    const messy = `pattern p { begin a followed by b within 90s where x == 1 times 1 optional }`;
    const first = parsePatterns(messy);
    expect(first.diagnostics.map((d) => d.message)).toEqual([
      "step 'b': the step's 'within' would have no effect: Flink applies no per-step window to a repeated step (times 1); put it on the step after it, or use the pattern's 'within' clause",
    ]);
    const ok = parsePatterns(`pattern p { begin a followed by b within 90s where x == 1 optional }`);
    const formatted = formatPatterns(ok);
    expect(formatted).toBe('pattern p {\n  begin a\n  followed by b optional within 1 minute 30 seconds where x == 1\n}\n');
    const again = parsePatterns(formatted);
    expect(again.diagnostics).toEqual([]);
    expect(withoutFunctions(again.definitions[0]!.model)).toEqual(withoutFunctions(ok.definitions[0]!.model));
    expect(formatPatterns(parsePatterns(text))).toBe(text);
  });

  it('reports bad windows with file:line:column and a caret', () => {
    const bad = `pattern p {
  within 10 minutes
  begin a within 5 minutes
  followed by b within 0 ms
  followed by c within 1 hour
  followed by d within 1 s within 2 s
}
`;
    const result = parsePatterns(bad, { file: 'bad.cep' });
    expect(renderDiagnostics(result.diagnostics, new Map([['bad.cep', bad]]))).toBe(`bad.cep:3:9: error: step 'a': the step's 'within' would have no effect: the first step has no event before it (put the window on the step after it, or use the pattern's 'within' clause) [step-window-ignored]
 3 |   begin a within 5 minutes
   |         ^

bad.cep:4:17: error: step 'b': a step window of 0 never lets an event through; give it a positive duration, e.g. within 5 minutes [bad-step-window]
 4 |   followed by b within 0 ms
   |                 ^^^^^^^^^^^

bad.cep:5:15: error: step 'c': the step's 'within' is longer than the pattern's 'within' clause; a step's window cannot be longer than the whole match's, so shorten it or lengthen the pattern's [step-window-exceeds-within]
 5 |   followed by c within 1 hour
   |               ^

bad.cep:6:28: error: step 'd': 'within' is written twice; once is enough [duplicate-modifier]
 6 |   followed by d within 1 s within 2 s
   |                            ^^^^^^^^^^`);
  });

  it('a trailing not followed by may rely on its own window instead of the pattern window', () => {
    expect(problems(`pattern p { begin a not followed by b }`)).toEqual([
      "1:37 step 'b': not followed by as the last step completes a match only when the window ends, and the pattern has no window; add 'within' or a step after it",
    ]);
    expect(problems(`pattern p { begin a not followed by b within 5 s }`)).toEqual([]);
  });

  it('a negative window is not a duration', () => {
    expect(problems(`pattern p { begin a followed by b within -5 s }`)).toEqual(["1:42 unexpected '-'; expected a duration (e.g. 15 minutes)"]);
  });
});
