// One copy of a string's text, shared with every equal string: V8 flattens and internalizes a string used
// as a property key (one copy per distinct text, dropped when unused), and the string itself then refers
// to that copy. The text is the same either way; only the copies go.

/** Holds no property for longer than one call; its keys are what V8 interns. */
const sink: Record<string, number> = Object.create(null) as Record<string, number>;

export function interned(s: string): string {
  sink[s] = 0;
  delete sink[s];
  return s;
}
