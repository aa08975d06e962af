// The steps of one pattern as the condition checker needs them: every event step with its
// position, whether it is a negation, whether it can hold several events, and the repeated groups
// around it. Also finds duplicate step names.
import type { SequenceAst, StepAst, StepOptionAst } from './ast.js';
import { diagnosticAt, type Diagnostic } from './diagnostics.js';
import type { StepInfo } from './resolve-names.js';

/** The step table of a pattern. */
export interface StepTable {
  /** Event steps by name (the first step of a duplicated name). */
  readonly steps: ReadonlyMap<string, StepInfo>;
  /** Every event step and group as written → what the checker knows about it. */
  readonly byAst: ReadonlyMap<StepAst, StepInfo>;
}

/** Whether a step's options include a quantifier, i.e. it may take more than one event. */
function isRepeated(options: readonly StepOptionAst[]): boolean {
  return options.some((option) => option.kind === 'times' || option.kind === 'orMore');
}

/** Builds the table, reporting each repeated step name at its second occurrence. */
export function buildStepTable(sequence: SequenceAst, file: string, diagnostics: Diagnostic[]): StepTable {
  const steps = new Map<string, StepInfo>();
  const byAst = new Map<StepAst, StepInfo>();
  let order = 0;
  let groups = 0;
  const walk = (seq: SequenceAst, loopGroups: readonly number[]): void => {
    for (const step of seq.steps) {
      const repeated = isRepeated(step.options);
      if (step.target.kind === 'event') {
        const name = step.target.name;
        const negation = step.connection === 'notNext' || step.connection === 'notFollowedBy';
        const info: StepInfo = { name: name.text, order: order++, negation, multi: repeated || loopGroups.length > 0, loopGroups };
        byAst.set(step, info);
        if (steps.has(name.text)) {
          diagnostics.push(
            diagnosticAt(
              file,
              name.span,
              'duplicate-name',
              `step '${name.text}': another step already has this name; step names must be unique in the whole pattern, groups included, so rename one of them`,
            ),
          );
        } else {
          steps.set(name.text, info);
        }
        continue;
      }
      const id = groups++;
      const inner = repeated ? [...loopGroups, id] : loopGroups;
      // A group's own `until` reads like a step inside it that repeats with the group.
      byAst.set(step, { name: '(group)', order, negation: false, multi: true, loopGroups: [...loopGroups, id] });
      walk(step.target.sequence, inner);
    }
  };
  walk(sequence, []);
  return { steps, byAst };
}
