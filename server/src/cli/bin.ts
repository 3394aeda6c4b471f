// The `secret-surface` command as built (server/out/cli.js): runs the CLI's bundle (cli/main.js)
// through V8's code cache, so a second run neither compiles the bundle again nor the functions the
// first run compiled lazily — most of what a scan of a small folder costs beyond starting Node. Node
// 22.1+ keeps that cache itself (module.enableCompileCache); on older Node this file keeps it, one file
// per build of the bundle, Node version and architecture (another build's file goes once a day old). The cache lives in the user's cache folder
// (NODE_COMPILE_CACHE overrides it); NODE_DISABLE_COMPILE_CACHE turns both off. A cache that cannot be
// read or written costs nothing but the compile.
import * as nodeModule from 'node:module';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** A hash of cli/main.js, written in by the build: a new build never reads an older build's cache. */
declare const SS_MAIN_HASH: string;

const MAIN = fileURLToPath(new URL('./cli/main.js', import.meta.url));

function cacheDir(): string {
  const env = process.env;
  if (env['NODE_COMPILE_CACHE']) return env['NODE_COMPILE_CACHE'];
  const base = env['XDG_CACHE_HOME'] || (process.platform === 'win32' && env['LOCALAPPDATA']) || join(homedir(), '.cache');
  return join(base, 'secret-surface', 'compile-cache');
}

/** Runs `file` as CommonJS, as require() would, with V8's code cache read from and written to `cacheFile`. */
function runCached(file: string, cacheFile: string): void {
  const source = readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // Node's own CommonJS wrapper, on the source's first line so stack traces keep their lines.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const mod = { exports: {}, filename: file, id: file, loaded: false };
  (script.runInThisContext() as (...args: unknown[]) => void).call(mod.exports, mod.exports, nodeModule.createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  if (cachedData && !script.cachedDataRejected) return;
  // At exit the cache holds the functions this run compiled too, not only the top level.
  process.once('exit', () => {
    try {
      mkdirSync(dirname(cacheFile), { recursive: true });
      const tmp = `${cacheFile}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
      pruneOlderBuilds(cacheFile);
    } catch {
      // A read-only or missing home: the next run compiles again.
    }
  });
}

/** Other builds' caches not written for a day go: each build of main.js leaves one file behind. */
function pruneOlderBuilds(keep: string): void {
  const dir = dirname(keep);
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(dir)) {
    if (name === basename(keep) || !/^cli-[0-9a-f]+-.*\.v8$/.test(name)) continue;
    const file = join(dir, name);
    if (statSync(file).mtimeMs < dayAgo) rmSync(file, { force: true });
  }
}

const enable = (nodeModule as { enableCompileCache?: (dir?: string) => unknown }).enableCompileCache;
if (process.env['NODE_DISABLE_COMPILE_CACHE']) nodeModule.createRequire(MAIN)(MAIN);
else if (typeof enable === 'function') {
  enable(cacheDir());
  nodeModule.createRequire(MAIN)(MAIN);
} else runCached(MAIN, join(cacheDir(), `cli-${SS_MAIN_HASH}-${process.version}-${process.arch}.v8`));
