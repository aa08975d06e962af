// The `cepheus` command line: one commander program, each command in its own file.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { stateCommand } from './commands/state.js';
import { CliError, EXIT } from './exit-codes.js';
import type { Io } from './io.js';

/** The package version, read from package.json next to the built code. */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

const EXIT_HELP = `
Exit codes:
  0    success
  1    problems in the input (pattern files missing or with errors, unformatted files with fmt --check)
  2    usage error (unknown command or flag, missing argument)
  3    failure (a missing or unreadable events, output or checkpoint file, unusable checkpoint)
  130  interrupted (Ctrl-C): outputs flushed, checkpoint taken when checkpointing`;

/** Builds the program; `extraCommands` are added in order (run, check, fmt, explain, …). */
export function buildProgram(io: Io, extraCommands: readonly ((io: Io) => Command)[] = []): Command {
  const program = new Command('cepheus')
    .description('Complex event processing with Flink CEP semantics: find patterns in streams of JSON events.')
    .version(packageVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', EXIT_HELP)
    .configureOutput({ writeOut: (text) => io.out(text.replace(/\n$/, '')), writeErr: (text) => io.err(text.replace(/\n$/, '')) });
  for (const make of extraCommands) program.addCommand(make(io));
  program.addCommand(stateCommand(io));
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: (text) => io.out(text.replace(/\n$/, '')), writeErr: (text) => io.err(text.replace(/\n$/, '')) });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

/** Runs the program on `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], baseIo: Io, extraCommands: readonly ((io: Io) => Command)[] = []): Promise<number> {
  let exitCode: number = EXIT.ok;
  const io: Io = { ...baseIo, setExitCode: (code) => void (exitCode = Math.max(exitCode, code)) };
  const program = buildProgram(io, extraCommands);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with code 0.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      io.err(`cepheus: ${error.message}`);
      return error.exitCode;
    }
    // A file-system error (no such file, a directory where a file was expected, …) is the user's
    // to fix: its message says what and where; a stack trace would only hide it.
    if (error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && (error as NodeJS.ErrnoException).syscall !== undefined) {
      io.err(`cepheus: ${error.message}`);
      return EXIT.failure;
    }
    io.err(`cepheus: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.failure;
  }
}
