// The mutation check (docs/testing.md): the kit's properties against a deliberately broken engine.
//   CEPHEUS_MUTANT=strict-as-relaxed npx vitest run -c test/testing/mutation/vitest.config.ts
// Mutants (mutants.ts): none (a control run), strict-as-relaxed, window-off-by-one,
// negation-ignored, restore-drops-buffer, restore-forgets-timers.
// Not part of `npm test`: the default config never loads this file or its setup.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('../../..', import.meta.url).pathname,
    include: ['examples/testing/**/*.test.ts', 'test/runtime/model-based.test.ts', 'test/property/engine-vs-reference.test.ts', 'test/property/runtime-vs-reference.test.ts'],
    setupFiles: ['test/testing/mutation/setup.ts'],
    testTimeout: 120_000,
  },
});
