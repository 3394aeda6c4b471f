// Turns what rules return into reported findings: the severity of each rule (editor settings over the
// project config over the rule's default, or off), excluded files, suppression comments and
// annotations, and a rule that throws — caught per partition and reported as one notice per rule for
// as long as some current partition still makes it throw.
import { milderSeverity, severityRank, type Finding, type InputNotice, type Severity, type WorkspaceSettings } from '../model.js';
import type { Exposure } from '../exposure.js';
import { compileGlobs, type ProjectConfig } from '../config/index.js';
import { DEFAULT_ROTATION_MAX_SECONDS, parseMaxInterval } from '../config/rotation-config.js';
import { isSuppressed } from '../kubernetes/index.js';
import { interned } from '../text/intern.js';
import type { RuleContext, RuleDef } from '../rules/index.js';

/** Everything that turns a rule's raw findings into reported ones. */
export interface Policy {
  severities: Readonly<Record<string, Severity | 'off'>>;
  excluded: (path: string) => boolean;
  /** The longest rotation allowed (editor setting over `rotation.maxInterval` over 24h), in seconds. */
  rotationMaxSeconds: number;
  /** Severities, exclude globs and the rotation maximum as one string: a partition that read another policy is recomputed. */
  key: string;
}

export function policyFor(config: ProjectConfig, settings: WorkspaceSettings): Policy {
  const severities = { ...config.rules, ...(settings.rules ?? {}) };
  const globs = [...config.exclude, ...(settings.exclude ?? [])];
  const fromSetting = settings.rotationMaxInterval ? parseMaxInterval(settings.rotationMaxInterval) : undefined;
  const rotationMaxSeconds = fromSetting ?? config.rotation?.maxIntervalSeconds ?? DEFAULT_ROTATION_MAX_SECONDS;
  return { severities, excluded: compileGlobs(globs), rotationMaxSeconds, key: JSON.stringify([severities, globs, rotationMaxSeconds]) };
}

export type Suppressed = (f: Omit<Finding, 'severity'>, rule: string) => boolean;

/** Runs every rule over one partition. Findings come back sorted; failures name each rule that threw. */
export function runRules(
  rules: readonly RuleDef[],
  ctx: RuleContext,
  policy: Policy,
  suppressed: Suppressed,
): { findings: Finding[]; failures: ReadonlyMap<string, string> } {
  return combineRuns(rules, [runEachRule(rules, ctx, policy, suppressed)]);
}

/**
 * What each rule gave over some exposures, by the rule's index: its reported findings, or the message
 * it threw. Runs over parts of a partition combine (combineRuns) into what one run over the whole gives,
 * for rules whose findings on one workload depend on that workload's exposures alone.
 */
export interface RuleRun {
  findings: (readonly Finding[] | undefined)[];
  failures: (string | undefined)[];
}

export function runEachRule(rules: readonly RuleDef[], ctx: RuleContext, policy: Policy, suppressed: Suppressed): RuleRun {
  const run: RuleRun = { findings: [], failures: [] };
  rules.forEach((rule, i) => {
    const severity = policy.severities[rule.id] ?? rule.defaultSeverity;
    if (severity === 'off') return;
    let raw: Omit<Finding, 'severity'>[];
    try {
      raw = rule.check(ctx);
    } catch (err) {
      // The other rules still run; the failure is reported once per rule by ruleFailureNotices.
      run.failures[i] = err instanceof Error ? err.message : String(err);
      return;
    }
    const out: Finding[] = [];
    for (const f of raw) {
      if (policy.excluded(f.location.file) || suppressed(f, rule.id)) continue;
      out.push(compact({ ...f, severity: f.certainty === 'unverified' ? milderSeverity(severity) : severity }));
    }
    if (out.length > 0) run.findings[i] = out;
  });
  return run;
}

/**
 * Runs over the parts of one partition, in the parts' order, as one run over the whole: findings rule by
 * rule, then sorted (the sort is stable, so ties keep that order); a rule that threw on any part reports
 * nothing and fails with its first message.
 */
export function combineRuns(rules: readonly RuleDef[], runs: readonly RuleRun[]): { findings: Finding[]; failures: ReadonlyMap<string, string> } {
  const findings: Finding[] = [];
  let failures: Map<string, string> | undefined;
  rules.forEach((rule, i) => {
    const failed = runs.find((r) => r.failures[i] !== undefined);
    if (failed) {
      (failures ??= new Map()).set(rule.id, failed.failures[i]!);
      return;
    }
    for (const r of runs) {
      const some = r.findings[i];
      if (some) for (const f of some) findings.push(f);
    }
  });
  return { findings: findings.sort(compareFindings), failures: failures ?? NO_FAILURES };
}

/**
 * A finding's strings as one flat copy each, shared between equal strings. Rules build messages by
 * concatenation, and V8 keeps a concatenation as a tree of its parts (about 32 bytes a node, a
 * message of a dozen parts): on 10,000 files the findings' messages took 20 MB as trees, and the
 * related locations' messages repeat (5,000 distinct among 60,000). A string used as a property
 * key is flattened and interned by V8 — one copy per distinct text, dropped when unused — which is
 * all this does; the text is the same either way.
 */
function compact(f: Finding): Finding {
  f.message = interned(f.message);
  if (f.decidedBy !== undefined) f.decidedBy = interned(f.decidedBy);
  if (f.related.length > 0) f.related = f.related.map((r) => ({ ...r, message: interned(r.message) }));
  return f;
}

/** What a partition on which no rule threw holds as its failures (shared: most partitions have none). */
export const NO_FAILURES: ReadonlyMap<string, string> = new Map();

/** One notice per rule that failed on some partition of this analysis, in catalog order. */
export function ruleFailureNotices(rules: readonly RuleDef[], failures: Iterable<ReadonlyMap<string, string>>): InputNotice[] {
  const first = new Map<string, string>();
  for (const map of failures) {
    if (map.size === 0) continue;
    for (const [id, message] of map) if (!first.has(id)) first.set(id, message);
  }
  if (first.size === 0) return [];
  return rules.filter((r) => first.has(r.id)).map((r) => ({ file: '', severity: 'error' as const, message: `Rule ${r.id} failed: ${first.get(r.id)!}` }));
}

/** A YAML-side finding is silenced by its workload's annotation or comment, or its container's comment. */
export function suppressedInManifest(own: readonly Exposure[]): Suppressed {
  // Indexed on first use: a manifest of thousands of containers has thousands of findings to look up.
  let byRef: Map<unknown, Exposure[]> | undefined;
  return (f, rule) => {
    if (!byRef) {
      byRef = new Map();
      for (const x of own) {
        const list = byRef.get(x.workload.ref);
        if (list) list.push(x);
        else byRef.set(x.workload.ref, [x]);
      }
    }
    const e = f.workload && byRef.get(f.workload)?.find((x) => x.container.name === f.container);
    return !!e && (isSuppressed(e.workload.suppressed, rule) || isSuppressed(e.container.suppressed, rule));
  };
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** File, position, severity (worst first), rule id, message: an order that does not depend on the order files were added. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.location.file, b.location.file) ||
    a.location.range.start.line - b.location.range.start.line ||
    a.location.range.start.character - b.location.range.start.character ||
    severityRank(a.severity) - severityRank(b.severity) ||
    a.rule.localeCompare(b.rule) ||
    compareText(a.message, b.message)
  );
}
