// Hands the core's bake reader its HCL parser, loaded on the first bake file rather than at start-up
// (hcl2-parser takes about a second and 40 MB to load). The bundles are CommonJS, where esbuild turns
// the literal require() below into a lazily evaluated bundled module; compiled as ES modules (the
// tests), the package is required through createRequire instead.
import { createRequire } from 'node:module';
import * as nodePath from 'node:path';
import { useHclParser, type HclParse } from '../core/linking/sources/hcl.js';

interface Hcl2Parser {
  parseToObject(text: string): unknown;
}

let loaded: Hcl2Parser | undefined;

function load(): Hcl2Parser {
  loaded ??= (typeof require === 'function' ? require('hcl2-parser') : createRequire(nodePath.join(process.cwd(), 'package.json'))('hcl2-parser')) as Hcl2Parser;
  return loaded;
}

const parse: HclParse = (text) => load().parseToObject(text);

/** Gives the core the HCL parser (idempotent; the parser itself loads on first use). */
export function provideHclParser(): void {
  useHclParser(parse);
}
