// Setup of the mutation check (docs/testing.md): breaks the engine as CEPHEUS_MUTANT says — every
// automaton it compiles goes through an automaton mutant, or a restore loses part of the state.
// Only vitest.config.ts next to this file loads it; the engine's own code is never edited.
import { vi } from 'vitest';

vi.mock('../../../src/nfa/compile.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/nfa/compile.js')>();
  const { chosenMutant, nfaMutant } = await import('./mutants.js');
  const mutant = nfaMutant(chosenMutant(process.env['CEPHEUS_MUTANT']));
  return { ...original, compile: <E>(model: Parameters<typeof original.compile<E>>[0]) => mutant(original.compile(model)) };
});

vi.mock('../../../src/state/restore-plan.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/state/restore-plan.js')>();
  if (process.env['CEPHEUS_MUTANT'] !== 'restore-drops-buffer') return original;
  return { ...original, planRestore: (...args: Parameters<typeof original.planRestore>) => ({ ...original.planRestore(...args), buffer: [] }) };
});

vi.mock('../../../src/runtime/keyed-pattern.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/runtime/keyed-pattern.js')>();
  if (process.env['CEPHEUS_MUTANT'] !== 'restore-forgets-timers') return original;
  // Restores each key's partial matches but queues none of their window timers.
  class ForgetfulKeyedPattern<E> extends original.KeyedPattern<E> {
    override restoreKey(...args: Parameters<InstanceType<typeof original.KeyedPattern<E>>['restoreKey']>): void {
      const timers = (this as unknown as { timers: { push: (...pushed: unknown[]) => void } }).timers;
      timers.push = () => {};
      try {
        super.restoreKey(...args);
      } finally {
        delete (timers as { push?: unknown }).push; // back to the queue's own method
      }
    }
  }
  return { ...original, KeyedPattern: ForgetfulKeyedPattern };
});
