// Hands the core's bake reader its HCL parser, loaded on the first bake file rather than at start-up
// (hcl2-parser is 3.4 MB of JavaScript: about a second and 40 MB to load, and even unrun, a bundle that
// holds it costs tens of milliseconds more to compile). No bundle holds it: the build writes it beside
// them (server/out/hcl2-parser.js, named by SS_HCL_PARSER_FILE relative to the bundle), for the CLI and
// the language server alike; compiled by tsc as ES modules (the tests), the package is required through
// createRequire.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { useHclParser, type HclParse } from '../core/linking/sources/hcl.js';

interface Hcl2Parser {
  parseToObject(text: string): unknown;
}

declare const SS_HCL_PARSER_FILE: string | undefined;

let loaded: Hcl2Parser | undefined;

function load(): Hcl2Parser {
  if (loaded) return loaded;
  if (typeof SS_HCL_PARSER_FILE === 'string') loaded = createRequire(import.meta.url)(fileURLToPath(new URL(SS_HCL_PARSER_FILE, import.meta.url))) as Hcl2Parser;
  else if (typeof require === 'function') loaded = require('hcl2-parser') as Hcl2Parser;
  else loaded = createRequire(import.meta.url)('hcl2-parser') as Hcl2Parser;
  return loaded;
}

const parse: HclParse = (text) => load().parseToObject(text);

/** Gives the core the HCL parser (idempotent; the parser itself loads on first use). */
export function provideHclParser(): void {
  useHclParser(parse);
}
