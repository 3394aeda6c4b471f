// The HCL parser the bake source reads `docker-bake.hcl` with. The core never loads one itself: the
// parser (hcl2-parser, HashiCorp's hcl/v2 compiled to JavaScript) costs about a second and 40 MB to
// load, so an adapter hands in a function that loads it on the first bake file (server/src/files/hcl.ts).
// Without one, a bake HCL file is reported as not read — never skipped silently.

/** HCL text → the JSON form of its body (blocks as `{ type: { label: [ body ] } }`); throws on a syntax error. */
export type HclParse = (text: string) => unknown;

let provided: HclParse | undefined;

export function useHclParser(parse: HclParse | undefined): void {
  provided = parse;
}

export function hclParser(): HclParse | undefined {
  return provided;
}
