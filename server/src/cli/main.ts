// The `secret-surface` command line: reads a directory into the core Workspace and prints findings as
// text, JSON or SARIF, after rendering the workspace's Helm charts and kustomize overlays with the real
// tools. Exit 0: nothing at or above --fail-on; 1: something is; 2: usage or I/O error; 3: a chart or
// overlay could not be rendered, so its Secrets were not checked (unless --allow-unrendered).
import { once } from 'node:events';
import { readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { Workspace, CONFIG_FILES } from '../core/workspace.js';
import { rules } from '../core/rules/index.js';
import { toText } from '../core/output/text.js';
import { toJsonReport } from '../core/output/json.js';
import { toSarif } from '../core/output/sarif.js';
import { jsonPieces } from '../core/output/json-stream.js';
import { beginLoad, describeWorkerFailures, type Jobs } from '../files/parse-pool.js';
import { severityRank, type Finding, type InputNotice, type Severity } from '../core/model.js';
import { vulnerabilityNotices, type VulnThreshold } from '../core/vulns/apply.js';
import { readVulnReports } from '../files/vuln-reports.js';
import { defaultExcludesIn, walkFolderSync, type WalkResult } from '../files/walk.js';
import { VERSION } from './version.js';
import { argumentError, directoryArgument, eachArg, parseFailOn, parseFormat, UsageError, type FailOn, type OutputFormat } from './args.js';
import { renderWorkspace, DEFAULT_RENDER_TIMEOUT_MS } from '../render/renderers.js';
import { summarize, unrenderedLine } from '../core/render/index.js';

// `scan` loads only what scanning needs: the cluster, registry and policy commands (and their
// @kubernetes/client-node, node-fetch, tar-stream) and the report formats other than text, JSON and
// SARIF are modules imported on demand, bundles of their own beside this one (scripts/bundle.mjs).
const SCAN_USAGE = `Usage: secret-surface scan [DIR] [--format text|json|sarif|policyreport|openreports|html|markdown] [--fail-on error|warning|info|never] [--config FILE]
                           [--vulns FILE|GLOB]... [--vuln-threshold SEVERITY[:COUNT]]
                           [--registry [--insecure-registry HOST]... [--cache-dir DIR] [--registry-max-layer-mb MB]]
                           [--helm PATH] [--kustomize PATH] [--render-timeout SECONDS] [--no-render] [--allow-unrendered]
                           [--jobs N]`;

async function usage(): Promise<string> {
  const [{ CLUSTER_USAGE }, { POLICY_USAGE }] = await Promise.all([import('./cluster.js'), import('./policy.js')]);
  return `${SCAN_USAGE}
${CLUSTER_USAGE}
${POLICY_USAGE}
       secret-surface --version | --help

Finds containers that receive Kubernetes Secrets while their image keeps a shell, an interpreter or a
network client. DIR defaults to the current directory. \`cluster\` asks the same of what runs in a
kubeconfig context (default: the current one), reading images from their registry. \`policy admission\`
writes the admission policy that lets only hardened images receive Secrets; \`policy runtime\`
writes Falco, Tetragon or KubeArmor rules that alert on (or block) Secret access outside the baseline.`;
}


interface ScanArgs {
  dir: string;
  format: OutputFormat;
  failOn: FailOn;
  config?: string;
  /** Vulnerability report files or globs (relative to the working directory). */
  vulns: string[];
  vulnThreshold?: VulnThreshold;
  /** Read images no Dockerfile and no catalog entry decides from their registry (opt-in: network). */
  registry: boolean;
  insecureRegistries: string[];
  cacheDir?: string;
  /** MiB read from one layer before the image is left undecided (config `registry.maxLayerMB`). */
  registryMaxLayerMB?: number;
  /** helm / kustomize binaries; else looked up on PATH. */
  helm?: string;
  kustomize?: string;
  renderTimeoutMs: number;
  /** Run no renderer (charts and overlays are then reported as not rendered). */
  render: boolean;
  /** Exit 0/1 by findings alone even when a chart or overlay was not rendered. */
  allowUnrendered: boolean;
  /** Worker threads that parse the files (1: none); `auto`: one per core for folders of many files. */
  jobs: Jobs;
}

type Parsed = { command: 'scan'; args: ScanArgs } | { command: 'help' } | { command: 'version' };

export function parseArgs(argv: string[]): Parsed {
  if (argv.includes('--help') || argv.includes('-h')) return { command: 'help' };
  if (argv.includes('--version')) return { command: 'version' };
  const [command, ...rest] = argv;
  if (command !== 'scan') throw argumentError(command ? `unknown command "${command}" (try "scan", "cluster" or "policy")` : 'missing command (try "scan", "cluster" or "policy")');
  const args: ScanArgs = { dir: '.', format: 'text', failOn: 'error', vulns: [], registry: false, insecureRegistries: [], renderTimeoutMs: DEFAULT_RENDER_TIMEOUT_MS, render: true, allowUnrendered: false, jobs: 'auto' };
  const directory = directoryArgument('scanned');
  eachArg(rest, (flag, value, arg) => {
    switch (flag) {
      case '--format':
        args.format = parseFormat(value());
        break;
      case '--fail-on':
        args.failOn = parseFailOn(value());
        break;
      case '--config':
        args.config = value();
        break;
      case '--vulns':
        args.vulns.push(value());
        break;
      case '--vuln-threshold':
        args.vulnThreshold = parseVulnThreshold(value());
        break;
      case '--registry':
        args.registry = true;
        break;
      case '--helm':
        args.helm = value();
        break;
      case '--kustomize':
        args.kustomize = value();
        break;
      case '--render-timeout': {
        const v = value();
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0) throw argumentError(`--render-timeout must be a number of seconds, not "${v}"`);
        args.renderTimeoutMs = Math.round(n * 1000);
        break;
      }
      case '--no-render':
        args.render = false;
        break;
      case '--allow-unrendered':
        args.allowUnrendered = true;
        break;
      case '--insecure-registry':
        args.insecureRegistries.push(value());
        break;
      case '--cache-dir':
        args.cacheDir = value();
        break;
      case '--jobs': {
        const v = value();
        if (!/^[1-9][0-9]*$/.test(v)) throw argumentError(`--jobs must be a whole number of worker threads (1: none), not "${v}"`);
        args.jobs = Number(v);
        break;
      }
      case '--registry-max-layer-mb': {
        const v = value();
        if (!/^[1-9][0-9]*$/.test(v)) throw argumentError(`--registry-max-layer-mb must be a whole number of MiB, not "${v}"`);
        args.registryMaxLayerMB = Number(v);
        break;
      }
      default:
        directory(args, arg);
    }
  });
  return { command: 'scan', args };
}

