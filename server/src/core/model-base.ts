// The places the core speaks of: LSP-style positions and ranges (0-based line, UTF-16 character), a place
// in a workspace file, and a notice about an input. Every other fact module builds on these.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A place in a workspace file. `file` is a workspace-relative path with forward slashes. */
export interface Location {
  file: string;
  range: Range;
}

/** A problem with an input that the user should hear about (invalid YAML, Helm template …). */
export interface InputNotice {
  file: string;
  range?: Range;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** The file (or one of its YAML documents) does not parse: an editor keeps its last good analysis meanwhile. */
  invalidYaml?: true;
}
