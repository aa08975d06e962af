// The cepheus command's exit codes, documented in the README and `cepheus --help`.

/** What each exit code means. */
export const EXIT = {
  /** Everything went as asked. */
  ok: 0,
  /** The input had problems: pattern files with errors (`check`, `run`), unformatted files (`fmt --check`). */
  problems: 1,
  /** The command line was wrong: unknown command or flag, missing argument. */
  usage: 2,
  /** Something could not be done: a missing or unreadable events, output or checkpoint file, a checkpoint that cannot be used. */
  failure: 3,
  /** Interrupted (Ctrl-C): outputs were flushed and a checkpoint taken where configured. */
  interrupted: 130,
} as const;

/** An error the command reports as one message and an exit code (no stack trace). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