/** `scan`, with the registry consulted first when `--registry` asks for it. */
export async function scanWithRegistry(args: ScanArgs, color: boolean): Promise<ScanOutput> {
  const loaded = await loadScan(args);
  if (args.render) {
    // CI runs what the repository's own charts and overlays say, as a developer would: trusted.
    await renderWorkspace(loaded.ws, { root: loaded.root, trusted: true, timeoutMs: args.renderTimeoutMs, ...(args.helm ? { helmPath: resolve(args.helm) } : {}), ...(args.kustomize ? { kustomizePath: resolve(args.kustomize) } : {}) });
  }
  // `registry:` in the config file turns the registry on too; the flags win over its bounds.
  const config = loaded.ws.analyze().config.registry;
  if (args.registry || config?.enabled) {
    const { DirectoryDigestCache, defaultDigestCacheDir, resolveFromRegistry, registryLimits } = await import('./scan-registry.js');
    const stats = await resolveFromRegistry(loaded.ws, {
      cache: new DirectoryDigestCache(args.cacheDir ?? defaultDigestCacheDir()),
      insecureHosts: [...args.insecureRegistries, ...(config?.insecure ?? [])],
      ...(config?.concurrency ? { concurrency: config.concurrency } : {}),
      limits: registryLimits(config, args.registryMaxLayerMB ?? config?.maxLayerMB),
    });
    if (stats.images > 0) {
      process.stderr.write(`secret-surface: registry: ${stats.images} image(s) looked up, ${stats.decided} decided (${stats.cached} from the digest cache), ${stats.failed.length} not decided\n`);
    }
  }
  return await reportScan(args, color, loaded);
}

/** Findings and exit code, and one line per chart or overlay that was not analysed (for stderr). */
interface ScanOutput {
  /** JSON and SARIF come in pieces (written as they are made); the other formats as one string. */
  output: string | Iterable<string>;
  exitCode: number;
  errors: string[];
}

interface LoadedScan {
  ws: Workspace;
  root: string;
  configText: string | undefined;
  /** Files the folder walk did not read, as notices. */
  skipped: InputNotice[];
}

/** The worker script of the parse pool, beside this entry in the bundle and in the compiled tree. */
const PARSE_WORKER = new URL('../files/parse-worker.js', import.meta.url);

