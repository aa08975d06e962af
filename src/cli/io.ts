// The command's view of the terminal: injected, so tests capture output without spawning.

/** Where a command writes. `out` is the data (stdout), `err` messages for people (stderr). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  readonly stdin: NodeJS.ReadableStream;
  /** Whether stderr is a terminal (progress bars only then). */
  readonly errIsTTY: boolean;
  /** Sets the exit code the command ends with (the highest one set wins). */
  setExitCode?(code: number): void;
}

/** The process's real streams. */
export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdin: process.stdin,
  errIsTTY: process.stderr.isTTY === true,
};
