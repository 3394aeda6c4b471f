// Findings as an editor shows them: one problem per root cause per place. The shell, network-client
// and interpreter rules report the same cause — the image ships tools — at the same place (a
// container's `image:` value, or one FROM/RUN/COPY line), so their findings there become one problem
// that names every kind of tool, most severe first, with the severity of its most severe member.
// Each rule stays separately configurable: a rule that is off or suppressed is simply not a member,
// and every member keeps its own severity (listed in the related information). The CLI's JSON and
// SARIF keep one result per rule, for consumers that filter by rule id.
import type { Finding, RelatedInfo, Severity } from './model.js';
import { severityRank } from './model.js';
import { joinAnd, lowerFirst } from './rules/phrases.js';

/** The rules whose findings at one place merge (their ids, in the order their tools are named). */
export const MERGED_TOOL_RULES: readonly string[] = ['secret-in-shell-image', 'secret-in-network-client-image', 'secret-in-interpreter-image'];

export interface Problem {
  /** The most severe member's rule: the problem's code and docs link. */
  rule: string;
  severity: Severity;
  message: string;
  location: Finding['location'];
  related: RelatedInfo[];
  /** The findings it stands for, most severe first (one for every rule that does not merge). */
  members: Finding[];
}

function subjectOf(f: Finding): string | undefined {
  const s = f.data?.['subject'];
  return typeof s === 'string' && f.message.startsWith(s) ? s : undefined;
}

/** Same place, same container (or the same Dockerfile line), and the same sentence after the subject. */
function mergeKey(f: Finding): string | undefined {
  const subject = subjectOf(f);
  if (!subject || !MERGED_TOOL_RULES.includes(f.rule)) return undefined;
  const r = f.location.range;
  const w = f.workload ? `${f.workload.kind}/${f.workload.namespace}/${f.workload.name}/${f.container ?? ''}` : '';
  return `${f.location.file}\u0001${r.start.line}:${r.start.character}:${r.end.line}:${r.end.character}\u0001${w}\u0001${f.message.slice(subject.length)}`;
}

function byWeight(a: Finding, b: Finding): number {
  return severityRank(a.severity) - severityRank(b.severity) || MERGED_TOOL_RULES.indexOf(a.rule) - MERGED_TOOL_RULES.indexOf(b.rule);
}

function single(f: Finding): Problem {
  return { rule: f.rule, severity: f.severity, message: f.message, location: f.location, related: f.related, members: [f] };
}

function merged(members: Finding[]): Problem {
  members.sort(byWeight);
  const lead = members[0]!;
  const subjects = members.map((f, i) => (i === 0 ? subjectOf(f)! : lowerFirst(subjectOf(f)!)));
  const rest = lead.message.slice(subjectOf(lead)!.length);
  const related: RelatedInfo[] = [];
  const seen = new Set<string>();
  for (const f of members) {
    for (const r of f.related) {
      const key = `${r.location.file}:${r.location.range.start.line}:${r.location.range.start.character}\u0001${r.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      related.push(r);
    }
  }
  // Which rule says what, at its own severity: the one place a merged member's id and severity show.
  for (const f of members) related.push({ location: f.location, message: `${f.rule} (${f.severity}): ${subjectOf(f)!}` });
  return { rule: lead.rule, severity: lead.severity, message: `${joinAnd(subjects)}${rest}`, location: lead.location, related, members };
}

/**
 * The problems of some findings, by file and position, the most severe first at one position (the
 * language server publishes them most severe last on a line: lsp/document-diagnostics.ts forSigns).
 */
export function problemsOf(findings: readonly Finding[]): Problem[] {
  const groups = new Map<string, Finding[]>();
  const out: (Problem | Finding[])[] = [];
  for (const f of findings) {
    const key = mergeKey(f);
    if (key === undefined) {
      out.push(single(f));
      continue;
    }
    const g = groups.get(key);
    if (g) g.push(f);
    else {
      const list = [f];
      groups.set(key, list);
      out.push(list);
    }
  }
  const problems = out.map((p) => (Array.isArray(p) ? (p.length === 1 ? single(p[0]!) : merged(p)) : p));
  return problems.sort(
    (a, b) =>
      (a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : 0) ||
      a.location.range.start.line - b.location.range.start.line ||
      a.location.range.start.character - b.location.range.start.character ||
      severityRank(a.severity) - severityRank(b.severity),
  );
}
