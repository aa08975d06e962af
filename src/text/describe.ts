// User values in messages: whatever a condition throws or a field holds, described without ever
// throwing (a null-prototype object has no toString, a cyclic one no JSON, a bigint no JSON).

/** What a thrown value says: an Error's message, else the value as text. Never throws. */
export function describeThrown(cause: unknown): string {
  try {
    if (cause instanceof Error) return String(cause.message);
    return String(cause);
  } catch {
    return printable(cause);
  }
}

/**
 * A field's value as JSON-like text for a message: `"x"`, `12`, `NaN`, `10n`, `Symbol(k)`,
 * `{"a":1}`, at most `max` characters. Never throws (cyclic objects, bigints, symbols, functions).
 */
export function describeFieldValue(value: unknown, max = 80): string {
  let text: string;
  switch (typeof value) {
    case 'number':
      text = Object.is(value, -0) ? '-0' : String(value);
      break;
    case 'bigint':
      text = `${value}n`;
      break;
    case 'symbol':
      text = value.toString();
      break;
    case 'function':
      text = 'a function';
      break;
    case 'undefined':
      text = 'undefined';
      break;
    default:
      try {
        text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) ?? printable(value);
      } catch {
        text = printable(value);
      }
  }
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

/** A last resort: `[object Foo]`, or a plain phrase if even that throws (a hostile Proxy). */
function printable(value: unknown): string {
  try {
    return Object.prototype.toString.call(value);
  } catch {
    return 'a value that cannot be printed';
  }
}

/**
 * A name as a label on one line: as it is, unless it holds a control character (a line break
 * would split a dump line or break a diagram's syntax), then quoted with JSON's escapes. Names
 * from the DSL are identifiers and always print as they are; a name given in code can be any string.
 */
export function oneLineName(name: string): string {
  return CONTROL_CHARACTER.test(name) ? JSON.stringify(name) : name;
}

const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
