// Where a record came from: the line number a caller may give with each record it pushes (the
// JSON Lines runner gives the file's line). The engine keeps it with the record, in the reorder
// buffer and in checkpoints, and reports it on every output about that record, so a user can find
// the offending line of a large input even when the record was processed much later.

/**
 * Refuses a line number that is not a whole number from 1 up: only an untyped caller, or one
 * counting from 0, can pass one, and a wrong line sends the user to the wrong record.
 */
export function checkLine(line: number | undefined): void {
  if (line !== undefined && !isLine(line)) throw new RangeError(`a record's line is a whole number from 1, not ${typeof line === 'number' ? line : typeof line}`);
}

/** Whether `value` is a line number (a whole number from 1 up). */
export function isLine(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** The message of an output about a record from `line`: prefixed `line N: ` as a user reads it, when known. */
export function atLine(line: number | undefined, message: string): string {
  return line === undefined ? message : `line ${line}: ${message}`;
}

/** The field an output about a record from `line` carries: `{ line }`, or nothing when it is not known. */
export function lineField(line: number | undefined): { readonly line?: number } {
  return line === undefined ? NO_LINE : { line };
}

const NO_LINE: { readonly line?: number } = Object.freeze({});
