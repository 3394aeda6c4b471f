// `secret-surface cluster --write-reports [--in-cluster] [--interval SECONDS]`: runs the cluster check and
// server-side applies its findings as PolicyReports (or openreports.io Reports) into the cluster, once or
// every interval. `--in-cluster` uses the pod's own service-account token, re-read on every round.
import { ClusterCheckError } from '../cluster/check.js';
import type { ClusterCheckResult } from '../protocol.js';
import { inClusterKubeconfig, writeReports, IN_CLUSTER_CONTEXT, SERVICE_ACCOUNT_DIR } from '../cluster/report-writer.js';
import { toPolicyReports, type ReportApi } from '../core/output/policy-report.js';
import type { ClusterArgs } from './cluster.js';
import { UsageError } from './args.js';
import { VERSION } from './version.js';

export const CLUSTER_REPORT_USAGE = `                              [--write-reports [--report-api wgpolicyk8s|openreports] [--in-cluster [--service-account-dir DIR]] [--interval SECONDS]]`;

export interface ReportArgs {
  write: boolean;
  inCluster: boolean;
  serviceAccountDir: string;
  api: ReportApi;
  /** Seconds between rounds; one round when absent. */
  interval?: number;
}

/** Reads one of the report flags into `args.reports`; false when the flag is not one of them. */
export function readReportFlag(args: ClusterArgs, flag: string, value: () => string): boolean {
  const r = (args.reports ??= { write: false, inCluster: false, serviceAccountDir: SERVICE_ACCOUNT_DIR, api: 'wgpolicyk8s' });
  switch (flag) {
    case '--write-reports':
      r.write = true;
      return true;
    case '--in-cluster':
      r.inCluster = true;
      return true;
    case '--service-account-dir':
      r.serviceAccountDir = value();
      return true;
    case '--report-api': {
      const v = value();
      if (v !== 'wgpolicyk8s' && v !== 'openreports') throw new UsageError(`--report-api must be wgpolicyk8s or openreports, not "${v}"`);
      r.api = v;
      return true;
    }
    case '--interval': {
      const v = Number(value());
      if (!Number.isFinite(v) || v < 10) throw new UsageError('--interval must be a number of seconds, at least 10');
      r.interval = v;
      return true;
    }
    default:
      if (!r.write && !r.inCluster && r.interval === undefined) delete args.reports;
      return false;
  }
}

type Check = (args: ClusterArgs, signal?: AbortSignal) => Promise<ClusterCheckResult>;

export async function runClusterReports(args: ClusterArgs, signal: AbortSignal, check: Check): Promise<number> {
  const r = args.reports!;
  if (!r.write) throw new UsageError('--in-cluster and --interval go with --write-reports');
  for (;;) {
    const code = await round(args, r, check, signal);
    if (r.interval === undefined) return code;
    const stop = await sleep(r.interval * 1000, signal);
    if (stop) return code;
  }
}

async function round(args: ClusterArgs, r: ReportArgs, check: Check, signal: AbortSignal): Promise<number> {
  const inCluster = r.inCluster ? inClusterKubeconfig(r.serviceAccountDir) : undefined;
  try {
    const a: ClusterArgs = inCluster ? { ...args, kubeconfig: inCluster.path, context: IN_CLUSTER_CONTEXT } : args;
    const result = await check(a, signal);
    const reports = toPolicyReports(result.findings, result.containers, { api: r.api, now: new Date(), source: `secret-surface ${VERSION} cluster check of context ${result.context}` });
    const written = await writeReports(a.kubeconfig, a.context ?? result.context, reports as never);
    const results = reports.reduce((n, x) => n + x.results.length, 0);
    process.stdout.write(
      `secret-surface: wrote ${written} report${written === 1 ? '' : 's'} (${results} results) for ${result.stats.pods} pods in ${result.namespaces.ok.length} namespaces` +
        (result.namespaces.forbidden.length ? `; forbidden: ${result.namespaces.forbidden.map((n) => n.name).join(', ')}` : '') +
        '\n',
    );
    return 0;
  } catch (err) {
    // With an interval a failed round is reported and the next one tried; without, it is the answer.
    if (r.interval === undefined || !(err instanceof ClusterCheckError)) throw err;
    process.stderr.write(`secret-surface: ${err.message}\n`);
    return 2;
  } finally {
    inCluster?.dispose();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(true);
    // SIGTERM is how Kubernetes stops the pod: end between rounds, not in the middle of a write.
    const stop = () => {
      clearTimeout(t);
      process.off('SIGTERM', stop);
      resolve(true);
    };
    const t = setTimeout(() => {
      process.off('SIGTERM', stop);
      resolve(false);
    }, ms);
    process.once('SIGTERM', stop);
    signal.addEventListener('abort', stop, { once: true });
  });
}
