// Runs the extension-host mocha suite (test/e2e/exthost) through @vscode/test-electron's runTests,
// with the repository as the development extension and a throw-away copy of the example workspace.
// Where VS Code can be downloaded that is the real desktop VS Code; where it cannot (or when
// VSCODE_EXECUTABLE points elsewhere) runTests launches scripts/e2e/code-shim.sh, which lands in the
// `--as-vscode` half of this file: it reads the desktop flags runTests passes and runs the same
// suite in code-server's Node extension host through headless Chromium, so both routes keep the
// standard runTests API and its exit-code contract.
//
//   npm run test:exthost                          (build, then download VS Code or fall back to the shim)
//   VSCODE_EXECUTABLE=/path/to/code node scripts/e2e/run-exthost-electron.mjs
//   node scripts/e2e/run-exthost-electron.mjs --tests <bundled suite.js>   (another suite entry point)
//
// It imports the compiled e2e support modules from build/, so run `npm run build` first.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '../..');
const SHIM = join(HERE, 'code-shim.sh');
const SUPPORT = join(REPO, 'build/test/e2e/support');
// A full run of the editor suite takes well under a minute; the rest is code-server and Chromium start-up.
const SUITE_TIMEOUT_MS = 240_000;

function fail(message) {
  console.error(`run-exthost-electron: ${message}`);
  process.exit(1);
}

async function support() {
  for (const f of ['editor-env.js', 'editor-code-server.js']) {
    if (!existsSync(join(SUPPORT, f))) fail(`${join(SUPPORT, f)} is missing — run \`npm run build\` first`);
  }
  const env = await import(pathToFileURL(join(SUPPORT, 'editor-env.js')).href);
  const cs = await import(pathToFileURL(join(SUPPORT, 'editor-code-server.js')).href);
  return { ...env, ...cs };
}

/** The desktop VS Code flags runTests passes that matter here; every other `--flag` is accepted and ignored. */
function parseDesktopArgs(argv) {
  const out = { extensionDevelopmentPath: undefined, extensionTestsPath: undefined, folder: undefined };
  for (const a of argv) {
    const eq = a.indexOf('=');
    const [name, value] = eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    // runTests accepts an array of development paths; code-server's payload takes one, the first.
    if (name === '--extensionDevelopmentPath' && value !== undefined) out.extensionDevelopmentPath ??= resolve(value);
    else if (name === '--extensionTestsPath' && value !== undefined) out.extensionTestsPath = resolve(value);
    else if (!a.startsWith('-') && out.folder === undefined) out.folder = resolve(a);
  }
  return out;
}

// The mocha reporter's lines and errors; the workbench's own chatter goes only to the artefact log.
const REPORTER_LINE = /passing|failing|pending|✔|✓|^\s*\d+\) |Error|assert/i;

/**
 * Prints the suite's console output on stdout as VS Code does, so runTests' caller sees "7 passing".
 * The workbench logs each extension-host line as ["%c INFO", <css>, format, ...args]; the text
 * Playwright gives is the unformatted join, so the arguments are read and formatted here, in order.
 * Returns a function that resolves once every line received so far is printed.
 */
function forwardConsole(page, all) {
  let queue = Promise.resolve();
  page.on('console', (m) => {
    const values = Promise.all(m.args().map((a) => a.jsonValue().catch(() => '')));
    queue = queue.then(async () => {
      const v = await values.catch(() => []);
      const styled = typeof v[0] === 'string' && v[0].startsWith('%c') && typeof v[2] === 'string';
      const line = styled ? format(...v.slice(2)) : format(...v);
      all.push(`${m.type()}: ${line}`);
      if (REPORTER_LINE.test(line)) console.log(line);
    });
  });
  return () => queue;
}

