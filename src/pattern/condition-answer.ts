// How a user's condition or filter answer is read. Booleans are the documented answers; anything
// else is read as JavaScript reads a test (`Array.prototype.filter`): a condition written as
// `(e) => e.text.match(/https?:/)` answers an array or null, and means it. A promise is the one
// exception: it is truthy but no answer yet, the sign of an async function where only a
// synchronous one can work.

/** `true` or `false` for an answer, `'promise'` for an answer that is still to come. */
export function readAnswer(answer: unknown): boolean | 'promise' {
  if (answer === true) return true;
  if (answer === false || !answer) return false;
  return isThenable(answer) ? 'promise' : true;
}

function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}
