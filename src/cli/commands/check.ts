// `cepheus check`: validate .cep files and report every problem at once.
import { Command } from 'commander';
import { findPatternFiles } from '../../dsl/pattern-files.js';
import { EXIT } from '../exit-codes.js';
import type { Io } from '../io.js';
import { loadFilesOrReport } from '../load.js';
import { counted } from '../../text/counted.js';

/** The `check` command. */
export function checkCommand(io: Io): Command {
  return new Command('check')
    .description('check .cep files: report every problem of every file (exit 1 if any)')
    .argument('<patterns...>', '.cep files or directories of them')
    .addHelpText('after', '\nExamples:\n  cepheus check examples/\n  cepheus check orders.cep payments.cep')
    .action((paths: string[]) => {
      const result = loadFilesOrReport(io, paths);
      if (result === null) return;
      const patterns = result.definitions.length;
      const types = result.schemas.size;
      // A file of event types only is a file of its own that patterns elsewhere use: it checks.
      if (patterns === 0 && types === 0) {
        io.err(`cepheus: no patterns or event types in ${paths.join(', ')}`);
        io.setExitCode?.(EXIT.problems);
        return;
      }
      const files = findPatternFiles(paths).files.length;
      io.err(`ok: ${counted(patterns, 'pattern')} and ${counted(types, 'event type')} in ${counted(files, 'file')}`);
    });
}