/** What the shim runs: one suite in a fresh code-server + Chromium; exits with the suite's code like VS Code does. */
async function asVscode(argv) {
  const args = parseDesktopArgs(argv);
  if (!args.extensionDevelopmentPath || !args.extensionTestsPath) fail('code-shim needs --extensionDevelopmentPath= and --extensionTestsPath=');
  const s = await support();
  const why = s.missing('code-server', 'playwright', 'chromium');
  if (why) fail(why);
  // The desktop --user-data-dir/--extensions-dir are ignored: a code-server profile is not a desktop
  // one, and each run gets its own, with XDG dirs inside it so nothing lands in $HOME.
  const { dir, env } = s.isolatedEnv('code-shim');
  const folder = args.folder ?? join(dir, 'empty-workspace');
  mkdirSync(folder, { recursive: true });
  // The start-ups as promises, so a signal that arrives while one is under way still waits for it
  // and stops what it started.
  let serverStarting;
  let browserStarting;
  // Once only: a signal can arrive while the normal path is already cleaning up.
  let cleaning;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      const browser = await browserStarting?.catch(() => undefined);
      await browser?.close().catch(() => undefined);
      const server = await serverStarting?.catch(() => undefined);
      await server?.stop();
      if (server) writeFileSync(join(s.artifacts('exthost-electron'), 'code-server.log'), server.log());
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    })());
  // On Ctrl+C the terminal and runTests both send SIGINT; code-server runs in its own process group,
  // so stop it explicitly, once, and let repeated signals not cut that short.
  let stopping = false;
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      if (stopping) return;
      stopping = true;
      cleanUp().then(
        () => process.exit(130),
        (e) => {
          console.error(`code-shim: stopping after ${sig}: ${e instanceof Error ? e.message : String(e)}`);
          process.exit(130);
        },
      );
    });
  }
  let code = 1;
  try {
    serverStarting = s.startCodeServer({ dir, env });
    const server = await serverStarting;
    if (stopping) return;
    browserStarting = s.launchBrowser(dir, env, { ownSignals: true });
    const browser = await browserStarting;
    if (stopping) return;
    const consoleLog = [];
    const printed = forwardConsole(browser.page, consoleLog);
    const result = await s.runExthostSuite(browser, server, {
      folder,
      extensionPath: args.extensionDevelopmentPath,
      testsPath: args.extensionTestsPath,
      timeoutMs: SUITE_TIMEOUT_MS,
      // As VS Code receives it: the repository is an ESM extension, so its host import()s the path.
      keepTestsPathExtension: true,
      onLine: () => undefined, // forwardConsole prints them, formatted
    });
    await printed();
    writeFileSync(join(s.artifacts('exthost-electron'), 'console.log'), consoleLog.join('\n'));
    if (result === 'timeout') console.error(`code-shim: the suite did not finish within ${SUITE_TIMEOUT_MS} ms`);
    code = result === 'timeout' ? 1 : result;
  } catch (e) {
    console.error(`code-shim: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  } finally {
    await cleanUp();
  }
  // While a signal's clean-up runs, it decides the exit code.
  if (!stopping) process.exit(code);
}

/** Picks what runTests launches: $VSCODE_EXECUTABLE, else a downloaded VS Code, else the code-server shim. */
async function vscodeExecutable(testElectron, cachePath) {
  if (process.env.VSCODE_EXECUTABLE) return resolve(process.env.VSCODE_EXECUTABLE);
  try {
    // Reuses a copy already under cachePath when the update service cannot be reached.
    return await testElectron.downloadAndUnzipVSCode({ cachePath, version: process.env.VSCODE_VERSION });
  } catch (e) {
    console.log(`run-exthost-electron: VS Code could not be downloaded (${e instanceof Error ? e.message : String(e)}); running the suite in code-server through ${SHIM}`);
    return SHIM;
  }
}

async function main(argv) {
  const at = argv.indexOf('--tests');
  const testsArg = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !testsArg) fail('--tests needs the path of a bundled suite entry point');
  for (const f of ['client/out/extension.js', 'server/out/server.js']) {
    if (!existsSync(join(REPO, f))) fail(`${f} is missing — run \`npm run build\` first`);
  }
  const s = await support();
  const testElectron = await import('@vscode/test-electron');
  const { dir, env } = s.isolatedEnv('exthost-electron');
  let code = 1;
  try {
    const extensionTestsPath = testsArg ? resolve(testsArg) : await s.bundleExthostSuite(join(REPO, 'build', 'e2e-exthost-electron'));
    // The suite reads the scenario (which files, which rule) from scenario.json beside the workspace.
    const scenario = s.copyScenario(join(dir, 'exthost'));
    writeFileSync(join(dir, 'exthost', 'scenario.json'), JSON.stringify(scenario));
    // .tools/ is git-ignored; test-electron would otherwise create .vscode-test/ in the repository.
    const cachePath = join(s.TOOLS, 'vscode-test');
    const vscodeExecutablePath = await vscodeExecutable(testElectron, cachePath);
    code = await testElectron.runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: REPO,
      extensionTestsPath,
      // The workspace first (VS Code opens it); only the extension under test, in a fresh profile.
      launchArgs: [scenario.dir, '--disable-extensions', `--user-data-dir=${join(dir, 'user-data')}`, `--extensions-dir=${join(dir, 'extensions')}`],
      extensionTestsEnv: { XDG_CONFIG_HOME: env.XDG_CONFIG_HOME, XDG_DATA_HOME: env.XDG_DATA_HOME, XDG_CACHE_HOME: env.XDG_CACHE_HOME, XDG_STATE_HOME: env.XDG_STATE_HOME },
    });
  } catch (e) {
    if (e instanceof testElectron.TestRunFailedError) code = e.code ?? 1;
    else console.error(`run-exthost-electron: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(code);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  await (argv[0] === '--as-vscode' ? asVscode(argv.slice(1)) : main(argv));
}
