// `secret-surface cluster`: the cluster check from the command line. Same finding formats and exit codes as
// `scan` (0 clean, 1 findings at or above --fail-on, 2 usage error or a cluster that cannot be read, with one
// line on stderr). Running it is the user's consent: the CLI has no workspace trust to ask.
import { resolve } from 'node:path';
import { checkCluster, ClusterCheckError } from '../cluster/check.js';
import type { ClusterCheckResult } from '../protocol.js';
import { DirectoryDigestCache, defaultDigestCacheDir } from '../cluster/registry/index.js';
import { listContexts } from '../cluster/kube.js';
import { kubeconfigHint } from '../cluster/kube-config.js';
import { severityRank } from '../core/model.js';
import { rules } from '../core/rules/index.js';
import { toText } from '../core/output/text.js';
import { toJsonReport } from '../core/output/json.js';
import { toSarif } from '../core/output/sarif.js';
import type { Severity } from '../core/model.js';
import { walkFolderSync } from '../files/walk.js';
import { formatPolicyReports } from './report-output.js';
import { readReportFlag, runClusterReports, CLUSTER_REPORT_USAGE, type ReportArgs } from './cluster-reports.js';
import { VERSION } from './version.js';
import { redact, safeUrl } from '../redact.js';
import { eachArg, parseFailOn, parseFormat, UsageError, type FailOn, type OutputFormat } from './args.js';

export const CLUSTER_USAGE = `       secret-surface cluster [--context NAME] [--namespace NS]... [--workspace DIR] [--format text|json|sarif|policyreport|openreports]
                              [--fail-on error|warning|info|never] [--kubeconfig FILE] [--insecure-registry HOST]...
                              [--cache-dir DIR] [--no-registry]
${CLUSTER_REPORT_USAGE}`;


export interface ClusterArgs {
  context?: string;
  namespaces: string[];
  workspace?: string;
  format: OutputFormat;
  failOn: FailOn;
  kubeconfig?: string;
  insecureRegistries: string[];
  cacheDir?: string;
  registry: boolean;
  /** `--in-cluster`, `--write-reports`, `--interval`: see cluster-reports.ts. */
  reports?: ReportArgs;
}

export function parseClusterArgs(rest: string[]): ClusterArgs {
  const args: ClusterArgs = { namespaces: [], format: 'text', failOn: 'error', insecureRegistries: [], registry: true };
  eachArg(rest, (flag, value, arg) => {
    switch (flag) {
      case '--context':
        args.context = value();
        break;
      case '--namespace':
      case '-n':
        args.namespaces.push(...value().split(',').filter(Boolean));
        break;
      case '--workspace':
        args.workspace = value();
        break;
      case '--format':
        args.format = parseFormat(value());
        break;
      case '--fail-on':
        args.failOn = parseFailOn(value());
        break;
      case '--kubeconfig':
        args.kubeconfig = value();
        break;
      case '--insecure-registry':
        args.insecureRegistries.push(value());
        break;
      case '--cache-dir':
        args.cacheDir = value();
        break;
      case '--no-registry':
        args.registry = false;
        break;
      default:
        if (readReportFlag(args, flag, value)) break;
        throw new UsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument "${arg}" (the cluster command takes no directory; use --workspace DIR)`);
    }
  });
  return args;
}


export async function runCluster(args: ClusterArgs, color: boolean, signal?: AbortSignal): Promise<{ output: string; exitCode: number }> {
  const result = await checkFromArgs(args, signal);
  return { output: formatCluster(result, args.format, color), exitCode: failing(result, args.failOn) ? 1 : 0 };
}

/** The cluster check the arguments ask for (also run by `--write-reports`). */
export async function checkFromArgs(args: ClusterArgs, signal?: AbortSignal): Promise<ClusterCheckResult> {
  let context = args.context;
  if (!context) {
    const contexts = listContexts(args.kubeconfig);
    const current = contexts.find((c) => c.current);
    if (!current) throw new ClusterCheckError({ kind: 'no-context', message: 'The kubeconfig has no current context: name one with --context.' });
    context = current.name;
  }
  const workspaceFiles = args.workspace ? walkFolderSync(resolve(args.workspace)).files : [];
  return checkCluster({
    context,
    trusted: true,
    ...(args.namespaces.length ? { namespaces: args.namespaces } : {}),
    ...(args.kubeconfig ? { kubeconfig: args.kubeconfig } : {}),
    ...(signal ? { signal } : {}),
    workspaceFiles,
    registry: {
      enabled: args.registry,
      insecureHosts: args.insecureRegistries,
      cache: new DirectoryDigestCache(args.cacheDir ?? defaultDigestCacheDir()),
    },
  });
}

function failing(result: ClusterCheckResult, failOn: ClusterArgs['failOn']): boolean {
  return failOn !== 'never' && result.findings.some((f) => severityRank(f.severity) <= severityRank(failOn));
}

export function formatCluster(result: ClusterCheckResult, format: ClusterArgs['format'], color: boolean): string {
  if (format === 'json') return JSON.stringify(toJsonReport(result.findings, result.notices), null, 2) + '\n';
  if (format === 'sarif') return JSON.stringify(toSarif(result.findings, rules, VERSION), null, 2) + '\n';
  if (format === 'policyreport' || format === 'openreports') return formatPolicyReports(format, result.findings, result.containers, `cluster check of context ${result.context}`);
  const head = [
    `Cluster ${result.context} (${safeUrl(result.server)}): ${result.stats.pods} pods, ${result.stats.workloads} workloads, ${result.stats.images} images in ${result.namespaces.ok.length} namespaces`,
  ];
  if (result.namespaces.forbidden.length) head.push(`Forbidden namespaces (not checked): ${result.namespaces.forbidden.map((n) => n.name).join(', ')}`);
  if (result.namespaces.failed.length) head.push(`Namespaces that failed: ${result.namespaces.failed.map((n) => `${n.name} (${n.message ?? 'error'})`).join(', ')}`);
  const counts = { dockerfile: 0, registry: 0, catalog: 0, unknown: 0 };
  for (const i of result.images) counts[i.source]++;
  head.push(`Images decided by: ${counts.dockerfile} workspace Dockerfile, ${counts.registry} registry, ${counts.catalog} catalog, ${counts.unknown} unknown`);
  return head.join('\n') + '\n\n' + toText(result.findings, result.notices, { color });
}

/** Entry point for `secret-surface cluster …`; never rejects. */
export async function clusterMain(rest: string[], color: boolean): Promise<number> {
  try {
    const args = parseClusterArgs(rest);
    const ctrl = new AbortController();
    const onSigint = () => ctrl.abort();
    process.once('SIGINT', onSigint);
    try {
      if (args.reports) return await runClusterReports(args, ctrl.signal, checkFromArgs);
      const { output, exitCode } = await runCluster(args, color, ctrl.signal);
      process.stdout.write(output);
      return exitCode;
    } finally {
      process.off('SIGINT', onSigint);
    }
  } catch (err) {
    const msg =
      err instanceof ClusterCheckError
        ? kubeconfigHint(err, 'Pass --kubeconfig FILE')
        : err instanceof UsageError
        ? err.message
        : `unexpected error: ${err instanceof Error ? err.message.split('\n', 1)[0] : String(err)}`;
    process.stderr.write(`secret-surface: ${redact(msg)}\n`);
    if (err instanceof UsageError) process.stderr.write(`Usage: ${CLUSTER_USAGE.split('\n')[0]!.trimStart()} …\n`);
    return 2;
  }
}
