// SARIF 2.1.0 output as GitHub code scanning reads it: one run, the rule catalog as the driver's rules
// (with help text), results with 1-based regions and related locations.
import type { Finding, InputNotice, Location, Severity } from '../model.js';
import { unrenderedLine, type AnalysisSummary } from '../render/summary.js';
import type { RuleDef } from '../rules/rule.js';
import { ruleDocUrl } from '../rules/rule.js';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '3.0', hint: '1.0' };

/** What the run could not analyse, as SARIF tool execution notifications (charts not rendered, input problems). */
export interface SarifExtras {
  notices?: readonly InputNotice[];
  summary?: AnalysisSummary;
}

export function toSarif(findings: readonly Finding[], rules: readonly RuleDef[], version: string, extras: SarifExtras = {}): object {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const notifications: object[] = [];
  for (const u of extras.summary?.unrendered ?? []) {
    notifications.push({ level: 'error', message: { text: unrenderedLine(u) }, locations: [physical({ file: u.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } })], descriptor: { id: 'not-rendered' } });
  }
  for (const n of extras.notices ?? []) {
    const note: Record<string, unknown> = { level: n.severity === 'info' ? 'note' : n.severity, message: { text: n.message } };
    if (n.file) note['locations'] = [physical({ file: n.file, range: n.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } })];
    notifications.push(note);
  }
  const s = extras.summary;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Secret Surface',
            informationUri: 'https://github.com/secret-surface/secret-surface',
            semanticVersion: version,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
              shortDescription: { text: r.docs.summary },
              fullDescription: { text: r.docs.what },
              helpUri: ruleDocUrl(r.id),
              help: {
                text: `${r.docs.why}\n\nUse instead: ${r.docs.instead}`,
                markdown: `## What it does\n${r.docs.what}\n\n## Why it matters\n${r.docs.why}\n\n## Example\n${r.docs.example}\n\n## Use instead\n${r.docs.instead}`,
              },
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
              properties: { tags: ['security', 'kubernetes', 'containers'], 'security-severity': SECURITY_SEVERITY[r.defaultSeverity] },
            })),
          },
        },
        ...(extras.notices || extras.summary
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  toolExecutionNotifications: notifications,
                  ...(s ? { properties: { workloads: s.workloads, containers: s.containers, charts: s.charts, overlays: s.overlays, skippedFiles: s.skippedFiles.length } } : {}),
                },
              ],
            }
          : {}),
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => {
          const result: Record<string, unknown> = {
            ruleId: f.rule,
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [physical(f.location)],
            relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...physical(r.location), message: { text: r.message } })),
            partialFingerprints: { secretSurface: fingerprint(f) },
          };
          // A "may have" finding: its level is already one step milder; say why for readers of the SARIF.
          if (f.certainty) result['properties'] = { certainty: f.certainty };
          if (f.vulnerabilities) result['properties'] = { ...(result['properties'] as object | undefined), vulnerabilities: f.vulnerabilities };
          if (f.decidedBy) result['properties'] = { ...(result['properties'] as object | undefined), decidedBy: f.decidedBy };
          const ri = index.get(f.rule);
          if (ri !== undefined) result['ruleIndex'] = ri;
          return result;
        }),
      },
    ],
  };
}

function physical(loc: Location): { physicalLocation: object } {
  const r = loc.range;
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(loc.file), uriBaseId: '%SRCROOT%' },
      region: {
        startLine: r.start.line + 1,
        startColumn: r.start.character + 1,
        endLine: r.end.line + 1,
        endColumn: r.end.character + 1,
      },
    },
  };
}

/** Stable across unrelated edits: the rule, the file, the workload and container, not the line. */
function fingerprint(f: Finding): string {
  const w = f.workload ? `${f.workload.kind}/${f.workload.namespace}/${f.workload.name}/${f.container ?? ''}` : `${f.location.range.start.line}`;
  return `${f.rule}|${f.location.file}|${w}`;
}
