// An output file that cannot be used as a checkpoint says it must be: a problem of the files on
// disk, for the user to fix, not a defect of the program.

/** An output file cannot return to the position a checkpoint committed (it was shortened, or the position is unusable). */
export class OutputFileError extends Error {
  constructor(
    message: string,
    /** The output file. */
    readonly path: string,
  ) {
    super(message);
    this.name = 'OutputFileError';
  }
}