async function loadScan(args: ScanArgs): Promise<LoadedScan> {
  const root = resolve(args.dir);
  let st;
  try {
    st = statSync(root);
  } catch {
    throw new UsageError(`directory not found: ${args.dir}`);
  }
  if (!st.isDirectory()) throw new UsageError(`not a directory: ${args.dir}`);
  const ws = new Workspace({ workspaceName: basename(root) });
  // --config stands in for the workspace's own config file, whose name the core recognises.
  let configText: string | undefined;
  if (args.config) {
    try {
      configText = readFileSync(args.config, 'utf8');
    } catch {
      throw new UsageError(`cannot read config file: ${args.config}`);
    }
  }
  // Files are parsed as the walk reads them: on workers, reading and parsing overlap.
  const load = beginLoad(ws, { jobs: args.jobs, workerFile: PARSE_WORKER });
  let walk: WalkResult;
  try {
    walk = walkFolderSync(root, {
      defaultExcludes: defaultExcludesIn(root, configText),
      onFile: (f) => {
        if (configText === undefined || !CONFIG_FILES.includes(f.path)) load.add(f);
      },
    });
  } catch (err) {
    // The workers the walk started are closed before the error is reported.
    await load.finish().catch(() => undefined);
    throw err;
  }
  ws.setExcludedByDefault(walk.excludedByDefault);
  const loaded = await load.finish();
  const failed = describeWorkerFailures(loaded);
  if (failed) process.stderr.write(`secret-surface: ${failed}\n`);
  if (configText !== undefined) ws.setFile(CONFIG_FILES[0]!, configText);
  // Files the walk did not read are said like the core's own notices, in file order with them.
  const skipped = walk.skipped.map((s): InputNotice => ({ file: s.path, severity: 'info', message: s.message }));
  return { ws, root, configText, skipped };
}

async function reportScan(args: ScanArgs, color: boolean, { ws, root, configText, skipped }: LoadedScan): Promise<ScanOutput> {
  // Vulnerability reports are read once the config says where they are; the analysis then sees them (the
  // rotation rule takes a CVE count into account), so it runs again with them.
  const vulns = withVulnerabilities(args, root, ws, configText !== undefined ? resolve(args.config!, '..') : undefined);
  const analysed = ws.analyze();
  const byFile = (a: InputNotice, b: InputNotice) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  const result = skipped.length ? { ...analysed, notices: [...analysed.notices, ...skipped].sort(byFile) } : analysed;
  const shownPath = (file: string) => (configText !== undefined && file === CONFIG_FILES[0] ? args.config! : file);
  const configErrors = result.notices.filter((n) => n.severity === 'error' && CONFIG_FILES.includes(n.file));
  if (configErrors.length) {
    const n = configErrors[0]!;
    throw new UsageError(`invalid config ${shownPath(n.file)}${n.range ? `:${n.range.start.line + 1}` : ''}: ${n.message}`);
  }
  const notices = result.notices.map((n) => ({ ...n, file: shownPath(n.file) }));
  const findings = result.findings;
  if (vulns) notices.push(...vulns.notices(result));
  let output: string | Iterable<string>;
  const summary = result.summary ?? summarize({ exposures: result.exposures, units: [], notRendered: [], skippedFiles: [] });
  if (args.format === 'json') output = jsonPieces(toJsonReport(findings, notices, summary));
  else if (args.format === 'sarif') output = jsonPieces(toSarif(findings, rules, VERSION, { notices, summary }));
  else if (args.format === 'policyreport' || args.format === 'openreports') {
    const { formatPolicyReports } = await import('./report-output.js');
    output = formatPolicyReports(args.format, findings, result.report, `scan of ${basename(root)}/`);
  }
  else if (args.format === 'html' || args.format === 'markdown') {
    const notes = [
      ...summary.unrendered.map(unrenderedLine),
      ...summary.skippedFiles.map((f) => `${f.file}: ${f.reason}`),
      ...notices.filter((n) => n.severity !== 'info').map((n) => `${n.file}${n.range ? `:${n.range.start.line + 1}` : ''}: ${n.message}`),
    ];
    const { formatExposurePage } = await import('./report-page.js');
    output = formatExposurePage(args.format, result.report, `Secret exposure — ${basename(root)}/`, notes);
  }
  else output = toText(findings, notices, { color, summary });
  const failing = args.failOn !== 'never' && findings.some((f) => severityRank(f.severity) <= severityRank(args.failOn as Severity));
  // One line per chart or overlay that was not analysed, whatever the format: a CI log shows it.
  const errors = summary.unrendered.map(unrenderedLine);
  const unrendered = errors.length > 0 && !args.allowUnrendered;
  return { output, exitCode: failing ? 1 : unrendered ? 3 : 0, errors };
}

