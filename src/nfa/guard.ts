// Edge guards: building them with light simplification, compiling them to functions, printing them.
import { assertNever } from '../pattern/condition.js';
import type { Guard, LeafEvaluator } from './nfa.js';

/** The guard that always holds. */
export const ALWAYS: Guard = Object.freeze({ kind: 'true' });

/** A reference to condition `id` of the automaton's condition table. */
export function leafGuard(id: number): Guard {
  return { kind: 'leaf', id };
}

/** Negation; `not(not(g))` is `g`. */
export function notGuard(operand: Guard): Guard {
  return operand.kind === 'not' ? operand.operand : { kind: 'not', operand };
}

/** Conjunction; `true` operands are dropped. */
export function andGuard(left: Guard, right: Guard): Guard {
  if (left.kind === 'true') return right;
  if (right.kind === 'true') return left;
  return { kind: 'and', left, right };
}

/** Disjunction; a `true` operand makes the whole guard `true`. */
export function orGuard(left: Guard, right: Guard): Guard {
  if (left.kind === 'true' || right.kind === 'true') return ALWAYS;
  return { kind: 'or', left, right };
}

/** Compiles a guard to a function over cached leaf results (done once, at compile time). */
export function compileGuard(guard: Guard): (leaves: LeafEvaluator) => boolean {
  switch (guard.kind) {
    case 'true':
      return () => true;
    case 'leaf': {
      const id = guard.id;
      return (leaves) => leaves.leaf(id);
    }
    case 'not': {
      const operand = compileGuard(guard.operand);
      return (leaves) => !operand(leaves);
    }
    case 'and': {
      const left = compileGuard(guard.left);
      const right = compileGuard(guard.right);
      return (leaves) => left(leaves) && right(leaves);
    }
    case 'or': {
      const left = compileGuard(guard.left);
      const right = compileGuard(guard.right);
      return (leaves) => left(leaves) || right(leaves);
    }
    default:
      return assertNever(guard);
  }
}

/** Prints a guard with leaf names, e.g. `b and not until(b)`. */
export function formatGuard(guard: Guard, leafName: (id: number) => string): string {
  const print = (g: Guard, nested: boolean): string => {
    switch (g.kind) {
      case 'true':
        return 'true';
      case 'leaf':
        return leafName(g.id);
      case 'not':
        return `not ${print(g.operand, true)}`;
      case 'and':
      case 'or': {
        const text = `${print(g.left, true)} ${g.kind} ${print(g.right, true)}`;
        return nested ? `(${text})` : text;
      }
      default:
        return assertNever(g);
    }
  };
  return print(guard, false);
}
