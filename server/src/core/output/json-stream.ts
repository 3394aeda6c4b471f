// JSON text in pieces, exactly as `JSON.stringify(value, null, 2)` writes it: the outer levels (the
// report object, its arrays) piece by piece, each value below them in one piece. A writer can send
// the pieces out as they come, so a report of tens of thousands of findings is never one string.
// The values of the deepest streamed arrays go out in runs: one JSON.stringify lays out a run at its
// depth (the run nested in as many arrays as it is deep, those brackets cut off again), so V8 writes
// the indentation instead of a replace over every value's text.
const STEP = '  ';
/** Levels written piece by piece; deeper values are stringified whole. */
const STREAMED_LEVELS = 2;
/** Values of a deepest streamed array per piece. */
const RUN = 64;

/** True for values JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

function whole(v: unknown, indent: string): string {
  const text = JSON.stringify(v, null, 2);
  // A JSON string never holds a raw line feed, so every one is a line break of the layout.
  return indent ? text.replace(/\n/g, `\n${indent}`) : text;
}

/**
 * `values` as JSON.stringify lays them out as the items of an array `depth` levels deep: the text
 * between that array's `[` line and its `]` line, without the first item's indentation.
 */
function run(values: readonly unknown[], depth: number): string {
  let wrapped: unknown = values;
  for (let d = 1; d < depth; d++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  let head = 0;
  let tail = 0;
  for (let d = 1; d <= depth; d++) head += 2 + d * STEP.length; // `[`, a line feed, the next level's indentation
  for (let d = 0; d < depth; d++) tail += 2 + d * STEP.length; // a line feed, the indentation, `]`
  return text.slice(head, text.length - tail);
}

function* pieces(v: unknown, indent: string, level: number): Generator<string> {
  if (level >= STREAMED_LEVELS || v === null || typeof v !== 'object' || typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    yield whole(v, indent);
    return;
  }
  const inner = indent + STEP;
  if (Array.isArray(v)) {
    if (v.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    if (level + 1 >= STREAMED_LEVELS) {
      const depth = inner.length / STEP.length;
      for (let i = 0; i < v.length; i += RUN) {
        yield `${i ? ',' : ''}\n${inner}`;
        yield run(v.slice(i, i + RUN), depth);
      }
      yield `\n${indent}]`;
      return;
    }
    for (let i = 0; i < v.length; i++) {
      yield `${i ? ',' : ''}\n${inner}`;
      const x: unknown = v[i];
      if (omitted(x)) yield 'null';
      else yield* pieces(x, inner, level + 1);
    }
    yield `\n${indent}]`;
    return;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => !omitted(o[k]));
  if (keys.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    yield `${i ? ',' : ''}\n${inner}${JSON.stringify(k)}: `;
    yield* pieces(o[k], inner, level + 1);
  }
  yield `\n${indent}}`;
}

/** `JSON.stringify(value, null, 2) + '\n'`, in pieces. */
export function* jsonPieces(value: unknown): Generator<string> {
  yield* pieces(value, '', 0);
  yield '\n';
}