function parseVulnThreshold(v: string): VulnThreshold {
  const m = /^(critical|high|medium|low)(?::(\d+))?$/.exec(v);
  if (!m) throw argumentError(`--vuln-threshold must be SEVERITY[:COUNT] (critical, high, medium or low), not "${v}"`);
  return { severity: m[1] as VulnThreshold['severity'], count: m[2] === undefined ? 1 : Number(m[2]) };
}

/**
 * Reads the reports named by --vulns and by the config's `vulnerabilities.reports` (relative to the config
 * file) and gives them to the workspace, with the --vuln-threshold flag (over the config's threshold, over
 * the default): the analysis puts the counts on findings and rows and raises severities. The notices — one
 * per unreadable report and per report no workspace image uses, and a summary — come from the analysis.
 */
function withVulnerabilities(args: ScanArgs, root: string, ws: Workspace, configDir: string | undefined): { notices: (result: ReturnType<Workspace['analyze']>) => InputNotice[] } | undefined {
  const result = ws.analyze();
  const fromConfig = result.config.vulnerabilities;
  const configBase = configDir ?? resolve(root, result.config.file ? join(result.config.file, '..') : '.');
  const patterns = [
    ...args.vulns.map((pattern) => ({ pattern, base: process.cwd(), from: '--vulns' })),
    ...(fromConfig?.reports ?? []).map((pattern) => ({ pattern, base: configBase, from: args.config ?? result.config.file ?? 'config' })),
  ];
  if (patterns.length === 0) return undefined;
  const read = readVulnReports(patterns, (abs) => relative(process.cwd(), abs).split(sep).join('/') || abs);
  ws.setVulnerabilityReports(read.reports, args.vulnThreshold);
  return { notices: (analysed) => vulnerabilityNotices(read, analysed) };
}

export function main(argv: string[]): number | Promise<number> {
  try {
    if (argv[0] === 'cluster' && !argv.includes('--help') && !argv.includes('-h') && !argv.includes('--version')) {
      const color = Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
      return import('./cluster.js').then(({ clusterMain }) => clusterMain(argv.slice(1), color)).catch(usageFailure);
    }
    if (argv[0] === 'policy' && !argv.includes('--help') && !argv.includes('-h') && !argv.includes('--version')) {
      return import('./policy.js').then(({ policyMain }) => policyMain(argv.slice(1))).catch(usageFailure);
    }
    const parsed = parseArgs(argv);
    if (parsed.command === 'help') {
      return usage().then((text) => {
        process.stdout.write(text + '\n');
        return 0;
      });
    }
    if (parsed.command === 'version') {
      process.stdout.write(VERSION + '\n');
      return 0;
    }
    const color = Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
    // Rendering, the registry (the flag, or `registry:` in the config file) and the parse pool are asynchronous.
    return scanWithRegistry(parsed.args, color).then(async ({ output, exitCode, errors }) => {
      await writeOutput(output);
      for (const e of errors) process.stderr.write(`secret-surface: ${e}\n`);
      return exitCode;
    }, usageFailure);
  } catch (err) {
    return usageFailure(err);
  }
}

/**
 * Writes the output in blocks of about 64 KiB, each after the last has gone: stdout to a pipe is
 * asynchronous, and a reader slower than the scan (`scan --format json | jq`) would otherwise leave the
 * whole report queued in memory (185 MB more peak RSS for the 10k corpus's 43 MB of JSON).
 */
async function writeOutput(output: string | Iterable<string>): Promise<void> {
  const write = async (text: string) => {
    if (!process.stdout.write(text)) await once(process.stdout, 'drain');
  };
  if (typeof output === 'string') return write(output);
  let block = '';
  for (const piece of output) {
    block += piece;
    if (block.length >= 1 << 16) {
      await write(block);
      block = '';
    }
  }
  if (block) await write(block);
}

/** Exit 2 with the message (and the usage line when the mistake is in the arguments). */
function usageFailure(err: unknown): number {
  const msg = err instanceof UsageError ? err.message : `unexpected error: ${err instanceof Error ? err.message : String(err)}`;
  process.stderr.write(`secret-surface: ${msg}\n`);
  if (err instanceof UsageError && err.showUsage) process.stderr.write(SCAN_USAGE.split('\n')[0] + '\n');
  return 2;
}

// `cluster` is asynchronous; clusterMain never rejects, so the exit code is always set.
// `secret-surface scan | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
void Promise.resolve(main(process.argv.slice(2))).then((code) => {
  process.exitCode = code;
});
