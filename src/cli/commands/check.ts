// `cepheus check`: validate .cep files and report every problem at once.
import { Command } from 'commander';
import type { Io } from '../io.js';
import { loadOrReport } from '../load.js';
import { counted } from '../../text/counted.js';

/** The `check` command. */
export function checkCommand(io: Io): Command {
  return new Command('check')
    .description('check .cep files: report every problem of every file (exit 1 if any)')
    .argument('<patterns...>', '.cep files or directories of them')
    .addHelpText('after', '\nExamples:\n  cepheus check examples/\n  cepheus check orders.cep payments.cep')
    .action((paths: string[]) => {
      const definitions = loadOrReport(io, paths);
      if (definitions === null) return;
      const files = new Set(definitions.map((definition) => definition.source.file)).size;
      io.err(`ok: ${counted(definitions.length, 'pattern')} in ${counted(files, 'file')}`);
    });
}
