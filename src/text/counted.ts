// Counts in messages people read: "1 partial match", "3 partial matches".

/** A count with its noun, singular for exactly one: `counted(1, 'match', 'matches')` is `1 match`. */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
